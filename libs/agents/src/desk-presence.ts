import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@dialer/core';

/** How long a desk counts as there after its api process last vouched for it. */
export const DESK_TTL_MS = 10_000;
/** How often an api process vouches for the desks it holds: well within the TTL, so one late beat loses nothing. */
export const DESK_HEARTBEAT_MS = 3_000;
/** The pause reason of an agent whose desk went away (closed, or died with its api). */
export const DESK_LOST_REASON = 'disconnected';
/**
 * A desk back within this long of going away (a reload, a network blink, an
 * api restart) takes its agent back to ready, when the pause in force is still
 * the one its going away put on (see AgentReadinessService.resumeAfterDeskBack).
 */
export const DESK_RETURN_GRACE_MS = 60_000;

/**
 * Whether an agent's desk (their desktop's socket) is still there. A desk
 * that closes is seen at once by its api's disconnect handler; one whose api
 * process dies (kill -9, a crash, a lost machine) is seen by its heartbeat
 * expiring: each api process renews `<p>:desk:<agentId>` (TTL DESK_TTL_MS)
 * for the desks it holds, and the agent's hash keeps `desk = 1` once one was
 * attached, so a flag without its key is a desk that is gone. The agent-state
 * scripts refuse to reserve or connect such an agent; the pacing leader and
 * the reconciler treat them as disconnected. Agents that never attached a
 * desk (driven over REST alone) are not concerned.
 */
@Injectable()
export class DeskPresence {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = config.redis.queuePrefix;
  }

  private key(agentId: string): string {
    return `${this.prefix}:desk:${agentId}`;
  }

  /** The api process holding these desks vouches for them for another DESK_TTL_MS. */
  async beat(agentIds: Iterable<string>, holder: string): Promise<void> {
    const pipeline = this.redis.pipeline();
    let any = false;
    for (const agentId of agentIds) {
      any = true;
      pipeline.set(this.key(agentId), holder, 'PX', DESK_TTL_MS);
      pipeline.hset(`${this.prefix}:agent:${agentId}`, 'desk', '1');
    }
    if (any) await pipeline.exec();
  }

  /** The agent's last desk closed: nothing to expire (its disconnect handler dealt with the agent). */
  async detach(agentId: string): Promise<void> {
    await this.redis.pipeline().del(this.key(agentId)).hdel(`${this.prefix}:agent:${agentId}`, 'desk').exec();
  }

  /** Of these agents, those who had a desk that has since expired. */
  async gone(agentIds: readonly string[]): Promise<string[]> {
    if (agentIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const agentId of agentIds) {
      pipeline.hget(`${this.prefix}:agent:${agentId}`, 'desk');
      pipeline.exists(this.key(agentId));
    }
    const replies = (await pipeline.exec()) ?? [];
    return agentIds.filter((_, i) => replies[2 * i]?.[1] === '1' && replies[2 * i + 1]?.[1] === 0);
  }

  private lostKey(agentId: string): string {
    return `${this.prefix}:desk-lost:${agentId}`;
  }

  /**
   * The agent was paused (`disconnected`) at once because their desk went away,
   * by the move numbered `epoch`: a desk back within DESK_RETURN_GRACE_MS may
   * take that pause back (and only that one: any later move has another epoch).
   */
  async markLost(agentId: string, epoch: number): Promise<void> {
    await this.redis.set(this.lostKey(agentId), String(epoch), 'PX', DESK_RETURN_GRACE_MS);
  }

  /** The epoch of the pause the agent's lost desk put on, if within the grace; taken once (two tabs back at once: one resumes). */
  async takeLost(agentId: string): Promise<number | null> {
    const epoch = await this.redis.getdel(this.lostKey(agentId));
    return epoch === null ? null : Number(epoch);
  }

  /** The expired desk has been dealt with (its agent treated as disconnected): not again. */
  async forget(agentId: string): Promise<void> {
    await this.redis.hdel(`${this.prefix}:agent:${agentId}`, 'desk');
  }
}
