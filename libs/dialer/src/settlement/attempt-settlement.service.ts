import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@dialer/core';
import { CampaignsService } from '@dialer/campaigns';
import { pgArrayLiteral } from '@dialer/db';
import { countsAsCallSql } from '../attempts/attempt-classes';
import { otherNumbersLeft } from '../gates/lead-numbers';
import { attemptOutcome, AttemptRecord, isEnded } from './attempt-outcome';
import { nextLeadState } from './next-lead-state';

interface SettleRow extends AttemptRecord {
  id: string;
  campaign_id: string;
  lead_id: string;
  agent_id: string | null;
  connected_at: string | null;
  ended_at: string | null;
  settled_at: string | null;
  disposition_code: string | null;
  disposition_data: { callbackAt?: string; personalCallback?: boolean } | null;
  lead_status: string;
  provider_call_sid: string | null;
  taken: { status?: string; nextAttemptAt?: string | null } | null;
  is_final: boolean | null;
  is_callback: boolean | null;
  is_dnc: boolean | null;
  is_refusal: boolean | null;
  phone: string;
  lead_phone: string;
  alt_phones: string[];
}

export type SettleResult = 'settled' | 'already_settled' | 'not_ended' | 'awaiting_disposition';

/** Skipped previews go back to the hopper after this long. */
const SKIPPED_PREVIEW_DELAY_MS = 30 * 60_000;

/**
 * Turns an ended attempt into the lead's next state — retry, callback, done,
 * exhausted or blocked — exactly once (`settled_at`), under row locks, so the
 * pacing leader, the disposition request and the reconciliation sweep can all
 * ask without double-counting.
 */
