import { NO_FILTERS, queryOf } from './audit-query';

describe('queryOf (the audit filters sent to the api)', () => {
  it('sends only what was filled in, trimmed, the range as instants', () => {
    expect(queryOf(NO_FILTERS)).toEqual({ actorId: undefined, action: undefined, entityType: undefined, entityId: undefined, from: undefined, to: undefined });
    expect(queryOf({ ...NO_FILTERS, action: ' dnc. ', from: '2026-12-01T09:00' })).toMatchObject({ action: 'dnc.', from: new Date(2026, 11, 1, 9).toISOString(), to: undefined });
  });

  it('sends an unreadable date-time as typed, so the api names the field', () => {
    expect(queryOf({ ...NO_FILTERS, to: 'yesterday' }).to).toBe('yesterday');
  });
});
