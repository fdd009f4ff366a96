import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, DomainError, REDIS } from '@dialer/core';
import { CampaignConfig, pickCallerId } from '@dialer/campaigns';
import { CallAttemptsService, PlaceAttemptCallOptions } from '@dialer/calls';
import { DncService } from '@dialer/compliance';
import { AttemptSettlementService } from '../settlement/attempt-settlement.service';
import { CpsLimiter } from './cps-limiter';
import { PlacementClaims } from './placement-claims';

/** How long a placement may wait for a calls-per-second slot before the attempt is given back. */
const MAX_CPS_WAIT_MS = 30_000;
/** A call Twilio did not confirm (a timeout) may still exist: its callbacks have this long to arrive before it counts as never placed. */
const UNREACHABLE_CLAIM_MS = 2 * 60_000;

export type PlacementResult = 'placed' | 'refused' | 'deferred' | 'unreachable';

/** The AMD request for a campaign's settings; a voicemail needs the end of the greeting. */
export function amdOptions(config: CampaignConfig): PlaceAttemptCallOptions['amd'] {
  if (config.amd.mode === 'off') return undefined;
  return { mode: config.amd.mode, detection: config.amd.onMachine === 'voicemail' ? 'DetectMessageEnd' : 'Enable' };
}

/**
 * Dials a queued attempt: picks the caller id (rotation, local presence),
 * waits for a slot in the account's and the campaign's calls-per-second
 * budgets, checks the do-not-call lists once more (the wait can be long, and
 * an entry added a second ago must win), and places the call through the calls
 * lib (the real Twilio SDK). An attempt that never leaves is cancelled unplaced:
 * it spends none of the lead's attempts.
 */
interface PlaceOptions {
  proceed?: () => boolean;
}

@Injectable()
export class CallPlacer {
  private readonly prefix: string;
  /** Placements of each campaign (in this process) still waiting for a calls-per-second slot. */
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly em: EntityManager,
    private readonly calls: CallAttemptsService,
    private readonly cps: CpsLimiter,
    private readonly settlement: AttemptSettlementService,
    private readonly dnc: DncService,
    private readonly claims: PlacementClaims,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.prefix = config.redis.queuePrefix;
    this.logger.setContext(CallPlacer.name);
  }

  /**
   * `proceed`: asked once the calls-per-second slot is there; false gives the
   * attempt back unplaced (its leader stopped dialing while it waited).
   */
  async place(attemptId: string, campaignId: string, phone: string, config: CampaignConfig, options: PlaceOptions = {}): Promise<PlacementResult> {
    if (config.callerIds.numbers.length === 0) {
      // The start checks require one; a campaign dialed without them (never started) must not leave a queued attempt.
      await this.giveBack(attemptId, 'the campaign has no caller id');
      return 'refused';
    }
    let release: ((keepForMs?: number) => Promise<void>) | undefined;
    let result: PlacementResult | undefined;
    try {
      release = await this.claims.hold(attemptId);
      result = await this.placeChecked(attemptId, campaignId, phone, config, options);
      return result;
    } catch (error) {
      // Failed before Twilio had it (Redis, the database): given back, not left queued for the reconciler.
      await this.giveBack(attemptId, 'placement failed before the call left').catch(() => undefined);
      throw error;
    } finally {
      // Twilio did not answer: the call may exist and its callbacks bind it; until then it is not "never placed".
      await release?.(result === 'unreachable' ? UNREACHABLE_CLAIM_MS : undefined).catch(() => undefined);
    }
  }

  private async placeChecked(attemptId: string, campaignId: string, phone: string, config: CampaignConfig, options: PlaceOptions): Promise<PlacementResult> {
    const rotation = await this.redis.incr(`${this.prefix}:campaign:${campaignId}:caller-id`);
    const from = pickCallerId(config.callerIds.numbers, phone, config.callerIds.localPresence, rotation);
    await this.em.execute(`update call_attempts set caller_id = ? where id = ?`, [from, attemptId]);

    this.waiting.set(campaignId, (this.waiting.get(campaignId) ?? 0) + 1);
    const slot = await this.cps.take(campaignId, config.cps, MAX_CPS_WAIT_MS).finally(() => {
      const left = (this.waiting.get(campaignId) ?? 1) - 1;
      if (left > 0) this.waiting.set(campaignId, left);
      else this.waiting.delete(campaignId);
    });
    if (!slot) {
      await this.giveBack(attemptId, 'no calls-per-second slot within 30 s');
      return 'deferred';
    }
    if (options.proceed && !options.proceed()) {
      await this.giveBack(attemptId, 'the campaign stopped dialing before the call left');
      return 'deferred';
    }
    if (await this.dnc.isBlocked(phone, campaignId)) {
      await this.giveBack(attemptId, 'put on a do-not-call list before the call left');
      // The main number on a list closes the lead, as a new DNC entry does (DncService.add); an alternate is
      // only skipped from now on: the lead is back in the hopper, which dials its other numbers.
      const [attempt] = await this.em.execute<{ lead_id: string; main: boolean }[]>(
        `select a.lead_id, a.phone = l.phone as main from call_attempts a join leads l on l.id = a.lead_id where a.id = ?`,
        [attemptId],
      );
      if (attempt?.main) await this.dnc.blockLead(attempt.lead_id, `${phone} is on a do-not-call list`, this.em);
      return 'refused';
    }
    try {
      await this.calls.placeCall(attemptId, {
        from,
        amd: amdOptions(config),
        timeoutSec: config.ringTimeoutSec,
        record: config.recording.enabled,
      });
      return 'placed';
    } catch (error) {
      this.logger.warn({ err: error, attemptId }, 'call not placed');
      if (error instanceof DomainError && !error.retryable) {
        // Twilio refused it for good: the calls lib marked it failed; the lead moves on.
        await this.settlement.settle(attemptId);
        return 'refused';
      }
      // Twilio unreachable: the call may exist; reconciliation asks Twilio later.
      return 'unreachable';
    }
  }

  /** How many of the campaign's placements in this process wait for a calls-per-second slot. */
  waitingFor(campaignId: string): number {
    return this.waiting.get(campaignId) ?? 0;
  }

  /** An attempt that never left: canceled, and its lead back in the hopper. */
  async giveBack(attemptId: string, reason: string): Promise<void> {
    await this.em.execute(
      `update call_attempts set state = 'canceled', outcome = 'canceled', ended_at = now(), updated_at = now(),
              compliance_evidence = compliance_evidence || jsonb_build_object('notPlaced', ?::text)
        where id = ? and state = 'queued' and provider_call_sid is null`,
      [reason, attemptId],
    );
    await this.settlement.settle(attemptId);
  }
}
