import { attemptHintOf, stepOf, webhookContextFrom } from './webhook-context';

describe('webhookContextFrom', () => {
  it('keeps the first value of each query name and the idempotency token, whatever parsed them', () => {
    const query = { attempt: ['00000000-0000-4000-8000-00000000000A', 'other'], step: 'q1', nested: { no: 'x' }, list: [{ no: 'x' }] };
    const context = webhookContextFrom(query, 'idem-1');
    expect(context).toEqual({ query: { attempt: '00000000-0000-4000-8000-00000000000A', step: 'q1' }, idempotencyToken: 'idem-1' });
    expect(attemptHintOf(context)).toBe('00000000-0000-4000-8000-00000000000a');
    expect(stepOf(context, 'answer')).toBe('q1');
  });

  it('keeps a query named __proto__ or constructor as data, reaching no prototype', () => {
    const query = JSON.parse('{"__proto__": "polluted", "constructor": "c", "step": "q1"}') as Record<string, unknown>;
    const context = webhookContextFrom(query, null);
    expect(Object.getPrototypeOf(context.query)).toBeNull();
    expect(Object.keys(context.query).sort()).toEqual(['__proto__', 'constructor', 'step']);
    expect(context.query.constructor).toBe('c');
    expect(stepOf(context, 'answer')).toBe('q1');
  });

  it('reads no token from an absent or unusual header', () => {
    expect(webhookContextFrom({}, undefined)).toEqual({ query: {}, idempotencyToken: null });
    expect(webhookContextFrom(Object.create(null) as Record<string, unknown>, ['a', 'b']).idempotencyToken).toBeNull();
  });

  it('reads a step without NUL characters (PostgreSQL stores none), or the default when nothing else is left', () => {
    expect(stepOf(webhookContextFrom({ step: 'q\u00001' }, null), 'answer')).toBe('q1');
    expect(stepOf(webhookContextFrom({ step: '\u0000' }, null), 'answer')).toBe('answer');
  });
});
