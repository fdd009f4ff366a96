import fc from 'fast-check';
import { dataKeyed, FreeKeysAt, freeKeysOf, hostileFields, jsonNestsDeeperThan, MAX_JSON_DEPTH, wrapFreeKeys } from './hostile-input';

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings or after escapes', () => {
    expect(jsonNestsDeeperThan('{"a":{"b":[1,[2]]}}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":{"b":[1,[2]]}}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(JSON.stringify({ text: '[[[[[[{{{{{', quoted: '\\"[[[[' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(`${'['.repeat(5000)}${']'.repeat(5000)}`, MAX_JSON_DEPTH)).toBe(true);
  });

  it('agrees with the depth of any value JSON.stringify writes', () => {
    const depthOf = (value: unknown): number =>
      value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.nat(10), (value, limit) => {
        expect(jsonNestsDeeperThan(JSON.stringify(value), limit)).toBe(depthOf(value) > limit);
      }),
    );
  });
});

describe('hostileFields', () => {
  it('names every string and key holding a NUL, however deep', () => {
    const problems = hostileFields({ name: 'a\u0000b', settings: { hours: [{ start: '08:00' }, { start: '\u0000' }] }, ['bad\u0000key']: 1, ok: 'fine' });
    expect(problems.map((p) => p.field).sort()).toEqual(['bad\\u0000key', 'name', 'settings.hours[1].start']);
    expect(problems[0].messages[0]).toMatch(/NUL/);
  });

  it('names a query parameter or a path parameter by its name', () => {
    expect(hostileFields('SALE\u0000', 'code')).toEqual([{ field: 'code', messages: [expect.stringMatching(/^code must not contain a NUL/)] }]);
    expect(hostileFields({ phone: ['+1', '\u0000'] })).toEqual([{ field: 'phone[1]', messages: [expect.any(String)] }]);
  });

  it('names a string or a key holding half a surrogate pair, and lets whole pairs through', () => {
    expect(hostileFields({ email: '\ud800', ok: '𝒳 and 日本', ['k\udc00']: 1 }).map((p) => p.field).sort()).toEqual(['email', 'k\\udc00']);
    expect(hostileFields({ email: 'a\ud800' })[0].messages[0]).toMatch(/valid Unicode/);
  });

  it('names a key like an inherited member wherever it is (__proto__, constructor, toString…), which DTOs would drop silently', () => {
    const body = JSON.parse('{"a":{"__proto__":{"role":"admin"}},"constructor":1,"filters":[{"toString":"x","hasOwnProperty":2}]}') as unknown;
    const message = 'is not a field name anywhere in this api (it names a member every JavaScript object has)';
    const byField = (a: { field: string }, b: { field: string }) => a.field.localeCompare(b.field);
    expect(hostileFields(body).sort(byField)).toEqual([
      { field: 'a.__proto__', messages: [`a.__proto__ ${message}`] },
      { field: 'constructor', messages: [`constructor ${message}`] },
      { field: 'filters[0].hasOwnProperty', messages: [`filters[0].hasOwnProperty ${message}`] },
      { field: 'filters[0].toString', messages: [`filters[0].toString ${message}`] },
    ]);
    expect(hostileFields({ name: 'constructor', proto: { protoName: 1 } })).toEqual([]);
  });

  it('lets the keys of an object declared free be any text (a lead’s custom fields), still refusing a NUL in them', () => {
    const body = JSON.parse('{"sample":{"custom":{"toString":"a","constructor":"b","__proto__":"c","bad\\u0000":"d"},"toString":1}}') as unknown;
    expect(hostileFields(body, '', new Set(['sample.custom'])).map((p) => p.field)).toEqual(['sample.custom.bad\\u0000', 'sample.toString']);
    @FreeKeysAt('sample.custom')
    class Declared {}
    class Undeclared extends Declared {}
    expect([...freeKeysOf(Declared)]).toEqual(['sample.custom']);
    expect(freeKeysOf(Undeclared).size).toBe(0);
    const wrapped = JSON.parse('{"sample":{"custom":{"constructor":"c","plan":"p"}}}') as { sample: { custom: unknown } };
    wrapFreeKeys(wrapped, new Set(['sample.custom', 'absent.path']));
    expect(wrapped.sample.custom).toEqual(new Map([['constructor', 'c'], ['plan', 'p']]));
    expect(Object.entries(dataKeyed(wrapped.sample.custom) as object)).toEqual([['constructor', 'c'], ['plan', 'p']]);
    const copied = dataKeyed(JSON.parse('{"__proto__":"x","toString":"y"}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copied)).toBeNull();
    expect(Object.entries(copied)).toEqual([
      ['__proto__', 'x'],
      ['toString', 'y'],
    ]);
  });

  it('finds nothing in clean values, and survives any depth', () => {
    expect(hostileFields({ a: [1, null, true, 'x'], b: { c: 'd' } })).toEqual([]);
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hostileFields(deep)).toHaveLength(1);
  });
});
