import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig, CLOCK, Clock, REDIS } from '@dialer/core';
import { AgentPresence, AgentState } from './agent-state';
import { CANCEL_PAUSE_AFTER_CALL_SCRIPT, JOIN_SCRIPT, MOVE_SCRIPT, PAUSE_AFTER_CALL_SCRIPT, RESERVE_NEXT_SCRIPT, WRAP_UP_DEADLINE_SCRIPT } from './agent-state.lua';

/** How many entries each campaign's agent event stream keeps (XADD MAXLEN ~). */
export const AGENT_EVENTS_STREAM_MAXLEN = 10_000;

export type MoveResult =
  | { ok: true; from: AgentState; to: AgentState; epoch: number; campaignId: string }
  | { ok: false; state: AgentState; campaignId: string | null };

export interface MoveRequest {
  from: readonly AgentState[];
  to: AgentState;
  attemptId?: string;
  /** Refuse unless the agent's current attempt is `attemptId` (stale timers and late callbacks). */
  mustMatchAttempt?: boolean;
  leadId?: string;
  reason?: string;
  /** Refuse unless the agent is still in the state this move numbered (nothing moved them since). */
  epoch?: number;
}

interface AgentScripts {
  agentJoin(...args: (string | number)[]): Promise<string[]>;
  agentMove(...args: (string | number)[]): Promise<string[]>;
  agentReserveNext(...args: (string | number)[]): Promise<string[]>;
  agentPauseAfterCall(...args: (string | number)[]): Promise<number>;
  agentCancelPauseAfterCall(...args: (string | number)[]): Promise<number>;
  agentWrapUpDeadline(...args: (string | number)[]): Promise<number>;
}

/** Agents' live state in Redis; every change is one atomic script. */
@Injectable()
export class AgentStateStore {
  private readonly scripts: AgentScripts;
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.prefix = config.redis.queuePrefix;
    redis.defineCommand('agentJoin', { numberOfKeys: 0, lua: JOIN_SCRIPT });
    redis.defineCommand('agentMove', { numberOfKeys: 0, lua: MOVE_SCRIPT });
    redis.defineCommand('agentReserveNext', { numberOfKeys: 0, lua: RESERVE_NEXT_SCRIPT });
    redis.defineCommand('agentPauseAfterCall', { numberOfKeys: 0, lua: PAUSE_AFTER_CALL_SCRIPT });
    redis.defineCommand('agentCancelPauseAfterCall', { numberOfKeys: 0, lua: CANCEL_PAUSE_AFTER_CALL_SCRIPT });
    redis.defineCommand('agentWrapUpDeadline', { numberOfKeys: 0, lua: WRAP_UP_DEADLINE_SCRIPT });
    this.scripts = redis as unknown as AgentScripts;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** The stream the pacing leader reads for this campaign's agent changes. */
  eventsKey(campaignId: string): string {
    return `${this.prefix}:agents:events:${campaignId}`;
  }

  async join(agentId: string, campaignId: string, name: string): Promise<MoveResult> {
    const [status, from, epoch] = await this.scripts.agentJoin(
      this.prefix, agentId, campaignId, this.now(), name, AGENT_EVENTS_STREAM_MAXLEN,
    );
    return status === 'ok'
      ? { ok: true, from: from as AgentState, to: 'paused', epoch: Number(epoch), campaignId }
      : { ok: false, state: from as AgentState, campaignId: null };
  }

  async move(agentId: string, request: MoveRequest): Promise<MoveResult> {
    const [status, state, to, epoch, campaignId] = await this.scripts.agentMove(
      this.prefix,
      agentId,
      request.from.join(','),
      request.to,
      this.now(),
      request.attemptId ?? '',
      request.mustMatchAttempt ? '1' : '0',
      request.leadId ?? '',
      request.reason ?? '',
      AGENT_EVENTS_STREAM_MAXLEN,
      request.epoch === undefined ? '' : String(request.epoch),
    );
    if (status !== 'ok') return { ok: false, state: state as AgentState, campaignId: to || null };
    return { ok: true, from: state as AgentState, to: to as AgentState, epoch: Number(epoch), campaignId: campaignId! };
  }

