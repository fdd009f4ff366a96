import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@dialer/core';
import { Campaign, CampaignConfig } from '@dialer/campaigns';
import { blockGate, DIALABLE_LEAD_STATUSES, dialableStatusSql, DncService, GateVerdict } from '@dialer/compliance';
import { pgArrayLiteral } from '@dialer/db';
import { countsAsCallSql, liveStateSql } from '../attempts/attempt-classes';
import { evaluateDialGates, firstBlocking, gateEvidence } from '../gates/dial-gates';
import { chooseNumber, factsForNumber, permanentOutcome } from '../gates/lead-numbers';
import { LeadRow, loadLeadFacts } from './lead-facts.repository';

/** A lead taken for a call: its attempt exists (queued) and the lead is `dialing`. */
export interface DialTicket {
  attemptId: string;
  leadId: string;
  campaignId: string;
  /** The number dialed: the lead's main one or an alternate (see chooseNumber). */
  phone: string;
  /** The agent the call is for (preview, manual dial, personal callback), if any. */
  agentId: string | null;
  /** Set when the lead was a personal callback for one agent. */
  callbackAgentId: string | null;
}

/**
 * A recheck's answer: `passed` (the caller has claimed the attempt and places
 * its call), `blocked` (a gate stops it; the attempt is cancelled), or
 * `claimed` (another recheck passed it first: its call is being placed).
 */
export type Recheck =
  | { status: 'passed'; verdicts: GateVerdict[]; blocking: null }
  | { status: 'blocked'; verdicts: GateVerdict[]; blocking: GateVerdict }
  | { status: 'claimed' };

export interface TakeOptions {
  /** The pacing leader's fencing token; agent-driven takes (preview, manual) have none. */
  fence?: string;
  agentId?: string;
  mode: string;
  now: Date;
  /** The pacer's dial level when it asked for these calls, kept as evidence with each attempt. */
  dialLevel?: number;
}

export class StaleLeaderError extends DomainError {
  constructor(campaignId: string) {
    super('PACING_LEADER_STALE', `Another worker now leads campaign ${campaignId}`, 'conflict');
  }
}

/** A lead that passed its gates on one of its numbers: the number dialed and the verdicts on it. */
interface Admitted {
  lead: LeadRow;
  phone: string;
  verdicts: GateVerdict[];
}

/** Why a lead is passed over, and until when (null: never again on its own). */
interface Skip {
  leadId: string;
  verdict: GateVerdict;
}

const NUMBER_IN_CALL_REASON = 'The number is in a call right now (another lead holds it)';
/**
 * SQL, on `leads`: its number is in a live call of a campaign under the
 * jurisdiction given as the parameter (the partial unique index on live
 * attempts by number serves it).
 */
const NUMBER_IN_CALL_SQL = `exists (select 1 from call_attempts a join campaigns c on c.id = a.campaign_id
  where a.phone = leads.phone and ${liveStateSql('a')} and c.jurisdiction = ?)`;

/** Due callbacks first, then due retries, then fresh leads. */
const CATEGORIES = DIALABLE_LEAD_STATUSES;
const CANDIDATE_COLUMNS = 'id, phone, phone_type, status, timezone_candidates, external_id, next_attempt_at, callback_agent_id';
/** A take gives up after this many batches of leads that all failed their gates. */
const MAX_ROUNDS = 5;
/** Gates with no time to retry that still may pass later (consent can be given): look again tomorrow. */
const RECHECK_LATER_MS = 24 * 3600_000;

/**
 * The hopper: takes the next dialable leads of a campaign — due callbacks,
 * then due retries, then fresh leads, list by list in priority order — under
 * row locks (`FOR UPDATE SKIP LOCKED`, so two takers never get the same
 * lead), checks every gate at this very moment, and turns the ones that pass
 * into queued attempts, all in one transaction. Leads that fail a gate are
 * rescheduled to when it could pass, with the reason recorded on the lead.
 */
@Injectable()
export class Hopper {
  constructor(
    private readonly em: EntityManager,
    private readonly dnc: DncService,
  ) {}

  async take(campaign: Campaign, config: CampaignConfig, want: number, options: TakeOptions): Promise<DialTicket[]> {
    if (want <= 0) return [];
    return this.em.fork().transactional(async (tx) => {
      if (options.fence !== undefined) await this.checkFence(tx, campaign.id, options.fence);
      const tickets: DialTicket[] = [];
      // Lock only as many leads as are still needed, so concurrent takers are not starved;
      // leads that fail a gate are rescheduled in this transaction and drop out of the next round.
      for (let round = 0; round < MAX_ROUNDS && tickets.length < want; round++) {
        const candidates = await this.candidates(tx, campaign, want - tickets.length, options.now);
        if (candidates.length === 0) break;
        tickets.push(...(await this.admit(tx, campaign, config, candidates, want - tickets.length, options)));
      }
      return tickets;
    });
  }

