import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, Clock } from '@dialer/core';
import { CampaignConfig, CampaignsService } from '@dialer/campaigns';
import { pgArrayLiteral } from '@dialer/db';
import { countsAsCallSql } from '../attempts/attempt-classes';
import { otherNumbersLeft } from '../gates/lead-numbers';
import { attemptOutcome, AttemptRecord, isEnded } from './attempt-outcome';
import { AttemptOutcome, nextLeadState } from './next-lead-state';
import { settleWaves } from './settle-waves';

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
/** One attempt's part in a batch: its result, or why it could not be settled (nothing of it was written). */
export type SettleOutcome = PromiseSettledResult<SettleResult>;

/** Skipped previews go back to the hopper after this long. */
const SKIPPED_PREVIEW_DELAY_MS = 30 * 60_000;

const done = (value: SettleResult): SettleOutcome => ({ status: 'fulfilled', value });
const failed = (reason: unknown): SettleOutcome => ({ status: 'rejected', reason });

/** A lead's next state after a placed attempt (see the leads statement in settleWave). */
interface LeadWrite {
  lead_id: string;
  status: string;
  next_attempt_at: Date | null;
  blocked_reason: string | null;
  callback_agent_id: string | null;
  last_disposition: string | null;
}

/** A lead given back after an attempt that never left (see unplacedLeadWrite). */
interface UnplacedLeadWrite {
  lead_id: string;
  attempt_id: string;
  status: string;
  next_attempt_at: Date | string | null;
}

interface AttemptWrite {
  id: string;
  outcome: string;
  abandoned: boolean;
  /** Merged into compliance_evidence ({} for none). */
  evidence: Record<string, unknown>;
}

/** A date bound for the database: an invalid one (a disposition's garbled callbackAt) fails its attempt, not the batch. */
function valid(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date in the settlement of an attempt');
  return date;
}

/**
 * Turns an ended attempt into the lead's next state — retry, callback, done,
 * exhausted or blocked — exactly once (`settled_at`), under row locks, so the
 * pacing leader, the disposition request and the reconciliation sweep can all
 * ask without double-counting. The api's call endings come in batches
 * (settleMany): one transaction and a handful of statements for all of them,
 * rather than eight round trips per call; a single settle is a batch of one.
 */