  /**
   * The longest-idle ready agent of the campaign, now reserved for the call
   * (null when none is ready), and the ready agents passed over because their
   * desk is gone, now paused.
   */
  async reserveNext(
    campaignId: string,
    attemptId: string,
    leadId: string,
  ): Promise<{ reserved: { agentId: string; epoch: number } | null; paused: { agentId: string; epoch: number }[] }> {
    const [agentId, epoch, ...rest] = await this.scripts.agentReserveNext(
      this.prefix, campaignId, this.now(), attemptId, leadId, AGENT_EVENTS_STREAM_MAXLEN,
    );
    const paused: { agentId: string; epoch: number }[] = [];
    for (let i = 0; i + 1 < rest.length; i += 2) paused.push({ agentId: rest[i], epoch: Number(rest[i + 1]) });
    return { reserved: agentId ? { agentId, epoch: Number(epoch) } : null, paused };
  }

  async pauseAfterCall(agentId: string, reason: string): Promise<boolean> {
    return (await this.scripts.agentPauseAfterCall(this.prefix, agentId, reason)) === 1;
  }

  /** Withdraws the pause asked for after the call when it was asked for `reason`; false when there is none such. */
  async cancelPauseAfterCall(agentId: string, reason: string): Promise<boolean> {
    return (await this.scripts.agentCancelPauseAfterCall(this.prefix, agentId, reason)) === 1;
  }

  /** The deadline of the wrap-up numbered `epoch`; false when the agent has left it. */
  async setWrapUpDeadline(agentId: string, epoch: number, untilMs: number): Promise<boolean> {
    return (await this.scripts.agentWrapUpDeadline(this.prefix, agentId, epoch, untilMs)) === 1;
  }

  async get(agentId: string): Promise<AgentPresence | null> {
    const hash = await this.redis.hgetall(`${this.prefix}:agent:${agentId}`);
    return hash.state ? toPresence(agentId, hash) : null;
  }

  /** Everyone logged in to the campaign, in any state. */
  async listCampaign(campaignId: string): Promise<AgentPresence[]> {
    const ids = await this.redis.smembers(`${this.prefix}:campaign:${campaignId}:agents`);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(`${this.prefix}:agent:${id}`);
    const hashes = (await pipeline.exec()) ?? [];
    return ids
      .map((id, i) => toPresence(id, (hashes[i]?.[1] ?? {}) as Record<string, string>))
      .filter((presence) => presence.campaignId === campaignId && presence.state !== 'offline');
  }

  readyCount(campaignId: string): Promise<number> {
    return this.redis.zcard(`${this.prefix}:campaign:${campaignId}:ready`);
  }
}

function toPresence(agentId: string, hash: Record<string, string>): AgentPresence {
  const orNull = (value: string | undefined) => (value ? value : null);
  // Stamped with the wrap-up's epoch: any later state makes it void.
  const [wrapEpoch, wrapUntil] = (hash.wrapUntil ?? '').split(':');
  const wrapUpUntilMs = hash.state === 'wrap_up' && wrapEpoch === hash.epoch && wrapUntil ? Number(wrapUntil) : null;
  return {
    agentId,
    name: hash.name ?? '',
    campaignId: orNull(hash.campaignId),
    state: (hash.state as AgentState | undefined) ?? 'offline',
    sinceMs: Number(hash.since ?? 0),
    attemptId: orNull(hash.attemptId),
    leadId: orNull(hash.leadId),
    pauseReason: orNull(hash.pauseReason),
    pauseAfterCall: orNull(hash.pauseAfterCall),
    epoch: Number(hash.epoch ?? 0),
    wrapUpUntilMs,
  };
}
