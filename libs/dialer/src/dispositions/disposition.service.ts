import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DomainError, NotFoundError, ValidationFailedError } from '@dialer/core';
import { Actor, AuditService } from '@dialer/audit';
import { AgentNotifier, AgentsService } from '@dialer/agents';
import { CampaignsService } from '@dialer/campaigns';
import { checkCallingWindow, ConsentLedgerService } from '@dialer/compliance';
import { AFTER_CALL_WORK_REASON, AgentReadinessService } from '../agent-calls/agent-readiness.service';
import { AttemptSettlementService, SettleResult } from '../settlement/attempt-settlement.service';
import { callbackInstant, checkDispositionData, DispositionInput } from './disposition-data';

interface AttemptRow {
  id: string;
  campaign_id: string;
  lead_id: string;
  agent_id: string | null;
  phone: string;
  disposition_code: string | null;
  timezone_candidates: string[];
}

export interface DispositionResult {
  attemptId: string;
  code: string;
  settlement: SettleResult;
}

/**
 * Records an agent's outcome for a call: checks it against the campaign's
 * codes and kind, books callbacks at the callee's local time, puts a number
 * on the do-not-call list at once (and a JP refusal on the product's),
 * blocking every other lead waiting with that number (callbacks too), then
 * settles the lead if the call is over and frees the agent from wrap-up.
 */
@Injectable()
export class DispositionService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    private readonly ledger: ConsentLedgerService,
    private readonly audit: AuditService,
    private readonly agents: AgentsService,
    private readonly settlement: AttemptSettlementService,
    private readonly readiness: AgentReadinessService,
    private readonly notifier: AgentNotifier,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async submit(agentId: string, attemptId: string, input: DispositionInput, actor: Actor): Promise<DispositionResult> {
    const now = this.clock.now();
    await this.em.fork().transactional(async (tx) => {
      const [attempt] = await tx.execute<AttemptRow[]>(
        `select a.id, a.campaign_id, a.lead_id, a.agent_id, a.phone, a.disposition_code, l.timezone_candidates
           from call_attempts a join leads l on l.id = a.lead_id where a.id = ? for update of a`,
        [attemptId],
      );
      if (!attempt) throw new NotFoundError('Call', attemptId);
      if (attempt.agent_id !== agentId) throw new DomainError('CALL_NOT_YOURS', 'This call was not connected to you', 'forbidden');
      if (attempt.disposition_code) {
        throw new DomainError('DISPOSITION_ALREADY_SET', `This call already has the disposition ${attempt.disposition_code}`, 'conflict', {
          code: attempt.disposition_code,
        });
      }

      const campaign = await this.campaigns.get(attempt.campaign_id);
      const config = this.campaigns.config(campaign, now);
      const disposition = await this.campaigns.disposition(campaign.id, input.code);
      const problems = checkDispositionData(campaign.kind, input.code, input.data ?? {}, config.survey);
      let callbackAt: Date | null = null;
      if (disposition.isCallback) {
        const zone = attempt.timezone_candidates[0];
        callbackAt = input.callbackAt && zone ? callbackInstant(input.callbackAt, zone) : null;
        if (!callbackAt) problems.push({ field: 'callbackAt', messages: ['is required: the callee’s local date and time, YYYY-MM-DDTHH:mm'] });
        else if (callbackAt <= now) problems.push({ field: 'callbackAt', messages: ['must be in the future'] });
        else {
          const window = checkCallingWindow(callbackAt, attempt.timezone_candidates, config.callingHours);
          // With several zones the one that is closed may not be the one the agent typed the time in: name it.
          const closed = window.zones.find((state) => !state.open)?.zone ?? zone;
          if (!window.open) problems.push({ field: 'callbackAt', messages: [`is outside calling hours in the callee’s time (${closed})`] });
        }
      }
      if (problems.length > 0) throw new ValidationFailedError(problems);

      const data = {
        ...(input.data ?? {}),
        ...(callbackAt ? { callbackAt: callbackAt.toISOString(), personalCallback: input.personalCallback === true } : {}),
        ...(input.notes ? { notes: input.notes } : {}),
        ...(input.disclosure ? { disclosure: { items: input.disclosure.items, confirmedAt: input.disclosure.confirmedAt, recordedAt: now.toISOString() } } : {}),
      };
      await tx.execute(`update call_attempts set disposition_code = ?, disposition_data = ?, disposition_at = ?, updated_at = ? where id = ?`, [
        input.code,
        JSON.stringify(data),
        now,
        now,
        attemptId,
      ]);
      const answers = campaign.kind === 'survey' ? Object.entries((input.data?.answers ?? {}) as Record<string, string>) : [];
      for (const [questionId, answer] of answers) {
        await tx.execute(
          `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, ?, ?, 'agent')
           on conflict (attempt_id, question_id) do update set answer = excluded.answer`,
          [attemptId, campaign.id, attempt.lead_id, questionId, String(answer)],
        );
      }
      this.audit.record(actor, { action: 'call.disposition', entityType: 'call_attempt', entityId: attemptId, data: { code: input.code } }, tx);

      // Honoured at once, in this transaction: the next hopper pass already sees it, and no other
      // lead with the number (another list, a booked callback) is left waiting to be dialed.
      // Both are revocations told to an agent (FCC 24-18): kept in the consent ledger with what was said.
      const reason = `${input.code} recorded on a call to this number`;
      const told = { phone: attempt.phone, channel: 'agent_disposition' as const, receivedAt: now, content: input.notes ? `${input.code}: ${input.notes}` : input.code, attemptId };
      const options = { em: tx, exceptLeadId: attempt.lead_id, leadsReason: reason };
      if (disposition.isDnc) await this.ledger.revoke({ ...told, scope: 'all' }, actor, options);
      if (config.profile.refusalIsPermanentForProduct && disposition.isRefusal && config.product) {
        await this.ledger.revoke({ ...told, scope: 'product', product: config.product }, actor, options);
      }
      await tx.flush();
    });

    const settlement = await this.settlement.settle(attemptId);
    const presence = await this.agents.get(agentId);
    if (presence?.state === 'wrap_up' && presence.attemptId === attemptId) await this.agents.finishWrapUp(agentId);
    // Paused for after-call work (the wrap-up ran out first): the outcome is in, so ready as autoReady meant —
    // when their audio is still in the room (a leg that left while paused paused nothing): else paused, and their
    // ready says NO_AUDIO, rather than the next callee put through to silence.
    else if (presence?.state === 'paused' && presence.pauseReason === AFTER_CALL_WORK_REASON) await this.readiness.ready(agentId).catch(() => undefined);
    // Every open desk of the agent, not only the one that saved: a tab showing the call would ask for it again.
    // Stored already: a notice Redis cannot take is not the outcome's failure.
    await this.notifier.notify(agentId, 'outcome_saved', { attemptId, code: input.code }).catch(() => undefined);
    return { attemptId, code: input.code, settlement };
  }
}
