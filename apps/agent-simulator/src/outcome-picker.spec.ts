import { pickOutcome } from './outcome-picker';
import type { ScreenPopSeen } from './simulated-desk';

const pop = (codes: string[], extra: Partial<ScreenPopSeen> = {}): ScreenPopSeen => ({
  attemptId: 'a1',
  receivedAtMs: 0,
  mode: 'progressive',
  campaign: { id: 'c1', name: 'c', kind: 'telemarketing' },
  lead: { id: 'l1', phone: '+12125550100', firstName: null, lastName: null, email: null, externalId: null, region: null, postalCode: null, custom: {} },
  script: '',
  localTime: { zone: 'America/New_York', time: '10:00', date: '2026-11-29' },
  history: [],
  survey: null,
  dispositions: codes.map((code) => ({ code, label: code, isFinal: code !== 'CALLBACK', isDnc: code === 'DNC', isCallback: code === 'CALLBACK' })),
  ...extra,
});

const TELEMARKETING = ['SALE', 'APPOINTMENT', 'INTERESTED', 'NOT_INTERESTED', 'CALLBACK', 'DNC', 'WRONG_NUMBER'];

describe('pickOutcome', () => {
  it('draws telemarketing outcomes in the floor mix, mostly refusals', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const counts: Record<string, number> = {};
    for (let i = 0; i < 5000; i++) {
      const { code } = pickOutcome(pop(TELEMARKETING), random);
      counts[code] = (counts[code] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual([...TELEMARKETING].sort());
    expect(counts.NOT_INTERESTED / 5000).toBeCloseTo(0.45, 1);
    expect(counts.DNC / 5000).toBeLessThan(0.1);
  });

  it('gives each outcome the details the api requires', () => {
    expect(pickOutcome(pop(['NOT_INTERESTED', 'SALE']), () => 0.99)).toMatchObject({ code: 'SALE', data: { currency: 'USD', amount: expect.any(Number) } });
    const appointment = pickOutcome(pop(['NOT_INTERESTED', 'APPOINTMENT']), () => 0.99);
    expect(appointment.data?.appointmentAt).toMatch(/T14:00:00\.000-0[45]:00$/);
    expect(pickOutcome(pop(['NOT_INTERESTED', 'CALLBACK']), () => 0.99).callbackAt).toMatch(/^\d{4}-\d{2}-\d{2}T10:00$/);
    expect(pickOutcome(pop(['PROMISE_TO_PAY']), () => 0.1)).toMatchObject({ data: { currency: 'USD', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
  });

  it('answers every survey question with an allowed answer', () => {
    const survey = [
      { id: 'q1', prompt: 'Satisfied?', answers: ['1', '2', '3'] },
      { id: 'q2', prompt: 'Recommend?', answers: ['yes', 'no'] },
    ];
    const choice = pickOutcome(pop(['COMPLETED', 'PARTIAL', 'REFUSED'], { survey }), () => 0.99);
    expect(choice).toEqual({ code: 'COMPLETED', data: { answers: { q1: '3', q2: 'no' } } });
  });

  it('falls back to the first ordinary final outcome for codes it does not know', () => {
    expect(pickOutcome(pop(['CALLBACK', 'DNC', 'RENEWED', 'WRONG_PARTY']))).toEqual({ code: 'RENEWED' });
  });
});
