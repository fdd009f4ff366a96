import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Inject, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Namespace, Socket as AnySocket } from 'socket.io';
import type { DeskAck, DeskBack, DeskClientEvents, DeskServerEvents, ServerTime } from '@dialer/desk-events';
import { CLOCK, Clock, DomainError } from '@dialer/core';
import { AgentPresence, AgentsService, DESK_HEARTBEAT_MS, DESK_LOST_REASON, DESK_NAMESPACE, DeskPresence, deskRoom } from '@dialer/agents';
import { AuthService, Principal } from '@dialer/auth';
import { AgentReadinessService, AgentCallsService, ScreenPopService, WrapUpClock } from '@dialer/dialer';
import { SOCKET_RECHECK_MS, SocketSignIns } from '../access/socket-sign-ins';
import { toFieldProblems } from '../http/validation.pipe';
import { hostileFields } from '../http/hostile-input';
import { JoinCampaignDto, PauseDto } from './agent-state.dto';

type Ack<T> = DeskAck<T>;
/** The desk protocol, typed once (@dialer/desk-events) for the gateway, the simulator and the web app. */
type Socket = AnySocket<DeskClientEvents, DeskServerEvents>;


/**
 * The agent desktop's live channel (socket.io, namespace `/agents`): state
 * changes, screen pops and previews are pushed here the moment they happen,
 * whichever process caused them. Authenticated with the same bearer token
 * as the REST api (`auth: { token }` in the handshake); the first `state`
 * message says the desk is live. Messages sent before it (`join` with the
 * connect) are answered once the desk is authenticated. Rooms are shared
 * by every api process (socket.io's Redis adapter, RedisIoAdapter); notices
 * come from any process through the Redis emitter (AgentNotifier). This
 * process vouches for the desks it holds every few seconds (DeskPresence): if
 * it dies, they expire and their agents are treated as disconnected.
 */
