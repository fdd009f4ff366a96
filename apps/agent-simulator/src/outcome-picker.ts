import { DateTime } from 'luxon';
import type { DispositionChoice, ScreenPopSeen } from './simulated-desk';

type Mix = [code: string, weight: number][];

/** How often a simulated agent records each outcome, roughly a real floor's mix, per campaign kind. */
const MIXES: { kindCode: string; mix: Mix }[] = [
  {
    kindCode: 'NOT_INTERESTED', // telemarketing
    mix: [['NOT_INTERESTED', 45], ['INTERESTED', 14], ['CALLBACK', 10], ['WRONG_NUMBER', 9], ['SALE', 8], ['APPOINTMENT', 8], ['DNC', 6]],
  },
  {
    kindCode: 'PROMISE_TO_PAY', // collections
    mix: [['PROMISE_TO_PAY', 30], ['REFUSED', 22], ['DISPUTE', 10], ['PAID', 10], ['WRONG_PARTY', 10], ['CALLBACK', 12], ['DNC', 6]],
  },
];

const pick = <T>(items: [T, number][], random: () => number): T => {
  let ticket = random() * items.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of items) {
    ticket -= weight;
    if (ticket < 0) return item;
  }
  return items[items.length - 1][0];
};

/** A local date-time `days` from the callee's today at `hour`, in their zone (UTC when unknown). */
const calleeLocal = (pop: ScreenPopSeen, days: number, hour: number) =>
  DateTime.now()
    .setZone(pop.localTime?.zone ?? 'UTC')
    .plus({ days })
    .set({ hour, minute: 0, second: 0, millisecond: 0 });

/**
 * The outcome a simulated agent records for a call: a weighted mix for
 * telemarketing and collections, every question answered for a survey, and
 * otherwise the first ordinary final code. Details are the ones the api
 * requires per kind.
 */
export function pickOutcome(pop: ScreenPopSeen, random: () => number = Math.random): DispositionChoice {
  const offered = new Set(pop.dispositions.map((d) => d.code));
  if (pop.survey && offered.has('COMPLETED')) {
    const answers = Object.fromEntries(pop.survey.map((q) => [q.id, q.answers[Math.floor(random() * q.answers.length)]]));
    return { code: 'COMPLETED', data: { answers } };
  }
  const mix = MIXES.find(({ kindCode }) => offered.has(kindCode))?.mix.filter(([code]) => offered.has(code));
  if (!mix) {
    const ordinary = pop.dispositions.find((d) => d.isFinal && !d.isDnc) ?? pop.dispositions[0];
    return { code: ordinary.code };
  }
  const code = pick(mix, random);
  switch (code) {
    case 'SALE':
      return { code, data: { amount: 1000 * (1 + Math.floor(random() * 20)), currency: 'USD' } };
    case 'APPOINTMENT':
      return { code, data: { appointmentAt: calleeLocal(pop, 3, 14).toISO()! } };
    case 'PROMISE_TO_PAY':
      return { code, data: { amount: 5000 * (1 + Math.floor(random() * 10)), currency: 'USD', date: calleeLocal(pop, 7, 12).toISODate()! } };
    case 'DISPUTE':
      return { code, data: { reason: 'Says the balance was settled last month' } };
    case 'CALLBACK':
      return { code, callbackAt: calleeLocal(pop, 1, 10).toFormat("yyyy-MM-dd'T'HH:mm") };
    default:
      return { code };
  }
}
