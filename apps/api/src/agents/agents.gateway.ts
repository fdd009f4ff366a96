import { MikroORM, RequestContext } from '@mikro-orm/core';
import { OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { PinoLogger } from 'nestjs-pino';
import type { Server, Socket } from 'socket.io';
import { DomainError } from '@dialer/core';
import { AgentNotifier, AgentsService } from '@dialer/agents';
import { AuthService, Principal } from '@dialer/auth';
import { AgentCallsService } from '@dialer/dialer';
import { toFieldProblems } from '../http/validation.pipe';
import { JoinCampaignDto, PauseDto } from './agent-state.dto';

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

const room = (agentId: string) => `agent:${agentId}`;
/** The pause reason of an agent whose desk went away. */
const DISCONNECTED = 'disconnected';

/**
 * The agent desktop's live channel (socket.io, namespace `/agents`): state
 * changes, screen pops and previews are pushed here the moment they happen,
 * whichever process caused them. Authenticated with the same bearer token
 * as the REST api (`auth: { token }` in the handshake); the first `state`
 * message says the desk is live (send nothing before it).
 */
@WebSocketGateway({ namespace: '/agents', cors: { origin: true } })
export class AgentsGateway implements OnModuleInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer() private readonly server!: Server;

  constructor(
    private readonly auth: AuthService,
    private readonly agents: AgentsService,
    private readonly agentCalls: AgentCallsService,
    private readonly notifier: AgentNotifier,
    private readonly orm: MikroORM,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AgentsGateway.name);
  }

  async onModuleInit(): Promise<void> {
    await this.notifier.subscribe((notice) => this.server.to(room(notice.agentId)).emit(notice.type, notice.payload));
  }

  async handleConnection(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    try {
      if (typeof token !== 'string') throw new DomainError('AUTH_INVALID_TOKEN', 'Send the access token as auth.token', 'unauthenticated');
      const principal = await RequestContext.create(this.orm.em, () => this.auth.authenticate(token));
      if (principal.role !== 'agent') throw new DomainError('AUTH_FORBIDDEN', 'The agent desktop is for agents', 'forbidden');
      socket.data.principal = principal;
      await socket.join(room(principal.userId));
      // Back before the call ended (a browser refresh): the pause its disconnect asked for is withdrawn.
      const presence =
        (await this.agents.cancelPauseAfterCall(principal.userId, DISCONNECTED)) ?? (await this.agents.get(principal.userId));
      socket.emit('state', presence);
    } catch (error) {
      socket.emit('error', { code: (error as DomainError).code ?? 'AUTH_INVALID_TOKEN', message: (error as Error).message });
      socket.disconnect(true);
    }
  }

  /**
   * A desktop that goes away stops receiving calls: a ready agent with no
   * screen left is paused; a reserved one is released, paused (a callee who
   * answers is put through to someone else or hears the abandon message, not
   * bridged into an empty room; a preview not yet dialed goes back to the
   * hopper); one on a call is paused once the call and its wrap-up are over
   * (not sent back to ready by the wrap-up timer) — unless the desk is back by
   * then (see handleConnection).
   */
  async handleDisconnect(socket: Socket): Promise<void> {
    const principal = socket.data.principal as Principal | undefined;
    if (!principal) return;
    const stillOpen = await this.server.in(room(principal.userId)).fetchSockets();
    if (stillOpen.length > 0) return;
    const agentId = principal.userId;
    try {
      const presence = await this.agents.get(agentId);
      if (!presence || !['ready', 'reserved', 'on_call', 'wrap_up'].includes(presence.state)) return;
      if (presence.state === 'reserved' && presence.attemptId) {
        const released = await RequestContext.create(this.orm.em, () => this.agentCalls.releaseForLostDesk(agentId, presence.attemptId!));
        if (released) return;
      }
      // Ready: paused now. On a call (or a reservation put through meanwhile): paused after it.
      await this.agents.pause(agentId, DISCONNECTED);
    } catch (error) {
      this.logger.warn({ err: error, agentId }, 'pause on disconnect failed');
    }
  }

  @SubscribeMessage('join')
  join(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.act(socket, JoinCampaignDto, body, (agent, dto) => this.agents.join(agent.userId, dto.campaignId, agent.displayName));
  }

  @SubscribeMessage('ready')
  ready(@ConnectedSocket() socket: Socket) {
    return this.act(socket, null, {}, (agent) => this.agents.ready(agent.userId));
  }

  @SubscribeMessage('pause')
  pause(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.act(socket, PauseDto, body, (agent, dto) => this.agents.pause(agent.userId, dto.reason));
  }

  @SubscribeMessage('leave')
  leave(@ConnectedSocket() socket: Socket) {
    return this.act(socket, null, {}, (agent) => this.agents.leave(agent.userId));
  }

  /** Validates the message, runs the action, and acknowledges with its result or a readable error. */
  private async act<D extends object, T>(
    socket: Socket,
    dto: (new () => D) | null,
    body: unknown,
    action: (agent: Principal, dto: D) => Promise<T>,
  ): Promise<Ack<T>> {
    const principal = socket.data.principal as Principal;
    try {
      const input = dto ? plainToInstance(dto, body ?? {}) : ({} as D);
      const problems = dto ? toFieldProblems(await validate(input, { whitelist: true, forbidNonWhitelisted: true })) : [];
      if (problems.length > 0) {
        return { ok: false, error: { code: 'VALIDATION_FAILED', message: problems.map((p) => `${p.field}: ${p.messages.join('; ')}`).join(' | ') } };
      }
      return { ok: true, data: await RequestContext.create(this.orm.em, () => action(principal, input)) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
      this.logger.error({ err: error, agentId: principal.userId }, 'agent socket action failed');
      return { ok: false, error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } };
    }
  }
}
