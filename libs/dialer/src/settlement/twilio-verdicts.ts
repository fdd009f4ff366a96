import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AgentsService } from '@dialer/agents';
import { DomainError } from '@dialer/core';
import { CallProgressService, ProviderAnswerSource } from '@dialer/calls';
import { CallSnapshot, TELEPHONY_ERROR_CODES, TELEPHONY_PORT, TelephonyPort, TERMINAL_CALL_STATUSES } from '@dialer/telephony';
import { isEndedAttemptState } from '../attempts/attempt-classes';
import { CallEndings } from './call-endings.service';

/**
 * What Twilio says of a call whose news we may have missed (its last status
 * callback lost: the api was down, or the provider forgot the call), applied
 * at once: a terminal status is recorded as its status callback would have
 * been; a call Twilio does not know (404, error 20404) cannot be live, so it
 * is over — `completed` when our record says it was answered (its
 * answered_at, connected_at stand), `failed` otherwise. Then the call ends for
 * its agent (wrap-up) and its lead is settled (CallEndings).
 *
 * Used by the reconciler (a quiet call it asks about) and by the agent's
 * hang-up (which asks Twilio about the call anyway), so both settle alike.
 * (Not injected into AgentCallsService: CallProgressService needs the agent
 * leg listener, AgentReadinessService, which needs AgentCallsService.)
 * Idempotent, and safe beside a late callback: the report is stored once
 * (dedupe `reconciled:<status>`), the first terminal state stands (a later
 * callback moves nothing), the agent's move to wrap-up is atomic and told to
 * the desk once, and a lead is settled once (CallEndings, settlement).
 */
@Injectable()
export class TwilioVerdicts {
  constructor(
    private readonly em: EntityManager,
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    private readonly progress: CallProgressService,
    private readonly endings: CallEndings,
    private readonly agents: AgentsService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(TwilioVerdicts.name);
  }

  /** Asks Twilio about a call (fetch) and settles it if it is over or unknown; true when it was. */
  ask(attemptId: string, callSid: string): Promise<boolean> {
    return this.apply(attemptId, callSid, () => this.telephony.fetchCall(callSid), 'reconciliation');
  }

  /**
   * The agent ends their call (切断). Twilio's answer is applied at once when
   * it says the call is over already, or that it does not know it (its last
   * callback was lost: the api was down when the callee hung up, or the
   * provider forgot the call): the call ends for the agent now (wrap-up) and is
   * settled as the reconciler would settle it, not minutes later. A live call
   * Twilio ends now is settled the same way, its callback then a no-op.
   */
  async agentHangsUp(agentId: string): Promise<{ attemptId: string }> {
    const presence = await this.agents.get(agentId);
    const attemptId = presence?.attemptId ?? null;
    const [row] = attemptId
      ? await this.em.execute<{ provider_call_sid: string | null }[]>(`select provider_call_sid from call_attempts where id = ?`, [attemptId])
      : [];
    if (!attemptId || !row?.provider_call_sid) throw new DomainError('NO_CALL', 'You are not on a call', 'conflict');
    await this.hangUp(attemptId, row.provider_call_sid);
    return { attemptId };
  }

  /**
   * Hangs up a call (the agent's 切断) and settles it at once when Twilio's
   * answer says it is over, or that it does not know it: the callback that
   * should end it may never come. True when the call is over on our side.
   */
  hangUp(attemptId: string, callSid: string): Promise<boolean> {
    return this.apply(attemptId, callSid, () => this.telephony.hangUp(callSid), 'hang-up');
  }

  private async apply(attemptId: string, callSid: string, ask: () => Promise<CallSnapshot>, source: ProviderAnswerSource): Promise<boolean> {
    try {
      const call = await ask();
      if (!TERMINAL_CALL_STATUSES.includes(call.status)) return false;
      // Ended meanwhile (its callback came): nothing to record, the ending below is a no-op or a retry of it.
      if (await this.liveRow(attemptId)) await this.progress.reconciled(attemptId, call, source);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== TELEPHONY_ERROR_CODES.callNotFound) throw error;
      const row = await this.liveRow(attemptId);
      if (row) {
        const answered = row.answered_at !== null || row.connected_at !== null || row.state === 'in_progress';
        this.logger.warn({ attemptId, callSid, source }, `Twilio does not know this call: settled as ${answered ? 'completed' : 'failed'}`);
        await this.progress.lostAtProvider(attemptId, callSid, { answered, source });
      }
    }
    await this.endings.ended(attemptId);
    return true;
  }

  /** The attempt, unless it has ended (or is gone). */
  private async liveRow(attemptId: string) {
    const [row] = await this.em.execute<{ state: string; answered_at: string | null; connected_at: string | null }[]>(
      `select state, answered_at, connected_at from call_attempts where id = ?`,
      [attemptId],
    );
    return row && !isEndedAttemptState(row.state) ? row : null;
  }
}
