import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DomainError } from '@dialer/core';
import { AgentPresence, AgentsService } from '@dialer/agents';
import { CampaignConfig, WRAP_UP_EXTEND_SEC } from '@dialer/campaigns';
import { CampaignConfigCache } from '../flow/campaign-config.cache';
import { DialerTimers } from './dialer-timers';
import { extendedWrapUpDeadline, wrapUpDeadline } from './wrap-up-deadline';

export class NotInWrapUpError extends DomainError {
  constructor() {
    super('NOT_IN_WRAP_UP', 'You are not wrapping up a call', 'conflict');
  }
}

export class WrapUpAtMaximumError extends DomainError {
  constructor(maxSeconds: number) {
    super('WRAP_UP_AT_MAXIMUM', `Wrap-up may last at most ${maxSeconds} s in this campaign`, 'conflict', { maxSeconds });
  }
}

/**
 * The wrap-up's clock, kept by the server: its deadline is on the agent's
 * state (the desk counts down to it, the pacer knows the agent is not free
 * before it) and, when the campaign readies agents on its own, a timer fires
 * at it. "Extend" moves the deadline and arms a new timer; the older one
 * finds the deadline later than itself and does nothing.
 */
@Injectable()
export class WrapUpClock {
  constructor(
    private readonly agents: AgentsService,
    private readonly configs: CampaignConfigCache,
    private readonly timers: DialerTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A wrap-up began: its deadline is the campaign's length. */
  async started(presence: AgentPresence, config: CampaignConfig): Promise<void> {
    const untilMs = wrapUpDeadline({ sinceMs: presence.sinceMs, untilMs: null, seconds: config.wrapUp.seconds });
    if (!(await this.agents.setWrapUpDeadline(presence.agentId, presence.epoch, untilMs))) return;
    if (config.wrapUp.autoReady) await this.timers.wrapUpExpires(presence.agentId, presence.epoch, config.wrapUp.seconds);
  }

  /** The agent wants more time: one step more, up to the campaign's maximum. */
  async extend(agentId: string): Promise<AgentPresence> {
    const presence = await this.agents.get(agentId);
    if (presence?.state !== 'wrap_up' || !presence.campaignId) throw new NotInWrapUpError();
    const { config } = await this.configs.get(presence.campaignId);
    const nowMs = this.clock.now().getTime();
    const untilMs = extendedWrapUpDeadline({
      sinceMs: presence.sinceMs,
      untilMs: presence.wrapUpUntilMs,
      nowMs,
      seconds: config.wrapUp.seconds,
      maxSeconds: config.wrapUp.maxSeconds,
      stepSec: WRAP_UP_EXTEND_SEC,
    });
    if (untilMs === null) throw new WrapUpAtMaximumError(config.wrapUp.maxSeconds);
    const updated = await this.agents.setWrapUpDeadline(agentId, presence.epoch, untilMs);
    if (!updated) throw new NotInWrapUpError(); // the wrap-up ended meanwhile
    if (config.wrapUp.autoReady) await this.timers.wrapUpExpires(agentId, presence.epoch, (untilMs - nowMs) / 1000, untilMs);
    return updated;
  }
}
