import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@dialer/core';
import { CampaignsService } from '@dialer/campaigns';
import { countsAsCallSql } from '../attempts/attempt-classes';
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
  is_final: boolean | null;
  is_callback: boolean | null;
  is_dnc: boolean | null;
  is_refusal: boolean | null;
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
      const [row] = await tx.execute<SettleRow[]>(
        `select a.id, a.campaign_id, a.lead_id, a.agent_id, a.state, a.answered_at, a.answered_by, a.abandoned, a.outcome,
                a.connected_at, a.ended_at, a.settled_at, a.disposition_code, a.disposition_data,
                l.status as lead_status, dc.is_final, dc.is_callback, dc.is_dnc, dc.is_refusal
           from call_attempts a
           join leads l on l.id = a.lead_id
           left join disposition_codes dc on dc.campaign_id = a.campaign_id and dc.code = a.disposition_code
          where a.id = ? for update of a, l`,
        [attemptId],
      );
      if (!row) return 'not_ended';
      if (row.settled_at) return 'already_settled';
      if (!isEnded(row.state)) return 'not_ended';
      const outcome = attemptOutcome(row);
      // An agent's call waits for their disposition (a machine put through by async AMD does not).
      if (row.connected_at && !row.disposition_code && !force && outcome === 'human') return 'awaiting_disposition';

      const now = this.clock.now();
      const campaign = await this.campaigns.get(row.campaign_id);
      const config = this.campaigns.config(campaign, now);
      const [{ count }] = await tx.execute<{ count: string }[]>(
        `select count(*) from call_attempts a where a.lead_id = ? and a.campaign_id = ? and ${countsAsCallSql('a')}`,
        [row.lead_id, row.campaign_id],
      );

      let update: { status: string; next: Date | null; blocked: string | null };
      if (outcome === 'skipped') {
        update = { status: 'retry', next: new Date(now.getTime() + SKIPPED_PREVIEW_DELAY_MS), blocked: null };
      } else {
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
        );
        update = {
          status: next.status,
          next: 'nextAttemptAt' in next ? next.nextAttemptAt : null,
          blocked: next.status === 'blocked' ? next.blockedReason : null,
        };
      }
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
      await tx.execute(
        `update call_attempts set settled_at = ?, outcome = ?, abandoned = abandoned and ?, updated_at = ? where id = ?`,
        [now, outcome, outcome !== 'machine', now, attemptId],
      );
      return 'settled';
    });
  }
}
