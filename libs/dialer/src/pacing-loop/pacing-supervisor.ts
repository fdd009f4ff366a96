import { EntityManager } from '@mikro-orm/postgresql';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { APP_CONFIG, AppConfig, CLOCK, Clock, REDIS } from '@dialer/core';
import { AgentStateStore } from '@dialer/agents';
import { CampaignsService } from '@dialer/campaigns';
import { CallEventsStream } from '@dialer/calls';
import { AgentCallsService } from '../agent-calls/agent-calls.service';
import { DialerEvents } from '../events/dialer-events';
import { Hopper } from '../hopper/hopper.service';
import { LeaderLease } from '../leadership/leader-lease';
import { CallPlacer } from '../placement/call-placer';
import { CpsLimiter } from '../placement/cps-limiter';
import { CallEndings } from '../settlement/call-endings.service';
import { PacingStatusStore } from '../stats/pacing-status.store';
import { CampaignRunner, LEASE_TTL_MS, RunnerDeps } from './campaign-runner';
import { CampaignWindDown } from './campaign-wind-down';

const SCAN_EVERY_MS = 2_000;

/**
 * Runs in every worker: every two seconds it looks for active campaigns that
 * no worker leads and tries to take the lease of each; a campaign whose lease
 * it wins gets a CampaignRunner here. With N workers the campaigns spread
 * over them, and a dead worker's campaigns are taken over within seconds.
 */
@Injectable()
export class PacingSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly runners = new Map<string, { runner: CampaignRunner; done: Promise<void> }>();
  private timer?: NodeJS.Timeout;
  private scanning = false;
  private stopping = false;
  private readonly deps: RunnerDeps;

  constructor(
    private readonly em: EntityManager,
    @Inject(REDIS) redis: Redis,
    @Inject(CLOCK) clock: Clock,
    private readonly logger: PinoLogger,
    private readonly leases: LeaderLease,
    campaigns: CampaignsService,
    agents: AgentStateStore,
    hopper: Hopper,
    placer: CallPlacer,
    cps: CpsLimiter,
    endings: CallEndings,
    agentCalls: AgentCallsService,
    status: PacingStatusStore,
    callStream: CallEventsStream,
    dialerEvents: DialerEvents,
    windDown: CampaignWindDown,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.logger.setContext(PacingSupervisor.name);
    this.deps = { em, redis, clock, logger, leases, campaigns, agents, hopper, placer, cps, endings, agentCalls, status, callStream, dialerEvents, windDown };
  }

  /** Campaigns this worker leads right now. */
  get leading(): string[] {
    return [...this.runners.keys()];
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.scan(), SCAN_EVERY_MS);
    void this.scan();
  }

  async scan(): Promise<void> {
    if (this.scanning || this.stopping) return;
    this.scanning = true;
    try {
      const active = await this.em
        .fork()
        .execute<{ id: string }[]>(`select id from campaigns where status = 'active'`);
      for (const { id } of active) {
        if (this.runners.has(id)) continue;
        const lease = await this.leases.acquire(id, this.holder, LEASE_TTL_MS);
        if (!lease) continue;
        const runner = new CampaignRunner(this.deps, lease);
        const done = runner.run().finally(() => this.runners.delete(id));
        this.runners.set(id, { runner, done });
      }
    } catch (error) {
      this.logger.error({ err: error }, 'pacing scan failed');
    } finally {
      this.scanning = false;
    }
  }

  /**
   * The worker is stopping: no campaign is taken any more, and each leader
   * winds down (no new calls, ringing ones cancelled, answered ones put
   * through) within the worker's grace, alongside the jobs draining.
   */
  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
    this.stopping = true;
    for (const { runner } of this.runners.values()) runner.stop(this.config.worker.shutdownGraceMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.stopping) this.beforeApplicationShutdown();
    await Promise.all([...this.runners.values()].map(({ done }) => done));
  }
}
