import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, Clock } from '@dialer/core';
import { CallProgressService } from '@dialer/calls';
import { TELEPHONY_PORT, TelephonyPort, TERMINAL_CALL_STATUSES } from '@dialer/telephony';
import { CallPlacer } from '../placement/call-placer';
import { AttemptSettlementService } from '../settlement/attempt-settlement.service';
import { CallEndings } from '../settlement/call-endings.service';

/** How long each state may go without news before Twilio is asked. */
const QUIET = { queuedMs: 2 * 60_000, ringingMs: 3 * 60_000, talkingMs: 2 * 3600_000 };
/** An agent who never records an outcome: the lead is settled without one after this long. */
const DISPOSITION_GRACE_MS = 15 * 60_000;
const BATCH = 200;

export interface ReconcileReport {
  askedTwilio: number;
  settledFromTwilio: number;
  neverPlaced: number;
  settled: number;
  settledWithoutDisposition: number;
}

/**
 * The safety net under the webhooks: attempts that have heard nothing for
 * longer than their state allows are looked up at Twilio through the SDK and
 * settled from what it says; attempts that never reached Twilio are given
 * back; ended attempts not yet settled are settled. A lost callback never
 * leaves a lead (or an agent) stuck.
 */
@Injectable()
export class Reconciler {
  constructor(
    private readonly em: EntityManager,
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    private readonly progress: CallProgressService,
    private readonly endings: CallEndings,
    private readonly settlement: AttemptSettlementService,
    private readonly placer: CallPlacer,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.logger.setContext(Reconciler.name);
  }

  async run(): Promise<ReconcileReport> {
    const report: ReconcileReport = { askedTwilio: 0, settledFromTwilio: 0, neverPlaced: 0, settled: 0, settledWithoutDisposition: 0 };
    const now = this.clock.now().getTime();
    const em = this.em.fork();

    const quiet = await em.execute<{ id: string; provider_call_sid: string | null }[]>(
      `select id, provider_call_sid from call_attempts
        where (state = 'queued' and updated_at < ?)
           or (state in ('initiated', 'ringing') and updated_at < ?)
           or (state = 'in_progress' and updated_at < ?)
        order by updated_at limit ?`,
      [new Date(now - QUIET.queuedMs), new Date(now - QUIET.ringingMs), new Date(now - QUIET.talkingMs), BATCH],
    );
    for (const attempt of quiet) {
      try {
        if (!attempt.provider_call_sid) {
          await this.placer.giveBack(attempt.id, 'never reached Twilio');
          report.neverPlaced++;
          continue;
        }
        report.askedTwilio++;
        const call = await this.telephony.fetchCall(attempt.provider_call_sid);
        if (!TERMINAL_CALL_STATUSES.includes(call.status)) continue;
        await this.progress.reconciled(attempt.id, call);
        await this.endings.ended(attempt.id);
        report.settledFromTwilio++;
      } catch (error) {
        this.logger.warn({ err: error, attemptId: attempt.id }, 'could not reconcile attempt');
      }
    }

    const unsettled = await em.execute<{ id: string; ended_at: string | null }[]>(
      `select id, ended_at from call_attempts
        where settled_at is null and state in ('completed', 'busy', 'no_answer', 'failed', 'canceled') and ended_at < ?
        order by ended_at limit ?`,
      [new Date(now - 30_000), BATCH],
    );
    for (const attempt of unsettled) {
      const result = await this.endings.ended(attempt.id);
      if (result === 'settled') report.settled++;
      else if (result === 'awaiting_disposition' && attempt.ended_at && new Date(attempt.ended_at).getTime() < now - DISPOSITION_GRACE_MS) {
        if ((await this.settlement.settle(attempt.id, { force: true })) === 'settled') report.settledWithoutDisposition++;
      }
    }
    if (Object.values(report).some((n) => n > 0)) this.logger.info({ report }, 'reconciled');
    return report;
  }
}