@Injectable()
export class AttemptSettlementService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AttemptSettlementService.name);
  }

  /** `force`: settle a connected call even without a disposition (an agent who never gave one). */
  async settle(attemptId: string, options: { force?: boolean } = {}): Promise<SettleResult> {
    const [outcome] = await this.settleMany([attemptId], options);
    if (outcome!.status === 'rejected') throw outcome!.reason;
    return outcome!.value;
  }

  /**
   * Settles ended attempts together, one outcome per id in the order given.
   * An attempt whose next state cannot be worked out (its campaign's settings
   * broken) fails alone; a batch the database refuses as a whole is settled
   * again one attempt at a time, so one bad attempt never holds back the rest.
   */
  async settleMany(attemptIds: readonly string[], { force = false }: { force?: boolean } = {}): Promise<SettleOutcome[]> {
    const ids = [...new Set(attemptIds)];
    if (ids.length === 0) return [];
    let outcomes: Map<string, SettleOutcome>;
    let held: string[] = [];
    try {
      ({ outcomes, held } = await this.settleBatch(ids, force));
    } catch (error) {
      if (ids.length === 1) return attemptIds.map(() => failed(error));
      // One after another: a database in trouble must not get a burst of transactions.
      this.logger.warn({ err: error, attempts: ids.length }, 'settlement batch refused; settling its attempts one at a time');
      outcomes = new Map();
      held = ids;
    }
    for (const id of held) outcomes.set(id, (await this.settleMany([id], { force }))[0]!);
    return attemptIds.map((id) => outcomes.get(id)!);
  }

  /**
   * One transaction. A single attempt waits for its rows; a batch takes only
   * the rows nobody holds (`held`: settled one at a time after it commits).
   * Waiting for rows other writers lock in their own order — the webhook
   * recorder's attempts by CallSid, a DNC entry's leads by number — could close
   * a cycle with them; a single settle holds one attempt, then its lead, as
   * every other writer expects.
   */
  private settleBatch(ids: string[], force: boolean): Promise<{ outcomes: Map<string, SettleOutcome>; held: string[] }> {
    const wait = ids.length === 1 ? '' : ' skip locked';
    return this.em.fork().transactional(async (tx) => {
      // Locked first, read after: a read that waited on the lock (a disposition being recorded) would see the
      // attempt's new disposition_code beside the old row's join, its disposition code's flags all null.
      const locked = await tx.execute<{ id: string; lead_id: string; state: string; settled_at: string | null }[]>(
        `select id, lead_id, state, settled_at from call_attempts where id = any(?::uuid[]) order by id for update${wait}`,
        [pgArrayLiteral(ids)],
      );
      // Only the leads settlement will write: an attempt already settled, or still live, is read, not settled.
      const open = locked.filter((row) => !row.settled_at && isEnded(row.state));
      const leads = await tx.execute<{ id: string }[]>(`select id from leads where id = any(?::uuid[]) order by id for update${wait}`, [
        pgArrayLiteral([...new Set(open.map((row) => row.lead_id))]),
      ]);
      const lockedLeads = new Set(leads.map((lead) => lead.id));
      const leadOf = new Map(locked.filter((row) => !open.includes(row) || lockedLeads.has(row.lead_id)).map((row) => [row.id, row.lead_id]));
      const outcomes = new Map<string, SettleOutcome>();
      for (const wave of settleWaves(ids.filter((id) => leadOf.has(id)), (id) => leadOf.get(id)!)) {
        for (const [id, outcome] of await this.settleWave(tx, wave, force)) outcomes.set(id, outcome);
      }
      // Not taken (a batch only): its attempt or its lead was held, or there is no such attempt.
      const held = wait ? ids.filter((id) => !leadOf.has(id)) : [];
      for (const id of ids) if (!outcomes.has(id) && !held.includes(id)) outcomes.set(id, done('not_ended'));
      return { outcomes, held };
    });
  }

  /** Attempts of distinct leads: read together, their leads and attempts written with one statement each. */
  private async settleWave(tx: EntityManager, ids: string[], force: boolean): Promise<Map<string, SettleOutcome>> {
    const rows = await tx.execute<SettleRow[]>(
      `select a.id, a.campaign_id, a.lead_id, a.agent_id, a.state, a.answered_at, a.answered_by, a.abandoned, a.outcome, a.mode,
              (a.compliance_evidence->>'putThroughAt')::timestamptz as put_through_at, a.connected_at, a.ended_at, a.settled_at, a.disposition_code, a.disposition_data,
              a.provider_call_sid, a.compliance_evidence->'taken' as taken,
              a.phone, l.phone as lead_phone, l.alt_phones,
              l.status as lead_status, dc.is_final, dc.is_callback, dc.is_dnc, dc.is_refusal
         from call_attempts a
         join leads l on l.id = a.lead_id
         left join disposition_codes dc on dc.campaign_id = a.campaign_id and dc.code = a.disposition_code
        where a.id = any(?::uuid[])`,
      [pgArrayLiteral(ids)],
    );
    const now = this.clock.now();
    const outcomes = new Map<string, SettleOutcome>();
    const placed: { row: SettleRow; outcome: AttemptOutcome }[] = [];
    const unplacedLeads: UnplacedLeadWrite[] = [];
    const attempts: AttemptWrite[] = [];
    for (const row of rows) {
      if (row.settled_at) outcomes.set(row.id, done('already_settled'));
      else if (!isEnded(row.state)) outcomes.set(row.id, done('not_ended'));
      else {
        const outcome = attemptOutcome(row);
        // An agent's call waits for their disposition (a machine put through by async AMD does not): one the callee
        // joined, or one the flow put through to an agent while the callee was on the line (not an abandon) whose
        // join's callback was lost — the agent talked, is in after-call work and owes its outcome (readiness says so).
        const agentsCall = !!row.connected_at || (!!row.put_through_at && !!row.agent_id);
        if (agentsCall && !row.disposition_code && !force && outcome === 'human') outcomes.set(row.id, done('awaiting_disposition'));
        else if (outcome === 'skipped' || (row.state === 'canceled' && !row.provider_call_sid)) {
          unplacedLeads.push(unplacedLeadWrite(row, outcome, now));
          attempts.push({ id: row.id, outcome, abandoned: row.abandoned, evidence: {} });
        } else placed.push({ row, outcome });
      }
    }
    const leads = await this.placedLeadWrites(tx, placed, now, outcomes, attempts);

    // A lead blocked meanwhile (a DNC entry from another call) stays blocked. In these updates the ids again as
    // an array give the planner the rows' count and their key: it takes jsonb_to_recordset for 100 rows, and on a
    // table of a few thousand rows chose to scan it whole for every batch.
    if (leads.length > 0) {
      await tx.execute(
        `update leads l set status = case when l.status = 'blocked' then l.status else v.status end,
                next_attempt_at = v.next_attempt_at, blocked_reason = coalesce(v.blocked_reason, l.blocked_reason), callback_agent_id = v.callback_agent_id,
                last_disposition = coalesce(v.last_disposition, l.last_disposition), updated_at = ?
           from jsonb_to_recordset(?::jsonb) as v(lead_id uuid, status text, next_attempt_at timestamptz, blocked_reason text, callback_agent_id uuid, last_disposition text)
          where l.id = v.lead_id and l.id = any(?::uuid[])`,
        [now, JSON.stringify(leads), pgArrayLiteral(leads.map((lead) => lead.lead_id))],
      );
    }
    // Only the take's `dialing` is undone: a lead blocked or closed meanwhile (a DNC entry) stays so.
    if (unplacedLeads.length > 0) {
      await tx.execute(
        `update leads l set status = case when l.status = 'dialing' then v.status else l.status end,
                next_attempt_at = case when l.status = 'dialing' then v.next_attempt_at else l.next_attempt_at end,
                attempt_count = greatest(l.attempt_count - 1, 0),
                last_attempt_at = (select max(a.created_at) from call_attempts a where a.lead_id = l.id and a.id <> v.attempt_id and ${countsAsCallSql('a')}),
                updated_at = ?
           from jsonb_to_recordset(?::jsonb) as v(lead_id uuid, attempt_id uuid, status text, next_attempt_at timestamptz)
          where l.id = v.lead_id and l.id = any(?::uuid[])`,
        [now, JSON.stringify(unplacedLeads), pgArrayLiteral(unplacedLeads.map((lead) => lead.lead_id))],
      );
    }
    if (attempts.length > 0) {
      await tx.execute(
        `update call_attempts a set settled_at = ?, outcome = v.outcome, abandoned = v.abandoned, updated_at = ?,
                compliance_evidence = a.compliance_evidence || v.evidence
           from jsonb_to_recordset(?::jsonb) as v(id uuid, outcome text, abandoned boolean, evidence jsonb)
          where a.id = v.id and a.id = any(?::uuid[])`,
        [now, now, JSON.stringify(attempts), pgArrayLiteral(attempts.map((attempt) => attempt.id))],
      );
    }
    for (const { id } of attempts) outcomes.set(id, done('settled'));
    return outcomes;
  }

  /**
   * The next state of the leads of placed attempts, from their campaign's
   * rules, the calls each lead has had and the numbers it has left; an
   * attempt whose state cannot be worked out is set down as failed.
   */
  private async placedLeadWrites(
    tx: EntityManager,
    placed: { row: SettleRow; outcome: AttemptOutcome }[],
    now: Date,
    outcomes: Map<string, SettleOutcome>,
    attempts: AttemptWrite[],
  ): Promise<LeadWrite[]> {
    if (placed.length === 0) return [];
    const configs = new Map<string, Promise<CampaignConfig>>();
    const configOf = (campaignId: string) => {
      let config = configs.get(campaignId);
      if (!config) configs.set(campaignId, (config = this.campaigns.get(campaignId).then((campaign) => this.campaigns.config(campaign, now))));
      return config;
    };
    const ready: { row: SettleRow; outcome: AttemptOutcome; config: CampaignConfig }[] = [];
    for (const item of placed) {
      try {
        ready.push({ ...item, config: await configOf(item.row.campaign_id) });
      } catch (error) {
        outcomes.set(item.row.id, failed(error));
      }
    }
    if (ready.length === 0) return [];

    // Per lead, in one statement: the calls it has had in the campaign, and the numbers a wrong-number code
    // was given for (its campaign's codes). Each lead's attempts are read by lead_id only (a lateral lookup,
    // the campaign and code tested on the rows found): joined on (lead, campaign), a table without statistics
    // had the planner also walk the campaign's index, or scan every attempt, for each batch.
    const wrongCodes = [...new Map(ready.map(({ row, config }) => [row.campaign_id, config.numbers.wrongNumberCodes])).entries()].flatMap(([campaignId, codes]) =>
      codes.map((code) => [campaignId, code] as const),
    );
    const history = await tx.execute<{ lead_id: string; count: string; wrong: string[] | null }[]>(
      `select c.lead_id, h.count, h.wrong
         from unnest(?::uuid[], ?::uuid[]) as c(lead_id, campaign_id)
         cross join lateral (
           select count(*) filter (where a.campaign_id = c.campaign_id and ${countsAsCallSql('a')}) as count,
                  array_agg(distinct a.phone) filter (where (c.campaign_id, a.disposition_code) in (select * from unnest(?::uuid[], ?::text[]))) as wrong
             from call_attempts a
            where a.lead_id = c.lead_id) h`,
      [
        pgArrayLiteral(ready.map(({ row }) => row.lead_id)),
        pgArrayLiteral(ready.map(({ row }) => row.campaign_id)),
        pgArrayLiteral(wrongCodes.map(([campaignId]) => campaignId)),
        pgArrayLiteral(wrongCodes.map(([, code]) => code)),
      ],
    );
    const countOf = new Map(history.map((row) => [row.lead_id, Number(row.count)]));
    // Numbers the lead has left to try (for a wrong number or a dead line: the next one at once).
    const wrongOf = new Map(history.map((row) => [row.lead_id, row.wrong ?? []]));

    const leads: LeadWrite[] = [];
    for (const { row, outcome, config } of ready) {
      try {
        const otherNumbers = otherNumbersLeft({ phone: row.lead_phone, altPhones: row.alt_phones }, config.numbers.order, row.phone, wrongOf.get(row.lead_id) ?? []);
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
          countOf.get(row.lead_id) ?? 0,
          otherNumbers,
        );
        const status = next.status;
        // A machine marked abandoned before its AMD verdict came is no abandon: not for the rate, not for the 72 h rule.
        // A person nobody put through (neverPutThrough) is an abandon; its evidence says no message was played, and
        // whether the flow's bridge came only after the callee had hung up (beside its putThroughAt) or never at all.
        // (The row is locked: the flag read is the flag written over.)
        const unbridged = outcome === 'abandoned' && !row.abandoned;
        const evidence = unbridged ? { abandonMessage: { playedAt: null, text: null, neverPutThrough: true, putThroughAfterHangUp: !!row.put_through_at } } : {};
        const lead: LeadWrite = {
          lead_id: row.lead_id,
          status,
          next_attempt_at: 'nextAttemptAt' in next ? valid(next.nextAttemptAt) : null,
          blocked_reason: next.status === 'blocked' ? next.blockedReason : null,
          callback_agent_id: status === 'callback' && row.disposition_data?.personalCallback ? row.agent_id : null,
          last_disposition: row.disposition_code,
        };
        leads.push(lead);
        attempts.push({ id: row.id, outcome, abandoned: (row.abandoned || unbridged) && outcome !== 'machine', evidence });
      } catch (error) {
        outcomes.set(row.id, failed(error));
      }
    }
    return leads;
  }
}

/**
 * An attempt that never left (no CallSid: a skipped preview, a give-back, a
 * worker that died before Twilio) spends none of the lead's attempts and is
 * no dial: the take's count is taken back and the lead returns as it was
 * (due at once), except that a preview the agent passed on comes back later.
 */
function unplacedLeadWrite(row: SettleRow, outcome: string, now: Date): UnplacedLeadWrite {
  const skipped = outcome === 'skipped';
  return {
    lead_id: row.lead_id,
    attempt_id: row.id,
    status: skipped ? 'retry' : (row.taken?.status ?? 'retry'),
    next_attempt_at: skipped ? new Date(now.getTime() + SKIPPED_PREVIEW_DELAY_MS) : (row.taken?.nextAttemptAt ?? null),
  };
}