@Injectable()
export class AttemptSettlementService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `force`: settle a connected call even without a disposition (an agent who never gave one). */
  async settle(attemptId: string, { force = false }: { force?: boolean } = {}): Promise<SettleResult> {
    const em = this.em.fork();
    return em.transactional(async (tx) => {
      // Locked first, read after: a read that waited on the lock (a disposition being recorded) would see the
      // attempt's new disposition_code beside the old row's join, its disposition code's flags all null.
      await tx.execute(`select 1 from call_attempts a join leads l on l.id = a.lead_id where a.id = ? for update of a, l`, [attemptId]);
      const [row] = await tx.execute<SettleRow[]>(
        `select a.id, a.campaign_id, a.lead_id, a.agent_id, a.state, a.answered_at, a.answered_by, a.abandoned, a.outcome, a.mode,
                (a.compliance_evidence->>'putThroughAt')::timestamptz as put_through_at, a.connected_at, a.ended_at, a.settled_at, a.disposition_code, a.disposition_data,
                a.provider_call_sid, a.compliance_evidence->'taken' as taken,
                a.phone, l.phone as lead_phone, l.alt_phones,
                l.status as lead_status, dc.is_final, dc.is_callback, dc.is_dnc, dc.is_refusal
           from call_attempts a
           join leads l on l.id = a.lead_id
           left join disposition_codes dc on dc.campaign_id = a.campaign_id and dc.code = a.disposition_code
          where a.id = ?`,
        [attemptId],
      );
      if (!row) return 'not_ended';
      if (row.settled_at) return 'already_settled';
      if (!isEnded(row.state)) return 'not_ended';
      const outcome = attemptOutcome(row);
      // An agent's call waits for their disposition (a machine put through by async AMD does not): one the callee
      // joined, or one the flow put through to an agent while the callee was on the line (not an abandon) whose
      // join's callback was lost — the agent talked, is in after-call work and owes its outcome (readiness says so).
      const agentsCall = !!row.connected_at || (!!row.put_through_at && !!row.agent_id);
      if (agentsCall && !row.disposition_code && !force && outcome === 'human') return 'awaiting_disposition';

      const now = this.clock.now();
      if (outcome === 'skipped' || (row.state === 'canceled' && !row.provider_call_sid)) return this.settleUnplaced(tx, row, outcome, now);
      const campaign = await this.campaigns.get(row.campaign_id);
      const config = this.campaigns.config(campaign, now);
      const [{ count }] = await tx.execute<{ count: string }[]>(
        `select count(*) from call_attempts a where a.lead_id = ? and a.campaign_id = ? and ${countsAsCallSql('a')}`,
        [row.lead_id, row.campaign_id],
      );

      // Numbers the lead has left to try (for a wrong number or a dead line: the next one at once).
      const [{ wrong }] = await tx.execute<{ wrong: string[] | null }[]>(
        `select array_agg(distinct a.phone) as wrong from call_attempts a where a.lead_id = ? and a.disposition_code = any(?::text[])`,
        [row.lead_id, pgArrayLiteral(config.numbers.wrongNumberCodes)],
      );
      const otherNumbers = otherNumbersLeft({ phone: row.lead_phone, altPhones: row.alt_phones }, config.numbers.order, row.phone, wrong ?? []);
      const next = nextLeadState(
        {
          outcome,
          endedAt: row.ended_at ? new Date(row.ended_at) : now,
          disposition: row.disposition_code
            ? { code: row.disposition_code, isFinal: !!row.is_final, isCallback: !!row.is_callback, isDnc: !!row.is_dnc }
            : null,
          callbackAt: row.disposition_data?.callbackAt ? new Date(row.disposition_data.callbackAt) : null,
          refused: !!row.is_refusal,
        },
        config,
        Number(count),
        otherNumbers,
      );
      const update = {
        status: next.status,
        next: 'nextAttemptAt' in next ? next.nextAttemptAt : null,
        blocked: next.status === 'blocked' ? next.blockedReason : null,
      };
      const personal = update.status === 'callback' && row.disposition_data?.personalCallback ? row.agent_id : null;
      // A lead blocked meanwhile (a DNC entry from another call) stays blocked.
      await tx.execute(
        `update leads set status = case when status = 'blocked' then status else ? end,
                next_attempt_at = ?, blocked_reason = coalesce(?, blocked_reason), callback_agent_id = ?,
                last_disposition = coalesce(?, last_disposition), updated_at = ?
          where id = ?`,
        [update.status, update.next, update.blocked, personal, row.disposition_code, now, row.lead_id],
      );
      // A machine marked abandoned before its AMD verdict came is no abandon: not for the rate, not for the 72 h rule.
      // A person nobody put through (neverPutThrough) is an abandon; its evidence says no message was played, and
      // whether the flow's bridge came only after the callee had hung up (beside its putThroughAt) or never at all.
      const unbridged = outcome === 'abandoned' && !row.abandoned;
      const evidence = { abandonMessage: { playedAt: null, text: null, neverPutThrough: true, putThroughAfterHangUp: !!row.put_through_at } };
      await tx.execute(
        `update call_attempts set settled_at = ?, outcome = ?, abandoned = (abandoned or ?) and ?, updated_at = ?,
                compliance_evidence = case when ? then compliance_evidence || ?::jsonb else compliance_evidence end
          where id = ?`,
        [now, outcome, unbridged, outcome !== 'machine', now, unbridged, JSON.stringify(evidence), attemptId],
      );
      return 'settled';
    });
  }

  /**
   * An attempt that never left (no CallSid: a skipped preview, a give-back, a
   * worker that died before Twilio) spends none of the lead's attempts and is
   * no dial: the take's count is taken back and the lead returns as it was
   * (due at once), except that a preview the agent passed on comes back later.
   */
  private async settleUnplaced(tx: EntityManager, row: SettleRow, outcome: string, now: Date): Promise<SettleResult> {
    const skipped = outcome === 'skipped';
    const status = skipped ? 'retry' : (row.taken?.status ?? 'retry');
    const next = skipped ? new Date(now.getTime() + SKIPPED_PREVIEW_DELAY_MS) : (row.taken?.nextAttemptAt ?? null);
    // Only the take's `dialing` is undone: a lead blocked or closed meanwhile (a DNC entry) stays so.
    await tx.execute(
      `update leads set status = case when status = 'dialing' then ? else status end,
              next_attempt_at = case when status = 'dialing' then ?::timestamptz else next_attempt_at end,
              attempt_count = greatest(attempt_count - 1, 0),
              last_attempt_at = (select max(a.created_at) from call_attempts a where a.lead_id = leads.id and a.id <> ? and ${countsAsCallSql('a')}),
              updated_at = ?
        where id = ?`,
      [status, next, row.id, now, row.lead_id],
    );
    await tx.execute(`update call_attempts set settled_at = ?, outcome = ?, updated_at = ? where id = ?`, [now, outcome, now, row.id]);
    return 'settled';
  }
}
