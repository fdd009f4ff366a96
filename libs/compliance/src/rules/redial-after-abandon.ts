import { block, GateVerdict, pass } from './gate-verdict';

/**
 * Ofcom: a number whose call was abandoned is not called again within 72 h
 * unless a live agent is guaranteed (preview and manual dialing guarantee one).
 */
export function checkRedialAfterAbandon(
  now: Date,
  rule: { hours: number } | null,
  lastAbandonedAt: Date | null | undefined,
  liveAgentGuaranteed: boolean,
): GateVerdict {
  if (!rule || !lastAbandonedAt) return pass('redial_after_abandon', 'No abandoned call to wait for');
  const until = new Date(lastAbandonedAt.getTime() + rule.hours * 3600_000);
  const evidence = { lastAbandonedAt: lastAbandonedAt.toISOString(), liveAgentGuaranteed };
  if (until <= now) return pass('redial_after_abandon', `Last abandoned call was over ${rule.hours} h ago`, evidence);
  if (liveAgentGuaranteed) return pass('redial_after_abandon', 'A live agent is guaranteed on this call', evidence);
  return block(
    'redial_after_abandon',
    'ABANDONED_RECENTLY',
    `This number's call was abandoned at ${lastAbandonedAt.toISOString()}; no automated redial for ${rule.hours} h`,
    until,
    evidence,
  );
}
