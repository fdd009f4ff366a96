import { CampaignConfig, NumberSlot } from '@dialer/campaigns';
import { blockGate, GateVerdict, passGate } from '@dialer/compliance';
import { DialContext, evaluateDialGates, firstBlocking, LeadDialFacts } from './dial-gates';

/** What the gates ask about one number alone: each of a lead's numbers passes them on its own. */
export type NumberFacts = Pick<
  LeadDialFacts,
  'phone' | 'phoneType' | 'timezoneCandidates' | 'onDnc' | 'lastAbandonedAt' | 'subjectCallTimes' | 'consent'
> & { slot: NumberSlot };

/** The lead's calls so far, as far as choosing its next number goes. */
export interface NumberHistory {
  /** The number of the lead's last call in this campaign and how it went; null before the first. */
  last: { phone: string; outcome: string | null } | null;
  /** Numbers a wrong-number disposition dropped for this lead: never dialed again. */
  wrong: string[];
}

/** Everything the gates ask about a lead: what is the lead's own, and each of its numbers (main first). */
export interface LeadFacts {
  lead: Omit<LeadDialFacts, keyof Omit<NumberFacts, 'slot'>>;
  numbers: NumberFacts[];
  history: NumberHistory;
}

/** One number considered for a call, with every gate's verdict on it. */
export interface NumberTried {
  slot: NumberSlot;
  phone: string;
  verdicts: GateVerdict[];
  blocking: GateVerdict | null;
}

export interface NumberChoice {
  /** The number to dial (every gate passed), or null. */
  chosen: NumberTried | null;
  /** The numbers considered, in the order tried, up to the one chosen. */
  tried: NumberTried[];
  /** The lead's numbers not considered at all, and why (not dialed by this campaign, a wrong number). */
  unused: { slot: NumberSlot; phone: string; reason: string }[];
  /** Nothing to dial: the verdict to park the lead with (when it could next pass). */
  blocking: GateVerdict | null;
}

/** Gates that close a lead for good: it leaves the hopper with a status that says why. */
export function permanentOutcome(code: string): { status: string; blockedReason: string | null } | null {
  switch (code) {
    case 'ON_DNC':
      return { status: 'blocked', blockedReason: 'dnc' };
    case 'NO_TIMEZONE':
      return { status: 'blocked', blockedReason: 'no_timezone' };
    case 'LIFETIME_ATTEMPTS_REACHED':
      return { status: 'exhausted', blockedReason: null };
    default:
      return null;
  }
}

/**
 * How many of the lead's numbers, in the campaign's order, are left to try
 * besides the one just dialed: not dropped as wrong numbers.
 */
export function otherNumbersLeft(lead: { phone: string; altPhones: readonly string[] }, order: readonly NumberSlot[], dialed: string, wrong: readonly string[]): number {
  const bySlot: Record<NumberSlot, string | undefined> = { main: lead.phone, alt1: lead.altPhones[0], alt2: lead.altPhones[1] };
  return order.map((slot) => bySlot[slot]).filter((phone): phone is string => !!phone && phone !== dialed && !wrong.includes(phone)).length;
}

/** The flat facts evaluateDialGates reads, for one of the lead's numbers. */
export function factsForNumber(facts: LeadFacts, number: NumberFacts): LeadDialFacts {
  const { slot: _slot, ...own } = number;
  return { ...facts.lead, ...own };
}

/**
 * The lead's numbers in the order the next call tries them: the campaign's
 * order (numbers the lead lacks left out), starting where the last call left
 * off — on the same number after an answer, on the next one after an outcome
 * of `nextOn` (no answer, busy...) or a wrong number — without the numbers
 * a wrong-number disposition dropped.
 */
