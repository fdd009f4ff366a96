import { PacingSettings, PacingSnapshot } from '@dialer/pacing';
import { VicidialAdaptivePacer } from './vicidial-adaptive.pacer';

const settings: PacingSettings = { mode: 'predictive', maxAbandonRate: 0.03, maxLinesPerAgent: 5, ringTimeoutSec: 25, connectGraceSec: 2 };

const snapshot = (nowMs: number, ready: number, onCall: number, ringing = 0): PacingSnapshot => ({
  nowMs,
  agents: [
    ...Array.from({ length: ready }, (_, i) => ({ id: `r${i}`, state: 'ready' as const, sinceMs: 0 })),
    ...Array.from({ length: onCall }, (_, i) => ({ id: `c${i}`, state: 'on_call' as const, sinceMs: 0 })),
  ],
  calls: Array.from({ length: ringing }, (_, i) => ({ id: `x${i}`, state: 'ringing' as const, sinceMs: 0 })),
});

describe('VicidialAdaptivePacer', () => {
  it('starts at level 1: one line per agent, talking lines included', () => {
    const pacer = new VicidialAdaptivePacer(settings);
    expect(pacer.decide(snapshot(0, 4, 6)).callsToPlace).toBe(4);
    expect(pacer.decide(snapshot(0, 4, 6, 3)).callsToPlace).toBe(1);
  });

  it('raises the level by (avg ready − avg waiting) ÷ agents every 15 s, up to 3', () => {
    const pacer = new VicidialAdaptivePacer(settings);
    for (let s = 0; s <= 15; s++) pacer.decide(snapshot(s * 1000, 5, 5));
    expect(pacer.decide(snapshot(15_000, 5, 5)).dialLevel).toBeCloseTo(1.5, 10);
    for (let s = 16; s <= 200; s++) pacer.decide(snapshot(s * 1000, 10, 0));
    expect(pacer.decide(snapshot(200_000, 10, 0)).dialLevel).toBe(3);
  });

  it("halves the level when the day's abandon rate passes the cap", () => {
    const pacer = new VicidialAdaptivePacer(settings);
    for (let s = 0; s <= 60; s++) pacer.decide(snapshot(s * 1000, 10, 0));
    expect(pacer.decide(snapshot(60_000, 10, 0)).dialLevel).toBe(3);
    for (let i = 0; i < 10; i++) pacer.observe({ type: 'answered', callId: `a${i}`, atMs: 61_000, by: 'human' });
    pacer.observe({ type: 'abandoned', callId: 'a0', atMs: 61_000 });
    for (let s = 61; s <= 75; s++) pacer.decide(snapshot(s * 1000, 10, 0));
    expect(pacer.decide(snapshot(75_000, 10, 0)).dialLevel).toBe(1.5);
  });
});