  /** One given lead (a manual dial), if it may be dialed now; otherwise the gate that stops it. */
  async takeLead(
    campaign: Campaign,
    config: CampaignConfig,
    leadId: string,
    options: TakeOptions,
  ): Promise<{ ticket: DialTicket | null; verdicts: GateVerdict[]; reason?: string }> {
    return this.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<LeadRow[]>(
        `select ${CANDIDATE_COLUMNS} from leads
          where id = ? and ${dialableStatusSql()}
            and list_id in (select list_id from campaign_lists where campaign_id = ? and active)
          for update skip locked`,
        [leadId, campaign.id],
      );
      if (rows.length === 0) return { ticket: null, verdicts: [] };
      const facts = (await loadLeadFacts(tx, this.dnc, { id: campaign.id, config }, rows, options.now)).get(leadId)!;
      const choice = chooseNumber(facts, config, options.now, { liveAgentGuaranteed: true });
      // Refused: one number's verdicts as they are; several numbers' summed up in the verdict naming each one's reason.
      if (!choice.chosen) return { ticket: null, verdicts: choice.tried.length === 1 ? choice.tried[0].verdicts : [choice.blocking!] };
      const verdicts = choice.chosen.verdicts;
      const [ticket] = await this.createAttempts(tx, campaign, [{ lead: rows[0], phone: choice.chosen.phone, verdicts }], options);
      return ticket ? { ticket, verdicts } : { ticket: null, verdicts, reason: NUMBER_IN_CALL_REASON };
    });
  }

  /**
   * Every dial-time gate again for an attempt taken a while ago and about to be
   * placed (a preview the agent has been reading: a number put on DNC meanwhile,
   * calling hours that closed, a debt called from elsewhere). When one blocks,
   * the attempt is cancelled unplaced (it spends none of the lead's attempts),
   * the lead goes back to where the gate puts it (blocked, or parked until it
   * could pass) and the refusal comes back; the caller frees the agent.
   *
   * A pass claims the attempt for the caller, who places the call: it is
   * stamped `recheckedAt` under the row lock, and a recheck of an attempt
   * stamped already answers `claimed` — so when a click, a double click and
   * the countdown race, one call leaves (the attempt stays queued, with no
   * CallSid, until Twilio takes it: up to the calls-per-second wait).
   * Null when the attempt is no longer waiting to be placed.
   */
  async recheck(campaign: Campaign, config: CampaignConfig, attemptId: string, options: { now: Date; liveAgentGuaranteed: boolean }): Promise<Recheck | null> {
    return this.em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<
        (LeadRow & { attempt_state: string; attempt_phone: string; provider_call_sid: string | null; taken_status: string | null; claimed: boolean })[]
      >(
        `select ${CANDIDATE_COLUMNS.split(', ').map((column) => `l.${column}`).join(', ')},
                a.state as attempt_state, a.phone as attempt_phone, a.provider_call_sid, a.compliance_evidence->'taken'->>'status' as taken_status,
                a.compliance_evidence->>'recheckedAt' is not null as claimed
           from call_attempts a join leads l on l.id = a.lead_id
          where a.id = ? and a.campaign_id = ? for update of a, l`,
        [attemptId, campaign.id],
      );
      if (!row || row.attempt_state !== 'queued' || row.provider_call_sid) return null;
      if (row.claimed) return { status: 'claimed' };
      // The lead is `dialing` now; the gates judge it as it was when taken (a callback spends no lifetime attempt).
      const lead: LeadRow = { ...row, status: row.taken_status ?? 'new' };
      const facts = (await loadLeadFacts(tx, this.dnc, { id: campaign.id, config }, [lead], options.now, attemptId)).get(lead.id)!;
      // The number taken is the one checked again: an alternate passes its gates on its own.
      const number = facts.numbers.find((n) => n.phone === row.attempt_phone);
      const verdicts = number
        ? evaluateDialGates(factsForNumber(facts, number), config, options.now, { liveAgentGuaranteed: options.liveAgentGuaranteed })
        : [blockGate('number', 'NUMBER_NOT_ON_LEAD', `${row.attempt_phone} is no longer one of the lead's numbers`, null)];
      const blocking = firstBlocking(verdicts);
      const evidence = JSON.stringify({ ...gateEvidence(verdicts), recheckedAt: options.now.toISOString() });
      if (!blocking) {
        await tx.execute(`update call_attempts set compliance_evidence = compliance_evidence || ?::jsonb, updated_at = ? where id = ?`, [
          evidence,
          options.now,
          attemptId,
        ]);
        return { status: 'passed', verdicts, blocking };
      }
      await tx.execute(
        `update call_attempts set state = 'canceled', outcome = 'canceled', ended_at = ?, settled_at = ?, updated_at = ?,
                compliance_evidence = compliance_evidence || ?::jsonb || jsonb_build_object('notPlaced', ?::text)
          where id = ?`,
        [options.now, options.now, options.now, evidence, blocking.message, attemptId],
      );
      // Never placed: the take spent none of the lead's attempts.
      await tx.execute(
        `update leads set status = ?, attempt_count = greatest(attempt_count - 1, 0),
                last_attempt_at = (select max(a.created_at) from call_attempts a where a.lead_id = leads.id and ${countsAsCallSql('a')})
          where id = ? and status = 'dialing'`,
        [lead.status, lead.id],
      );
      await this.reschedule(tx, [{ leadId: lead.id, verdict: blocking }], options.now);
      return { status: 'blocked', verdicts, blocking };
    });
  }

  /** A stale leader (its lease lapsed while it was paused) must not dial: the database is the referee. */
  private async checkFence(tx: EntityManager, campaignId: string, fence: string): Promise<void> {
    const updated = await tx.execute<{ id: string }[]>(
      `update campaigns set leader_fence = ? where id = ? and leader_fence <= ? and status = 'active' returning id`,
      [fence, campaignId, fence],
    );
    if (updated.length === 0) throw new StaleLeaderError(campaignId);
  }

  private async candidates(tx: EntityManager, campaign: Campaign, limit: number, now: Date): Promise<LeadRow[]> {
    const lists = weightedOrder(
      await tx.execute<{ list_id: string; priority: number; weight: number }[]>(
        `select list_id, priority, weight from campaign_lists where campaign_id = ? and active order by priority`,
        [campaign.id],
      ),
    );
    const found: LeadRow[] = [];
    for (const category of CATEGORIES) {
      for (const list of lists) {
        if (found.length >= limit) return found;
        // One list at a time keeps each query on the (list_id, status, next_attempt_at) index.
        found.push(
          ...(await tx.execute<LeadRow[]>(
            `select ${CANDIDATE_COLUMNS} from leads
              where list_id = ? and status = ? and (next_attempt_at is null or next_attempt_at <= ?)
                and not ${NUMBER_IN_CALL_SQL}
              order by next_attempt_at limit ? for update skip locked`,
            [list, category, now, campaign.jurisdiction, limit - found.length],
          )),
        );
      }
    }
    return found;
  }

  private async admit(
    tx: EntityManager,
    campaign: Campaign,
    config: CampaignConfig,
    leads: LeadRow[],
    want: number,
    options: TakeOptions,
  ): Promise<DialTicket[]> {
    const facts = await loadLeadFacts(tx, this.dnc, { id: campaign.id, config }, leads, options.now);
    const admitted: Admitted[] = [];
    const skipped: Skip[] = [];
    for (const lead of leads) {
      if (admitted.length >= want) break;
      const choice = chooseNumber(facts.get(lead.id)!, config, options.now, { liveAgentGuaranteed: options.agentId !== undefined });
      if (choice.chosen) admitted.push({ lead, phone: choice.chosen.phone, verdicts: choice.chosen.verdicts });
      else skipped.push({ leadId: lead.id, verdict: choice.blocking! });
    }
    await this.reschedule(tx, skipped, options.now);
    return this.createAttempts(tx, campaign, admitted, options);
  }

  /**
   * Queued attempts for the admitted leads, except a lead whose number is in a
   * live call (another lead of this campaign, or of another campaign under the
   * same jurisdiction: the law counts calls per person) — passed over, not an
   * error. The number's advisory lock makes two concurrent takes (two
   * campaigns' leaders, a manual dial) agree: one gets it, the other skips it.
   */
  private async createAttempts(
    tx: EntityManager,
    campaign: Campaign,
    admitted: Admitted[],
    options: TakeOptions,
  ): Promise<DialTicket[]> {
    const campaignId = campaign.id;
    const tickets: DialTicket[] = [];
    const inCall: string[] = [];
    for (const { lead, phone, verdicts } of admitted) {
      const [{ free }] = await tx.execute<{ free: boolean }[]>(
        `select pg_try_advisory_xact_lock(hashtextextended(?, 0)) and not exists (
           select 1 from call_attempts a join campaigns c on c.id = a.campaign_id
            where a.phone = ? and ${liveStateSql('a')} and c.jurisdiction = ?) as free`,
        [`live-number:${campaign.jurisdiction}:${phone}`, phone, campaign.jurisdiction],
      );
      if (!free) {
        inCall.push(lead.id);
        continue;
      }
      const attemptId = randomUUID();
      // Created when inserted, not when the take's transaction began (now()): a take that began before the lead's
      // last attempt was given back would otherwise seem to overlap it.
      const inserted = await tx.execute<{ id: string }[]>(
        `insert into call_attempts (id, campaign_id, lead_id, phone, state, mode, fence, agent_id, compliance_evidence, created_at)
         values (?, ?, ?, ?, 'queued', ?, ?, ?, ?, clock_timestamp())
         on conflict do nothing returning id`,
        [
          attemptId,
          campaignId,
          lead.id,
          phone,
          options.mode,
          options.fence ?? null,
          options.agentId ?? null,
          // `taken`: the lead as it was before it became `dialing`: for a recheck before the call is placed,
          // and to give it back untouched if the call never leaves.
          JSON.stringify({
            ...gateEvidence(verdicts),
            taken: { status: lead.status, nextAttemptAt: lead.next_attempt_at },
            ...(options.dialLevel !== undefined ? { dialLevel: Math.round(options.dialLevel * 1000) / 1000 } : {}),
          }),
        ],
      );
      if (inserted.length === 0) {
        inCall.push(lead.id); // the unique index's referee: a live attempt for the number (or the lead) exists
        continue;
      }
      tickets.push({
        attemptId,
        leadId: lead.id,
        campaignId,
        phone,
        agentId: options.agentId ?? null,
        callbackAgentId: lead.status === 'callback' ? lead.callback_agent_id : null,
      });
    }
    if (tickets.length > 0) {
      await tx.execute(
        `update leads set status = 'dialing', attempt_count = attempt_count + 1, last_attempt_at = ?,
                skip_code = null, skip_reason = null, skipped_at = null, updated_at = ?
          where id = any(?::uuid[])`,
        [options.now, options.now, pgArrayLiteral(tickets.map((t) => t.leadId))],
      );
    }
    if (inCall.length > 0) {
      // Left where they are (due): they come back once the number's call is over; the lead's "why" says so meanwhile.
      await tx.execute(
        `update leads set skip_code = 'NUMBER_IN_CALL', skip_reason = ?, skipped_at = ?, updated_at = ? where id = any(?::uuid[])`,
        [NUMBER_IN_CALL_REASON, options.now, options.now, pgArrayLiteral(inCall)],
      );
    }
    return tickets;
  }

  /** Records why each lead was passed over and parks it until its gate could pass. */
  private async reschedule(tx: EntityManager, skipped: Skip[], now: Date): Promise<void> {
    for (const { leadId, verdict } of skipped) {
      const permanent = permanentOutcome(verdict.code);
      const until = verdict.retryAt ?? (permanent ? null : new Date(now.getTime() + RECHECK_LATER_MS));
      await tx.execute(
        `update leads set skip_code = ?, skip_reason = ?, skipped_at = ?, updated_at = ?,
                next_attempt_at = coalesce(?::timestamptz, next_attempt_at),
                status = coalesce(?, status), blocked_reason = coalesce(?, blocked_reason)
          where id = ?`,
        [verdict.code, verdict.message, now, now, until, permanent?.status ?? null, permanent?.blockedReason ?? null, leadId],
      );
    }
  }
}

/**
 * Lists in priority order; among lists of equal priority a weighted random
 * order, so over many takes each gets its weight's share of the calls.
 */
function weightedOrder(lists: { list_id: string; priority: number; weight: number }[]): string[] {
  const byPriority = new Map<number, { id: string; key: number }[]>();
  for (const list of lists) {
    // Efraimidis–Spirakis: sorting by u^(1/w) draws a weighted random permutation.
    const entry = { id: list.list_id, key: Math.random() ** (1 / Math.max(1, list.weight)) };
    byPriority.set(list.priority, [...(byPriority.get(list.priority) ?? []), entry]);
  }
  return [...byPriority.keys()]
    .sort((a, b) => a - b)
    .flatMap((priority) => byPriority.get(priority)!.sort((a, b) => b.key - a.key).map((entry) => entry.id));
}
