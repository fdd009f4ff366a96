import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Inject, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { PinoLogger } from 'nestjs-pino';
import type { Namespace, Socket as AnySocket } from 'socket.io';
import type { FloorAck, FloorClientEvents, FloorServerEvents, FloorSnapshot, ServerTime } from '@dialer/desk-events';
import { FLOOR_NAMESPACE, FLOOR_ROOM, floorRoom } from '@dialer/agents';
import { AuthService, Principal } from '@dialer/auth';
import { CLOCK, Clock, DomainError } from '@dialer/core';
import { WallboardService } from '@dialer/dialer';
import { SOCKET_RECHECK_MS, SocketSignIns } from '../access/socket-sign-ins';

type Socket = AnySocket<FloorClientEvents, FloorServerEvents>;

/** Who may watch the wallboard: as GET /campaigns/:id/stats allows. */
const WATCHERS = ['manager', 'admin', 'compliance'];
/** The steady beat of the figures that change without an agent moving (calls in flight, the pacer's level). */
const BEAT_MS = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The supervisors' wallboard, live (socket.io, namespace `/floor`): a
 * wallboard says what it watches (`watch`), gets the snapshot at once, then
 * every agent's state change the moment it happens (the AgentNotifier's
 * emitter reaches every api process) and fresh figures every second, computed
 * once per watched campaign on this process whatever the number of screens.
 */
@WebSocketGateway({ namespace: FLOOR_NAMESPACE, cors: { origin: true } })
export class FloorGateway implements OnModuleInit, OnModuleDestroy, OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() private readonly server!: Namespace<FloorClientEvents, FloorServerEvents>;
  private beat?: NodeJS.Timeout;
  private recheck?: NodeJS.Timeout;
  private beating = false;
  private readonly signIns: SocketSignIns;
  /** The computation under way per view: watches (and the beat) arriving meanwhile share it rather than each querying again. */
  private readonly computing = new Map<string, Promise<FloorSnapshot>>();

  constructor(
    private readonly auth: AuthService,
    private readonly wallboard: WallboardService,
    private readonly orm: MikroORM,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.logger.setContext(FloorGateway.name);
    this.signIns = new SocketSignIns(
      (token) => this.watcher(token),
      (error) => this.logger.warn({ err: error }, 'could not check a wallboard’s sign-in'),
    );
  }

  onModuleInit(): void {
    this.beat = setInterval(() => void this.pushAll(), BEAT_MS);
    this.beat.unref();
    this.recheck = setInterval(() => void this.recheckWatchers(), SOCKET_RECHECK_MS);
    this.recheck.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.beat);
    clearInterval(this.recheck);
  }

  /** A manager deactivated, their password reset or made an agent: their wallboards are checked (and cut off) at once. */
  afterInit(): void {
    this.signIns.answerRechecks(this.server);
  }

  async handleConnection(socket: Socket): Promise<void> {
    let opened!: () => void;
    socket.data.opened = new Promise<void>((resolve) => (opened = resolve));
    try {
      await this.signIns.admit(socket);
    } catch (error) {
      this.signIns.turnAway(socket, error);
    } finally {
      opened();
    }
  }

  /** The signed-in user behind a token, if the wallboard is theirs to watch. */
  private async watcher(token: string): Promise<Principal> {
    const principal = await RequestContext.create(this.orm.em, () => this.auth.authenticate(token));
    if (!WATCHERS.includes(principal.role)) throw new DomainError('AUTH_FORBIDDEN', 'The wallboard is for managers, admins and compliance', 'forbidden');
    return principal;
  }

  /**
   * A wallboard stays open for hours: its sign-in is checked again every
   * minute (SocketSignIns), and at once when its user's account changes, and
   * one whose role no longer watches the floor is cut off as one whose token
   * ran out.
   */
  recheckWatchers(): Promise<void> {
    return this.signIns.recheck(this.server.sockets.values());
  }

  /** The clock agents' `sinceMs` is read on, for the wallboard's time in state (as the desk's `clock`). */
  @SubscribeMessage('clock')
  serverTime(): FloorAck<ServerTime> {
    return { ok: true, data: { serverMs: this.clock.now().getTime() } };
  }

  @SubscribeMessage('watch')
  async watch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<FloorAck<FloorSnapshot>> {
    await (socket.data.opened as Promise<void> | undefined);
    if (!(socket.data.principal as Principal | undefined)) return { ok: false, error: { code: 'AUTH_INVALID_TOKEN', message: 'Not signed in' } };
    const campaignId = (body as { campaignId?: unknown } | null)?.campaignId ?? null;
    if (campaignId !== null && (typeof campaignId !== 'string' || !UUID.test(campaignId))) {
      return { ok: false, error: { code: 'VALIDATION_FAILED', message: 'campaignId: must be a UUID, or null for the whole floor' } };
    }
    try {
      const snapshot = await this.snapshot(campaignId);
      for (const room of socket.rooms) if (room !== socket.id) await socket.leave(room);
      await socket.join(campaignId ? floorRoom(campaignId) : FLOOR_ROOM);
      socket.data.watching = campaignId ?? FLOOR_ROOM;
      return { ok: true, data: snapshot };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
      this.logger.error({ err: error }, 'wallboard watch failed');
      return { ok: false, error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } };
    }
  }

  /** The figures of one view; a flood of watch messages costs one computation, not one each. */
  private snapshot(campaignId: string | null): Promise<FloorSnapshot> {
    const view = campaignId ?? FLOOR_ROOM;
    let pending = this.computing.get(view);
    if (!pending) {
      pending = this.compute(campaignId).finally(() => this.computing.delete(view));
      this.computing.set(view, pending);
    }
    return pending;
  }

  private compute(campaignId: string | null): Promise<FloorSnapshot> {
    return RequestContext.create(this.orm.em, async () => {
      if (campaignId) {
        const campaign = await this.wallboard.campaign(campaignId);
        return { campaignId, campaigns: [campaign], at: campaign.stats.at };
      }
      const floor = await this.wallboard.floor();
      return { campaignId: null, campaigns: floor.campaigns, at: floor.at };
    });
  }

  /** Fresh figures for every wallboard on this process: one computation per watched view. */
  private async pushAll(): Promise<void> {
    if (this.beating) return; // the last beat is still computing: skip one rather than pile up
    this.beating = true;
    try {
      const watchers = new Map<string, Socket[]>();
      for (const socket of this.server.sockets.values()) {
        const watching = socket.data.watching as string | undefined;
        if (watching) watchers.set(watching, [...(watchers.get(watching) ?? []), socket]);
      }
      for (const [watching, sockets] of watchers) {
        try {
          const snapshot = await this.snapshot(watching === FLOOR_ROOM ? null : watching);
          for (const socket of sockets) socket.emit('snapshot', snapshot);
        } catch (error) {
          const failure = error instanceof DomainError ? { code: error.code, message: error.message } : { code: 'INTERNAL_ERROR', message: 'The figures could not be read' };
          if (!(error instanceof DomainError)) this.logger.warn({ err: error, watching }, 'wallboard figures failed');
          for (const socket of sockets) socket.emit('error', failure);
        }
      }
    } finally {
      this.beating = false;
    }
  }
}