export function numbersInTurn(facts: LeadFacts, numbers: CampaignConfig['numbers']): { queue: NumberFacts[]; unused: NumberChoice['unused'] } {
  const unused: NumberChoice['unused'] = [];
  const inOrder: NumberFacts[] = [];
  for (const number of facts.numbers) {
    if (!numbers.order.includes(number.slot)) unused.push({ slot: number.slot, phone: number.phone, reason: `${number.slot} numbers are not dialed by this campaign` });
  }
  for (const slot of numbers.order) {
    const number = facts.numbers.find((n) => n.slot === slot);
    if (number) inOrder.push(number);
  }
  const { last, wrong } = facts.history;
  const lastAt = last ? inOrder.findIndex((n) => n.phone === last.phone) : -1;
  const moveOn = last !== null && (wrong.includes(last.phone) || (numbers.nextOn as readonly string[]).includes(last.outcome ?? ''));
  const start = lastAt < 0 ? 0 : (lastAt + (moveOn ? 1 : 0)) % inOrder.length;
  const queue: NumberFacts[] = [];
  for (let i = 0; i < inOrder.length; i++) {
    const number = inOrder[(start + i) % inOrder.length];
    if (wrong.includes(number.phone)) unused.push({ slot: number.slot, phone: number.phone, reason: `${number.phone} was a wrong number` });
    else queue.push(number);
  }
  return { queue, unused };
}

/**
 * Which of the lead's numbers to dial now: the first in turn that passes every
 * gate on its own (its do-not-call entries, the hours of its own zone, its
 * consent, its 72-hour abandon rule); lead-wide gates (attempt limits, the
 * 7-in-7 rule) block every number alike. When none passes, the lead is
 * parked until the soonest any could pass; it closes for good only when
 * every number is closed for good (all on DNC, say).
 */
export function chooseNumber(facts: LeadFacts, config: CampaignConfig, now: Date, context: DialContext): NumberChoice {
  const { queue, unused } = numbersInTurn(facts, config.numbers);
  if (queue.length === 0) {
    const message =
      unused.length > 0 ? `No number left to dial: ${unused.map((u) => u.reason).join('; ')}` : 'The lead has no number to dial';
    return { chosen: null, tried: [], unused, blocking: blockGate('number', 'NO_NUMBER_TO_DIAL', message, null, { unused }) };
  }
  const tried: NumberTried[] = [];
  for (const number of queue) {
    const verdicts = [numberVerdict(number, tried, unused), ...evaluateDialGates(factsForNumber(facts, number), config, now, context)];
    const entry = { slot: number.slot, phone: number.phone, verdicts, blocking: firstBlocking(verdicts) };
    tried.push(entry);
    if (!entry.blocking) return { chosen: entry, tried, unused, blocking: null };
  }
  return { chosen: null, tried, unused, blocking: parkingVerdict(tried) };
}

/** The `number` gate's verdict: which number, and why the ones before it in turn were passed over. */
function numberVerdict(number: NumberFacts, before: readonly NumberTried[], unused: NumberChoice['unused']): GateVerdict {
  const skipped = before.map((t) => ({ slot: t.slot, phone: t.phone, code: t.blocking!.code, reason: t.blocking!.message }));
  const why = skipped.map((s) => `${s.slot} ${s.phone} skipped: ${s.reason}`);
  return passGate('number', why.length > 0 ? `Dialing ${number.slot} ${number.phone} (${why.join('; ')})` : `Dialing ${number.slot} ${number.phone}`, {
    slot: number.slot,
    phone: number.phone,
    skipped,
    ...(unused.length > 0 ? { unused } : {}),
  });
}

/**
 * When no number passes: closed for good if every number is (the first one's
 * reason), else parked until the soonest a number could pass (a gate with no
 * time to give is looked at again later by the hopper). The message names each number's reason.
 */
function parkingVerdict(tried: readonly NumberTried[]): GateVerdict {
  const blockings = tried.map((t) => t.blocking!);
  const open = blockings.filter((b) => !permanentOutcome(b.code));
  const pick =
    open.length === 0
      ? blockings[0]
      : open.reduce((best, b) => ((b.retryAt?.getTime() ?? Infinity) < (best.retryAt?.getTime() ?? Infinity) ? b : best));
  if (tried.length === 1) return pick;
  const message = tried.map((t) => `${t.slot} ${t.phone}: ${t.blocking!.message}`).join('; ');
  return { ...pick, message };
}
