import { callToMonitor, MONITOR_CONNECT_GRACE_MS, MonitorSession, sessionHolds } from './monitor-session';

const session = (change: Partial<MonitorSession> = {}): MonitorSession => ({
  agentId: 'a1',
  supervisorId: 's1',
  supervisorRole: 'manager',
  attemptId: 'att-1',
  callSid: 'CAcallee',
  mode: 'listen',
  legCallSid: 'CAleg',
  startedAtMs: 1_000,
  ...change,
});

describe('who may monitor a call', () => {
  it('refuses an agent who is not talking to a callee, saying so', () => {
    for (const presence of [null, { state: 'ready', attemptId: null }, { state: 'reserved', attemptId: 'att-1' }, { state: 'wrap_up', attemptId: 'att-1' }]) {
      expect(() => callToMonitor('a1', presence)).toThrow(expect.objectContaining({ code: 'AGENT_NOT_ON_CALL', kind: 'conflict' }));
    }
    expect(callToMonitor('a1', { state: 'on_call', attemptId: 'att-1' })).toBe('att-1');
  });

  it('keeps the call for the supervisor already on it, while their leg is in the room', () => {
    expect(sessionHolds(session(), 'att-1', 99_999, true)).toBe(true);
    expect(sessionHolds(session(), 'att-1', 99_999, null)).toBe(true);
  });

  it('lets a new supervisor in once the earlier session is stale: another call, a leg gone, a browser that never connected', () => {
    expect(sessionHolds(session(), 'att-2', 2_000, true)).toBe(false);
    expect(sessionHolds(session(), 'att-1', 2_000, false)).toBe(false);
    const pending = session({ legCallSid: null });
    expect(sessionHolds(pending, 'att-1', 1_000 + MONITOR_CONNECT_GRACE_MS - 1, null)).toBe(true);
    expect(sessionHolds(pending, 'att-1', 1_000 + MONITOR_CONNECT_GRACE_MS, null)).toBe(false);
  });
});
