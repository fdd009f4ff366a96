import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { liveStateSql } from '../attempts/attempt-classes';

/** States of a placed call nobody has answered yet: the ones a stop cancels. */
const UNANSWERED = `state in ('queued', 'initiated', 'ringing')`;

/**
 * What a leader does when its campaign stops dialing (paused, completed) or
 * its worker stops: the calls still ringing are cancelled at Twilio
 * (`Status=canceled`, which never cuts an answered call) before a callee can
 * answer with nobody to take them; answered calls are left to reach their
 * agent and end on their own.
 */
@Injectable()
export class CampaignWindDown {
  constructor(
    private readonly em: EntityManager,
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CampaignWindDown.name);
  }

  /**
   * Cancels the campaign's calls that have left but are not answered, except
   * those in `done`; returns how many were cancelled now. Also used when the
   * campaign's floor empties (CampaignRunner: nobody left to take a call).
   */
  async cancelRinging(campaignId: string, done: Set<string>, why = 'the campaign stops dialing'): Promise<number> {
    const ringing = await this.em
      .fork()
      .execute<{ id: string; provider_call_sid: string }[]>(
        `select id, provider_call_sid from call_attempts where campaign_id = ? and provider_call_sid is not null and ${UNANSWERED}`,
        [campaignId],
      );
    let cancelled = 0;
    for (const { id, provider_call_sid: sid } of ringing) {
      if (done.has(sid)) continue;
      done.add(sid);
      try {
        await this.telephony.cancelCall(sid);
        cancelled++;
      } catch (error) {
        done.delete(sid); // asked again on the next pass
        this.logger.warn({ err: error, attemptId: id }, 'could not cancel a ringing call');
      }
    }
    if (cancelled > 0) this.logger.info({ campaignId, cancelled }, `cancelled calls still ringing: ${why}`);
    return cancelled;
  }

  /** The campaign's attempts still live (placing, ringing, answered or talking). */
  async liveCount(campaignId: string): Promise<number> {
    const [row] = await this.em
      .fork()
      .execute<{ n: string }[]>(`select count(*) as n from call_attempts where campaign_id = ? and ${liveStateSql()}`, [campaignId]);
    return Number(row?.n ?? 0);
  }

  /** The campaign's attempts placed or placing that nobody has answered yet (a preview an agent is reading is not placing). */
  async unansweredCount(campaignId: string): Promise<number> {
    const [row] = await this.em
      .fork()
      .execute<{ n: string }[]>(
        `select count(*) as n from call_attempts where campaign_id = ? and ${UNANSWERED}
            and not (state = 'queued' and provider_call_sid is null and coalesce(mode, '') = 'preview')`,
        [campaignId],
      );
    return Number(row?.n ?? 0);
  }
}