@WebSocketGateway({ namespace: DESK_NAMESPACE, cors: { origin: true } })
export class AgentsGateway implements OnModuleInit, OnModuleDestroy, OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer() private readonly server!: Namespace<DeskClientEvents, DeskServerEvents>;
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private heartbeat?: NodeJS.Timeout;
  private recheck?: NodeJS.Timeout;
  private readonly signIns: SocketSignIns;

  constructor(
    private readonly auth: AuthService,
    private readonly agents: AgentsService,
    private readonly agentCalls: AgentCallsService,
    private readonly readiness: AgentReadinessService,
    private readonly wrapUps: WrapUpClock,
    private readonly screenPops: ScreenPopService,
    private readonly desks: DeskPresence,
    private readonly orm: MikroORM,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.logger.setContext(AgentsGateway.name);
    this.signIns = new SocketSignIns(
      (token) => this.deskOwner(token),
      (error) => this.logger.warn({ err: error }, 'could not check a desk’s sign-in'),
    );
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => {
      this.desks.beat(this.localAgents(), this.holder).catch((error: Error) => this.logger.warn({ err: error }, 'desk heartbeat failed'));
    }, DESK_HEARTBEAT_MS);
    this.heartbeat.unref();
    this.recheck = setInterval(() => void this.recheckDesks(), SOCKET_RECHECK_MS);
    this.recheck.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.recheck);
  }

  /** An agent deactivated, their password reset or made a manager: their desks are checked (and cut off) at once. */
  afterInit(): void {
    this.signIns.answerRechecks(this.server);
  }

  /**
   * A desk stays open for a whole shift: its sign-in is checked again every
   * minute (and at once when the agent's account changes), and one whose
   * token ran out, whose account was disabled or who is no longer an agent is
   * cut off — its disconnect takes the agent off the calls (deskLost), so no
   * callee is put through to them.
   */
  recheckDesks(): Promise<void> {
    return this.signIns.recheck(this.server.sockets.values());
  }

  /** The signed-in user behind a token, if they are an agent. */
  private async deskOwner(token: string): Promise<Principal> {
    const principal = await RequestContext.create(this.orm.em, () => this.auth.authenticate(token));
    if (principal.role !== 'agent') throw new DomainError('AUTH_FORBIDDEN', 'The agent desktop is for agents', 'forbidden');
    return principal;
  }

  /**
   * Redis was away (a restart, a failover): notices sent through it meanwhile
   * may be lost — a call's end, a state change. Each desk on this process is
   * sent its agent's state again, and the call in hand or whose outcome is
   * owed, as a desk that reconnects is (the desks themselves stayed connected).
   */
  async resyncDesks(): Promise<void> {
    for (const socket of this.server.sockets.values()) {
      const principal = socket.data.principal as Principal | undefined;
      if (!principal) continue;
      try {
        const presence = await this.agents.get(principal.userId);
        socket.emit('state', presence);
        await this.resendCallInHand(socket, presence);
      } catch (error) {
        this.logger.warn({ err: error, agentId: principal.userId }, 'could not resync a desk after Redis came back');
      }
    }
  }

  /** The agents with a desk socket on this process. */
  private localAgents(): Set<string> {
    const agents = new Set<string>();
    for (const socket of this.server.sockets.values()) {
      const principal = socket.data.principal as Principal | undefined;
      if (principal) agents.add(principal.userId);
    }
    return agents;
  }

  async handleConnection(socket: Socket): Promise<void> {
    // A desk may send `join` in the same tick as it connects: its messages wait for this (see act).
    let opened!: () => void;
    socket.data.opened = new Promise<void>((resolve) => (opened = resolve));
    try {
      const principal = await this.signIns.admit(socket);
      await socket.join(deskRoom(principal.userId));
      await this.desks.beat([principal.userId], this.holder);
      const back = await this.deskBack(principal.userId);
      const presence = back.presence ?? (await this.agents.get(principal.userId));
      socket.emit('state', presence);
      if (back.said) this.server.to(deskRoom(principal.userId)).emit('desk_back', back.said);
      await this.resendCallInHand(socket, presence);
    } catch (error) {
      this.signIns.turnAway(socket, error);
    } finally {
      opened();
    }
  }

  /**
   * The agent's desk is back (a reload, a network blink, another api after
   * one died). Back before the call ended: the pause its going away asked for
   * after the call is withdrawn. Back within DESK_RETURN_GRACE_MS of a pause
   * its going away put on at once (ready or reserved) and still in force:
   * ready again, or told why not (AgentReadinessService.resumeAfterDeskBack);
   * `said` is what every desk of the agent is told (`desk_back`).
   */
  private async deskBack(agentId: string): Promise<{ presence: AgentPresence | null; said: DeskBack | null }> {
    const withdrawn = await this.agents.cancelPauseAfterCall(agentId, DESK_LOST_REASON);
    const resumed = await RequestContext.create(this.orm.em, () => this.readiness.resumeAfterDeskBack(agentId));
    if (resumed) this.logger.info({ agentId, resumed: resumed.back.resumed, refusal: resumed.back.refusal?.code }, 'desk back within the grace');
    return { presence: resumed?.presence ?? withdrawn, said: resumed?.back ?? null };
  }

  /**
   * A desk opened while its agent is on a call or in its wrap-up (another tab,
   * another browser, a tab closed and opened again) gets the call's screen pop
   * again, so the call and its disposition form are never out of reach; so
   * does one opened while the agent is paused with the last call's outcome
   * owed (the wrap-up ran out), which ready refuses until it is recorded.
   */
  private async resendCallInHand(socket: Socket, presence: AgentPresence | null): Promise<void> {
    if (!presence) return;
    try {
      const inHand =
        (presence.state === 'on_call' || presence.state === 'wrap_up') && presence.attemptId && presence.leadId && presence.campaignId
          ? { attemptId: presence.attemptId, leadId: presence.leadId, campaignId: presence.campaignId }
          : await RequestContext.create(this.orm.em, () => this.readiness.owedCall(presence));
      if (!inHand) return;
      const { attemptId, leadId, campaignId } = inHand;
      const pop = await RequestContext.create(this.orm.em, () => this.screenPops.compose(attemptId, leadId, campaignId, presence.name));
      socket.emit('screen_pop', pop);
    } catch (error) {
      this.logger.warn({ err: error, agentId: presence.agentId, attemptId: presence.attemptId }, 'could not send the call in hand to a new desk');
    }
  }

  /**
   * A desktop that goes away stops receiving calls (AgentCallsService.deskLost)
   * — unless the agent still has a desk open, on this process or another.
   */
  async handleDisconnect(socket: Socket): Promise<void> {
    const principal = socket.data.principal as Principal | undefined;
    if (!principal) return;
    const agentId = principal.userId;
    try {
      if (await this.deskOpen(agentId)) return;
      await this.desks.detach(agentId);
      await RequestContext.create(this.orm.em, () => this.agentCalls.deskLost(agentId));
      // A desk opened meanwhile (a reload on a loaded machine: its opening may have run first, withdrawing nothing)
      // keeps its agent as if it had opened after this: beating, no pause once the call ends, ready again if it was.
      if (await this.deskOpen(agentId)) {
        await this.desks.beat([agentId], this.holder);
        const back = await this.deskBack(agentId);
        if (back.said) this.server.to(deskRoom(agentId)).emit('desk_back', back.said);
      }
    } catch (error) {
      this.logger.warn({ err: error, agentId }, 'pause on disconnect failed');
    }
  }

  /** Whether the agent has a desk open, on this process or another. */
  private async deskOpen(agentId: string): Promise<boolean> {
    return (await this.server.in(deskRoom(agentId)).fetchSockets()).length > 0;
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    // Joining puts the agent on the floor: the sign-in is checked now, as for ready.
    const refused = await this.stillSignedIn(socket);
    if (refused) return refused;
    return this.act(socket, JoinCampaignDto, body, async (agent, dto) => {
      const presence = await this.agentCalls.join(agent.userId, dto.campaignId, agent.displayName);
      // Back on the floor with the last call's outcome still owed (they left, or were signed out, before
      // recording it): ready is refused until it is, so its form comes to this desk as to one opened now.
      await this.resendCallInHand(socket, presence);
      return presence;
    });
  }

  @SubscribeMessage('ready')
  async ready(@ConnectedSocket() socket: Socket) {
    // Ready offers the agent callees: the sign-in is checked now, not trusted until the next minute's re-check.
    const refused = await this.stillSignedIn(socket);
    if (refused) return refused;
    return this.act(socket, null, {}, (agent) => this.readiness.ready(agent.userId));
  }

  /** Null when the desk's sign-in still holds; else the refusal, and the desk is cut off (its disconnect pauses the agent). */
  private async stillSignedIn(socket: Socket): Promise<Ack<never> | null> {
    const refusal = await this.signIns.check(socket); // a desk that never signed in is refused by act()
    return refusal ? { ok: false, error: { code: refusal.code, message: refusal.message } } : null;
  }

  @SubscribeMessage('pause')
  pause(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.act(socket, PauseDto, body, (agent, dto) => this.readiness.pause(agent.userId, dto.reason));
  }

  @SubscribeMessage('extend_wrap_up')
  extendWrapUp(@ConnectedSocket() socket: Socket) {
    return this.act(socket, null, {}, (agent) => this.wrapUps.extend(agent.userId));
  }

  @SubscribeMessage('leave')
  leave(@ConnectedSocket() socket: Socket) {
    return this.act(socket, null, {}, (agent) => this.agents.leave(agent.userId));
  }

  /**
   * The clock every `sinceMs` is read on, for the desk to time its call and
   * its states by it whatever the browser's clock says. Answered at once (no
   * sign-in awaited, nothing of anyone's): the round trip is what it measures.
   */
  @SubscribeMessage('clock')
  serverTime(): Ack<ServerTime> {
    return { ok: true, data: { serverMs: this.clock.now().getTime() } };
  }

  /** Validates the message, runs the action, and acknowledges with its result or a readable error. */
  private async act<D extends object, T>(
    socket: Socket,
    dto: (new () => D) | null,
    body: unknown,
    action: (agent: Principal, dto: D) => Promise<T>,
  ): Promise<Ack<T>> {
    await (socket.data.opened as Promise<void> | undefined);
    const principal = socket.data.principal as Principal | undefined;
    if (!principal) return { ok: false, error: { code: 'AUTH_INVALID_TOKEN', message: 'Not signed in' } };
    // Turned away while it opened (or gone since): nothing is done for a desk nobody is at.
    if (!socket.connected) return { ok: false, error: { code: 'DESK_CLOSED', message: 'This desk was closed; it opens again by itself' } };
    try {
      // Checked as the http pipe checks a body: a hostile key or value is named, never dropped or stored.
      const hostile = hostileFields(body ?? {});
      const input = dto ? plainToInstance(dto, body ?? {}) : ({} as D);
      const problems = hostile.length > 0 ? hostile : dto ? toFieldProblems(await validate(input, { whitelist: true, forbidNonWhitelisted: true })) : [];
      if (problems.length > 0) {
        return { ok: false, error: { code: 'VALIDATION_FAILED', message: problems.map((p) => `${p.field}: ${p.messages.join('; ')}`).join(' | ') } };
      }
      return { ok: true, data: await RequestContext.create(this.orm.em, () => action(principal, input)) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
      this.logger.error({ err: error, agentId: principal.userId }, 'agent socket action failed');
      return { ok: false, error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } };
    }
  }
}
