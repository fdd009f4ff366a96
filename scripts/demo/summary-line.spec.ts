import { summaryLine } from './summary-line';

describe('the demo summary line', () => {
  it('reads as a wallboard: counts, the abandon rate over its window, occupancy, agents and the backlog', () => {
    const line = summaryLine(
      {
        status: 'active',
        window: { hours: 720, capRate: 0.03, dials: 412, liveAnswers: 96, connects: 94, abandons: 2, abandonRate: 2 / 96 },
        inFlight: 7,
        occupancy: 0.712,
        agents: { byState: { on_call: 6, wrap_up: 2, ready: 2 } },
        leads: { new: 1200, retry: 40, callback: 3, done: 300 },
        pacing: { dialLevel: 1.8349 },
      },
      new Date('2026-11-29T12:34:56Z'),
    );
    expect(line).toBe(
      '12:34:56 · dials 412 · answers 96 · connects 94 · abandons 2 (2.08 % over 720 h, cap 3 %) · occupancy 71 % · in flight 7 · dial level 1.83 · agents 6 on call, 2 wrap up, 2 ready · leads to dial 1243',
    );
  });

  it('says when the campaign is not dialing and no leader has decided yet', () => {
    const line = summaryLine(
      {
        status: 'paused',
        window: { hours: 24, capRate: 0.03, dials: 0, liveAnswers: 0, connects: 0, abandons: 0, abandonRate: 0 },
        inFlight: 0,
        occupancy: null,
        agents: { byState: {} },
        leads: {},
        pacing: null,
      },
      new Date('2026-11-29T00:00:00Z'),
    );
    expect(line).toContain('occupancy – · in flight 0 · dial level – · agents none · leads to dial 0 · [paused]');
  });
});
