import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { AgentsService } from '@dialer/agents';
import { Actor, AuditService, SYSTEM_ACTOR } from '@dialer/audit';
import { APP_CONFIG, AppConfig, CLOCK, Clock, DomainError, REDIS } from '@dialer/core';
import { MONITOR_LEG_LABEL, MonitorAttributes, monitorAttributes, MonitorMode, TELEPHONY_ERROR_CODES, TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { AGENT_LEG_LABEL } from '@dialer/calls';
import { agentRoom } from '../flow/agent-room';
import { AgentAlreadyMonitoredError, callToMonitor, MONITOR_CONNECT_GRACE_MS, MonitorSession, NotMonitoringError, sessionHolds, SupervisorAlreadyMonitoringError } from './monitor-session';

/** A session outlives no call: Twilio's longest call is 24 hours. */
const SESSION_TTL_MS = 24 * 3600_000;

/** Replaces the value at KEYS[1] only if it is still ARGV[1] ('' = absent); ARGV[2] '' deletes. */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

type MonitorAction = 'started' | 'mode_changed' | 'stopped';

/** How long one start may hold the supervisor's turn (it asks Twilio at most to hang a stale leg up), and how often a second one looks. */
const START_LOCK_TTL_MS = 10_000;
const START_LOCK_RETRY_MS = 25;

/**
 * Call monitoring from the wallboard: a supervisor listens to, whispers to or
 * barges into an agent's call. The supervisor's own audio leg (their
 * browser's Voice SDK, or the emulator's leg) calls in like an agent's; the
 * voice webhook joins it to the agent's room with `attachLeg`'s attributes.
 * Mode changes update that participant in place; the leg is hung up when the
 * supervisor stops or the call ends. Start, every change and stop are audited.
 */
@Injectable()
export class MonitoringService {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    private readonly agents: AgentsService,
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly logger: PinoLogger,
  ) {
    this.prefix = config.redis.queuePrefix;
    this.logger.setContext(MonitoringService.name);
  }

  private key(agentId: string): string {
    return `${this.prefix}:monitor:${agentId}`;
  }

  /** Set before any monitor leg is let into the agent's room, cleared once a sweep finds the room free of them. */
  private joinedKey(agentId: string): string {
    return `${this.prefix}:monitor-joined:${agentId}`;
  }

  async get(agentId: string): Promise<MonitorSession | null> {
    const raw = await this.redis.get(this.key(agentId));
    return raw ? (JSON.parse(raw) as MonitorSession) : null;
  }

  /** Which agent a supervisor last claimed: a hint, checked against that agent's session. */
  private byKey(supervisorId: string): string {
    return `${this.prefix}:monitor-by:${supervisorId}`;
  }

  /**
   * Claims the agent's call for this supervisor (one monitor per call, one call per supervisor); the leg joins
   * later, through attachLeg. The supervisor's own live claim on this call (a reloaded tab) is kept, its mode
   * switched: `resumed` says so (no new leg is needed).
   */
  async start(actor: Actor, agentId: string, mode: MonitorMode): Promise<{ session: MonitorSession; resumed: boolean }> {
    return this.oneStartAtATime(actor.id!, () => this.claim(actor, agentId, mode));
  }

  /**
   * Two tabs of one supervisor starting on two calls at once: each checks that
   * the supervisor holds no other call, then claims its own; run side by side
   * both checks pass. So a supervisor's starts run one after the other (a lock
   * in Redis, shared by every api process; it lapses if its holder dies).
   */
  private async oneStartAtATime<T>(supervisorId: string, run: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}:monitor-starting:${supervisorId}`;
    const token = randomUUID();
    while ((await this.redis.set(key, token, 'PX', START_LOCK_TTL_MS, 'NX')) !== 'OK') await sleep(START_LOCK_RETRY_MS);
    try {
      return await run();
    } finally {
      await this.redis.eval(COMPARE_AND_SET, 1, key, token, '', START_LOCK_TTL_MS);
    }
  }

  private async claim(actor: Actor, agentId: string, mode: MonitorMode): Promise<{ session: MonitorSession; resumed: boolean }> {
    const attemptId = callToMonitor(agentId, await this.agents.get(agentId));
    const raw = (await this.redis.get(this.key(agentId))) ?? '';
    if (raw) {
      const existing = JSON.parse(raw) as MonitorSession;
      if (await this.holds(existing, attemptId)) {
        if (existing.supervisorId !== actor.id) throw new AgentAlreadyMonitoredError(existing);
        return { session: await this.setMode(actor, agentId, mode), resumed: true };
      }
    }
    const elsewhere = await this.mineElsewhere(actor.id!, agentId);
    if (elsewhere) throw new SupervisorAlreadyMonitoringError(elsewhere);
    const [call] = await this.em
      .fork()
      .getConnection()
      .execute<{ provider_call_sid: string | null }[]>(`select provider_call_sid from call_attempts where id = ?`, [attemptId]);
    const session: MonitorSession = {
      agentId,
      callSid: call?.provider_call_sid ?? null,
      supervisorId: actor.id!,
      supervisorRole: actor.role,
      attemptId,
      mode,
      legCallSid: null,
      startedAtMs: this.clock.now().getTime(),
    };
    // Two supervisors clicking at once: the compare-and-set lets one in.
    if (!(await this.swap(agentId, raw, session))) throw new AgentAlreadyMonitoredError((await this.get(agentId)) ?? session);
    await this.redis.set(this.byKey(actor.id!), agentId, 'PX', SESSION_TTL_MS);
    // The session replaced (its leg gone, its call over) had its start audited: its stop is, too, never lost.
    const replaced = raw ? (JSON.parse(raw) as MonitorSession) : null;
    if (replaced?.legCallSid) {
      await this.hangUpLeg(replaced.legCallSid).catch(() => undefined);
      const reason = replaced.attemptId === attemptId ? 'leg_gone' : 'call_ended';
      await this.audited({ id: replaced.supervisorId, role: replaced.supervisorRole }, 'stopped', replaced, { reason });
    }
    return { session, resumed: false };
  }

  /** The supervisor's live monitoring, wherever it is (a reloaded wallboard restores its bar), or null. */
  async mine(supervisorId: string): Promise<MonitorSession | null> {
    const agentId = await this.redis.get(this.byKey(supervisorId));
    if (!agentId) return null;
    const session = await this.get(agentId);
    if (session?.supervisorId !== supervisorId) return null;
    const presence = await this.agents.get(agentId);
    if (presence?.state !== 'on_call' || presence.attemptId !== session.attemptId) return null;
    return (await this.holds(session, session.attemptId)) ? session : null;
  }

  /** This supervisor's live claim on another agent's call, if any: one call at a time. */
  private async mineElsewhere(supervisorId: string, agentId: string): Promise<MonitorSession | null> {
    const other = await this.redis.get(this.byKey(supervisorId));
    if (!other || other === agentId) return null;
    const session = await this.mine(supervisorId);
    return session && session.agentId !== agentId ? session : null;
  }

  private async holds(session: MonitorSession, attemptId: string): Promise<boolean> {
    const legInRoom = session.legCallSid ? (await this.telephony.participantCallSid(agentRoom(session.agentId), MONITOR_LEG_LABEL)) === session.legCallSid : null;
    return sessionHolds(session, attemptId, this.clock.now().getTime(), legInRoom);
  }

  /**
   * The voice webhook of a supervisor's leg (`client:<supervisorId>`) asking to
   * monitor `agentId`: where it goes and how it is heard, or null when this
   * supervisor holds no session for that agent (the leg is hung up). The start
   * is audited here, when the supervisor hears the call.
   */
  async attachLeg(supervisorId: string, agentId: string, legCallSid: string): Promise<{ room: string; attributes: MonitorAttributes } | null> {
    const raw = (await this.redis.get(this.key(agentId))) ?? '';
    const session = raw ? (JSON.parse(raw) as MonitorSession) : null;
    if (!session || session.supervisorId !== supervisorId || (session.legCallSid !== null && session.legCallSid !== legCallSid)) return null;
    const { mode, attributes } = await this.applied(session);
    if (session.legCallSid === legCallSid) return { room: agentRoom(agentId), attributes }; // a retried webhook
    // Marked before the leg can be in the room: the sweeps look at the room only when a leg may be there.
    await this.redis.set(this.joinedKey(agentId), '1', 'PX', SESSION_TTL_MS);
    // The mode recorded, shown and audited is the one applied (a whisper with no agent's leg to coach is a listen).
    const joined = { ...session, legCallSid, mode };
    if (!(await this.swap(agentId, raw, joined))) return null;
    await this.audited({ id: session.supervisorId, role: session.supervisorRole }, 'started', joined);
    return { room: agentRoom(agentId), attributes };
  }

  /** Listen, whisper or barge, in place: the leg stays in the room. */
  async setMode(actor: Actor, agentId: string, mode: MonitorMode): Promise<MonitorSession> {
    const raw = (await this.redis.get(this.key(agentId))) ?? '';
    const session = this.own(actor, agentId, raw);
    // A leg still connecting takes the new mode from its webhook; one in the room gets the mode that can be applied now.
    const applied = session.legCallSid ? await this.applied({ ...session, mode }) : { mode, attributes: null };
    const next = { ...session, mode: applied.mode };
    if (!(await this.swap(agentId, raw, next))) throw new NotMonitoringError(agentId);
    if (session.legCallSid && applied.attributes) {
      try {
        await this.telephony.updateParticipant(agentRoom(agentId), session.legCallSid, applied.attributes);
      } catch (error) {
        if ((error as DomainError).code !== TELEPHONY_ERROR_CODES.callNotFound) throw error;
        // The supervisor's leg is no longer in the room (a closed browser): the session is over.
        await this.swap(agentId, JSON.stringify(next), null);
        await this.audited(actor, 'stopped', session, { reason: 'leg_gone' });
        throw new NotMonitoringError(agentId);
      }
    }
    if (next.mode !== session.mode) await this.audited(actor, 'mode_changed', next, { from: session.mode, ...(next.mode !== mode ? { requested: mode } : {}) });
    return next;
  }

  /** The supervisor stops: their leg is hung up. */
  async stop(actor: Actor, agentId: string): Promise<MonitorSession> {
    const raw = (await this.redis.get(this.key(agentId))) ?? '';
    const session = this.own(actor, agentId, raw);
    // The leg goes first, the session second: a failed hang-up leaves the session (and the leg) to stop again or to sweep.
    const stopping = await this.markStopping(agentId, raw, session);
    if (stopping === null) throw new NotMonitoringError(agentId);
    if (session.legCallSid) await this.hangUpLeg(session.legCallSid);
    if (!(await this.swap(agentId, stopping, null))) throw new NotMonitoringError(agentId);
    await this.audited(actor, 'stopped', session, { reason: 'supervisor' });
    return session;
  }

  /** The supervisor's audio never joined (a failed emulated leg): the claim is dropped, nothing was heard, nothing audited. */
  async abandon(supervisorId: string, agentId: string): Promise<void> {
    const raw = (await this.redis.get(this.key(agentId))) ?? '';
    const session = raw ? (JSON.parse(raw) as MonitorSession) : null;
    if (session?.supervisorId !== supervisorId) return;
    if (session.legCallSid) await this.telephony.hangUp(session.legCallSid).catch(() => undefined);
    await this.swap(agentId, raw, null);
  }

  /**
   * A call of the agent ended (by whatever path: its callback, a retried
   * ending, the reconciler): its session's leg is hung up, then the session
   * is dropped, then any other monitor leg left in the room is swept out.
   * `currentAttemptId` is the call the agent is on now, if any (its monitor stays).
   */
  async callEnded(agentId: string, attemptId: string, currentAttemptId: string | null = null): Promise<void> {
    const raw = (await this.redis.get(this.key(agentId))) ?? '';
    const session = raw ? (JSON.parse(raw) as MonitorSession) : null;
    const stopping = session?.attemptId === attemptId ? await this.markStopping(agentId, raw, session) : null;
    if (session && stopping !== null) {
      if (session.legCallSid) await this.hangUpLeg(session.legCallSid);
      if (await this.swap(agentId, stopping, null)) await this.audited(SYSTEM_ACTOR, 'stopped', session, { reason: 'call_ended' });
    }
    await this.clearRoom(agentId, currentAttemptId !== attemptId ? currentAttemptId : null);
  }

  /**
   * The invariant "no monitor leg is in an agent's room when a callee is
   * bridged into it": every participant labelled as a monitor leg that
   * belongs to no live session for `keepAttemptId` (the call being bridged,
   * or the call the agent is on now; null: none) is hung up, and a session
   * of another call, or whose leg is gone, is ended and audited.
   *
   * Cost: one Redis MGET on every bridge and every call end. The room is
   * listed (Twilio: find the live conference, list its participants — two
   * REST reads) only when a session exists or a monitor leg was ever let
   * into this agent's room since the last sweep that found it free, so a
   * floor nobody monitors never pays it.
   */
  async clearRoom(agentId: string, keepAttemptId: string | null): Promise<void> {
    const [raw, joined] = await this.redis.mget(this.key(agentId), this.joinedKey(agentId));
    if (!raw && !joined) return;
    const session = raw ? (JSON.parse(raw) as MonitorSession) : null;
    const live = session !== null && keepAttemptId !== null && session.attemptId === keepAttemptId && !session.stopping;
    const participants = await this.telephony.participants(agentRoom(agentId));
    const legs = participants.filter((participant) => participant.label === MONITOR_LEG_LABEL);
    let left = 0;
    for (const leg of legs) {
      if (live && session.legCallSid === leg.callSid) {
        left++;
        continue;
      }
      await this.hangUpLeg(leg.callSid);
      this.logger.warn({ agentId, legCallSid: leg.callSid }, 'monitor leg without a session for this call: hung up');
    }
    if (session && !live) {
      // A session of an earlier call (its ending was missed): its leg is out now, the session goes.
      const reason = session.legCallSid && !legs.some((leg) => leg.callSid === session.legCallSid) ? 'leg_gone' : 'call_ended';
      if (await this.swap(agentId, raw!, null)) await this.audited(SYSTEM_ACTOR, 'stopped', session, { reason });
    } else if (live && session.legCallSid && !legs.some((leg) => leg.callSid === session.legCallSid) && this.clock.now().getTime() - session.startedAtMs > MONITOR_CONNECT_GRACE_MS) {
      // The supervisor's leg left the room (a closed tab, the network), not one still joining: the session ends with it.
      if (await this.swap(agentId, raw!, null)) await this.audited({ id: session.supervisorId, role: session.supervisorRole }, 'stopped', session, { reason: 'leg_gone' });
    }
    // A live session keeps the mark: its leg may be joining still.
    if (left === 0 && !live) await this.redis.del(this.joinedKey(agentId));
  }

  /**
   * A monitor leg left the agent's room (the conference's leave callback: a closed tab, the network, or our
   * own hang-up): a session still counting on it ends now, audited `leg_gone` for its supervisor, once.
   */
  async legLeft(agentId: string, legCallSid: string): Promise<void> {
    const raw = (await this.redis.get(this.key(agentId))) ?? '';
    const session = raw ? (JSON.parse(raw) as MonitorSession) : null;
    if (!session || session.stopping || session.legCallSid !== legCallSid) return;
    if (await this.swap(agentId, raw, null)) await this.audited({ id: session.supervisorId, role: session.supervisorRole }, 'stopped', session, { reason: 'leg_gone' });
  }

  /** Marks the session being stopped before its leg is hung up (so the leave it causes is not a `leg_gone`); its new value, or null when it changed. */
  private async markStopping(agentId: string, raw: string, session: MonitorSession): Promise<string | null> {
    if (session.stopping) return raw;
    const next = JSON.stringify({ ...session, stopping: true });
    return (await this.swap(agentId, raw, { ...session, stopping: true })) ? next : null;
  }

  /** Hangs a monitor leg up; one already gone is fine. */
  private async hangUpLeg(callSid: string): Promise<void> {
    try {
      await this.telephony.hangUp(callSid);
    } catch (error) {
      if ((error as DomainError).code !== TELEPHONY_ERROR_CODES.callNotFound) throw error;
    }
  }

  private own(actor: Actor, agentId: string, raw: string): MonitorSession {
    const session = raw ? (JSON.parse(raw) as MonitorSession) : null;
    if (!session || session.supervisorId !== actor.id) throw new NotMonitoringError(agentId);
    return session;
  }

  /** Whisper coaches the agent's own leg in the room; the mode that can be applied and its attributes. */
  private async applied(session: MonitorSession): Promise<{ mode: MonitorMode; attributes: MonitorAttributes }> {
    const agentLeg = session.mode === 'whisper' ? await this.telephony.participantCallSid(agentRoom(session.agentId), AGENT_LEG_LABEL) : null;
    // Without the agent's leg to coach (it just left), a whisper is a listen, heard by nobody rather than by the callee.
    if (session.mode === 'whisper' && !agentLeg) return { mode: 'listen', attributes: monitorAttributes('listen', '') };
    return { mode: session.mode, attributes: monitorAttributes(session.mode, agentLeg ?? '') };
  }

  private async swap(agentId: string, expected: string, next: MonitorSession | null): Promise<boolean> {
    const done = await this.redis.eval(COMPARE_AND_SET, 1, this.key(agentId), expected, next ? JSON.stringify(next) : '', SESSION_TTL_MS);
    return done === 1;
  }

  private async audited(actor: Actor, action: MonitorAction, session: MonitorSession, extra: Record<string, unknown> = {}): Promise<void> {
    await this.audit.recordNow(actor, {
      action: `agent.monitoring_${action}`,
      entityType: 'user',
      entityId: session.agentId,
      data: { supervisorId: session.supervisorId, agentId: session.agentId, attemptId: session.attemptId, callSid: session.callSid, mode: session.mode, ...extra },
    });
    this.logger.info({ agentId: session.agentId, supervisorId: session.supervisorId, mode: session.mode, action }, 'call monitoring');
  }
}
