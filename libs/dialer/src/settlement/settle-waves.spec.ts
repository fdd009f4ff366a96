import { settleWaves } from './settle-waves';

describe('settleWaves', () => {
  const lead = (item: string) => item.split(':')[0]!;

  it('keeps a batch of distinct leads in one wave, in order', () => {
    expect(settleWaves(['a:1', 'b:1', 'c:1'], lead)).toEqual([['a:1', 'b:1', 'c:1']]);
  });

  it('puts a lead’s later attempts in later waves, each lead’s attempts in the order given', () => {
    expect(settleWaves(['a:1', 'b:1', 'a:2', 'c:1', 'a:3', 'b:2'], lead)).toEqual([
      ['a:1', 'b:1', 'c:1'],
      ['a:2', 'b:2'],
      ['a:3'],
    ]);
  });

  it('has no wave for an empty batch', () => {
    expect(settleWaves([], lead)).toEqual([]);
  });
});
