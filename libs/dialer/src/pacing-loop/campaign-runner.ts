import { RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { Clock } from '@dialer/core';
import { AgentPresence, AgentStateStore } from '@dialer/agents';
import { Campaign, CampaignConfig, CampaignsService } from '@dialer/campaigns';
import { AttemptState, CallEventsStream } from '@dialer/calls';
import { pgArrayLiteral } from '@dialer/db';
import { AgentState as PacerAgentState, createPacer, DEFAULT_PREDICTIVE_TUNING, Pacer, PacingPriors, PacingSettings, PacingSnapshot, selectPacingPriors } from '@dialer/pacing';
import { AgentCallsService } from '../agent-calls/agent-calls.service';
import { DialerEvents } from '../events/dialer-events';
import { endedStateSql, isEndedAttemptState, isMachineVerdict } from '../attempts/attempt-classes';
import { Hopper, StaleLeaderError } from '../hopper/hopper.service';
import { Lease, LeaderLease } from '../leadership/leader-lease';
import { CallPlacer } from '../placement/call-placer';
import { CpsLimiter } from '../placement/cps-limiter';
import { CallEndings } from '../settlement/call-endings.service';
import { estimatedAmdFalsePositives } from '../stats/campaign-stats.service';
import { PacingStatusStore } from '../stats/pacing-status.store';
import { CampaignEventFeed, FeedEvent } from './campaign-event-feed';
import { CampaignWindDown } from './campaign-wind-down';
import { nobodyToTakeACall } from './empty-floor';
import { InFlightCalls } from './in-flight-calls';
import { LOOKBACK_HOURS, loadPacingHistory } from './pacing-history';
import { loadPriorSamples } from './pacing-priors.queries';

export const LEASE_TTL_MS = 10_000;
const RENEW_EVERY_MS = 2_000;
/** The pacer is asked at least this often, and after every batch of events. */
const DECIDE_EVERY_MS = 250;
const MAX_CALLS_PER_DECISION = 50;
/**
 * Leads are taken from the hopper only for the calls-per-second slots free in
 * this near future: a lead taken for a slot far away waits with a queued
 * attempt, passed gates going stale, and is given back if the slot never comes.
 */
const CPS_HORIZON_MS = 2_000;
/** A call followed in flight that PostgreSQL says ended this long ago was missed by the stream (catchUpEndings). */
const CATCH_UP_AFTER_MS = 10_000;
const CAUGHT_UP_KEPT = 500;
/** When the estimated AMD false positives leave less than this share of the cap, predictive cannot pace safely. */
const MIN_SHARE_OF_CAP = 0.2;

export interface RunnerDeps {
  em: EntityManager;
  redis: Redis;
  clock: Clock;
  logger: PinoLogger;
  leases: LeaderLease;
  campaigns: CampaignsService;
  agents: AgentStateStore;
  hopper: Hopper;
  placer: CallPlacer;
  cps: CpsLimiter;
  endings: CallEndings;
  agentCalls: AgentCallsService;
  status: PacingStatusStore;
  callStream: CallEventsStream;
  dialerEvents: DialerEvents;
  windDown: CampaignWindDown;
}

/** While winding down, ringing calls are looked for (and cancelled) this often. */
const WIND_DOWN_EVERY_MS = 500;
/**
 * While the floor is empty (nobodyToTakeACall), its ringing calls are looked for
 * this often while this leader follows calls in flight, and at this longer
 * interval otherwise (calls an agent placed: a preview, a manual dial).
 */
const EMPTY_FLOOR_EVERY_MS = 500;
const EMPTY_FLOOR_IDLE_EVERY_MS = 5_000;

const PACER_STATE: Record<string, PacerAgentState> = {
  ready: 'ready',
  reserved: 'on_call',
  on_call: 'on_call',
  wrap_up: 'wrap_up',
  paused: 'paused',
};

/**
 * An agent as the pacer sees them. A wrap-up extended past the campaign's
 * length says the agent needs that time: they are busy until its deadline
 * (the learned wrap-up times cannot know it).
 */
export function pacerAgent(a: AgentPresence, config: CampaignConfig): PacingSnapshot['agents'][number] {
  const agent = { id: a.agentId, state: PACER_STATE[a.state] ?? 'paused', sinceMs: a.sinceMs, announcedPause: a.pauseAfterCall !== null };
  const extended = a.state === 'wrap_up' && a.wrapUpUntilMs !== null && a.wrapUpUntilMs > a.sinceMs + config.wrapUp.seconds * 1000;
  return extended ? { ...agent, busyUntilMs: a.wrapUpUntilMs! } : agent;
}

/**
 * Where the law counts calls AMD wrongly took for machines as abandoned (UK),
 * the estimate — machine verdicts × the campaign's false-positive rate — as a
 * share of the live answers over the regulatory window; 0 elsewhere.
 */
export function amdFalsePositiveShare(config: CampaignConfig, window: { liveAnswers: number; machines: number }): number {
  return window.liveAnswers > 0 ? estimatedAmdFalsePositives(config, window.machines) / window.liveAnswers : 0;
}

/**
 * The pacer's settings for a campaign. The cap is the lower of the pacing cap
 * (`pacing.maxAbandonRate`) and the campaign's abandon cap (`abandon.capRate`,
 * which may lower the law's); a target left at or above it becomes 80 % of it.
 * `amdFalsePositiveShare` (estimated
 * false positives ÷ live answers, see above): the pacer sees abandons a and
 * live answers h, but the law counts (a + f) ÷ (h + f) with f false positives;
 * that stays under the cap c exactly when a ÷ h ≤ c − (1 − c)·f ÷ h, so the
 * pacer's cap and target are lowered by that much. When little of the cap is
 * left, predictive pacing gives way to progressive (which does not abandon).
 */
export function pacingSettings(mode: Campaign['dialingMode'], config: CampaignConfig, amdFalsePositiveShare = 0): PacingSettings {
  const cap = Math.min(config.pacing.maxAbandonRate, config.abandon.capRate);
  const target = config.pacing.targetAbandonRate < cap ? config.pacing.targetAbandonRate : cap * 0.8;
  // Only predictive pacing reads the cap; the rule-based modes keep the campaign's figures.
  const adjusted = mode === 'predictive' ? cap - (1 - cap) * amdFalsePositiveShare : cap;
  const predictiveUnsafe = adjusted < MIN_SHARE_OF_CAP * cap;
  return {
    mode: predictiveUnsafe ? 'progressive' : mode,
    maxAbandonRate: predictiveUnsafe ? cap : adjusted,
    targetAbandonRate: target * (predictiveUnsafe ? 1 : adjusted / cap),
    powerRatio: config.pacing.powerRatio,
    maxLinesPerAgent: config.pacing.maxLinesPerAgent,
    agentlessLines: config.pacing.agentlessLines,
    ringTimeoutSec: config.ringTimeoutSec,
    connectGraceSec: config.pacing.connectGraceSec,
    abandonWindowMs: config.abandon.windowHours * 3600_000,
  };
}

/**
 * The pacing leader of one campaign, in one worker: it follows the campaign's
 * events, keeps the pacer informed, asks it how many calls to place (at least
 * four times a second, and at once when an agent becomes ready), takes that
 * many leads from the hopper and places them. Preview campaigns get leads
 * offered to ready agents instead. It stops when the campaign is no longer
 * active or another worker holds the lease.
 */
export class CampaignRunner {
  private running = true;
  private campaign!: Campaign;
  private config!: CampaignConfig;
  private pacer!: Pacer;
  /** What the running pacer was built with: a campaign change that alters them rebuilds it. */
  private pacerSettings?: PacingSettings;
  /** Live answers and machines over the regulatory window, as loaded when the pacer was built (the UK AMD estimate). */
  private window = { liveAnswers: 0, machines: 0 };
  private inFlight = new InFlightCalls();
  private feed?: CampaignEventFeed;
  private lastRenewMs = 0;
  private lastDecisionMs = 0;
  /** The campaign is no longer active: no new calls, ringing ones cancelled, the rest followed until they end. */
  private winding = false;
  /** The worker is stopping: wind down until nothing is ringing or waiting for an agent, then go, at the latest by this time. */
  private stopByMs: number | null = null;
  private lastWindDownMs = 0;
  /** Nobody on the floor could take a call (nobodyToTakeACall): nothing is placed, ringing calls are cancelled. */
  private floorEmpty = false;
  private lastEmptyFloorMs = 0;
  private readonly cancelled = new Set<string>();
  /** Calls ended from PostgreSQL (catchUpEndings), oldest first: the stream's late entries of them change nothing. */
  private readonly caughtUp = new Set<string>();
  /** Placements started by this leader and not finished (waiting for a calls-per-second slot, or talking to Twilio). */
  private readonly placing = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: RunnerDeps,
    private readonly lease: Lease,
  ) {}

  get campaignId(): string {
    return this.lease.campaignId;
  }

  /**
   * The worker is stopping. The leader places nothing more, cancels the calls
   * still ringing, lets the answered ones reach an agent, and then gives the
   * campaign up (by `deadlineMs` at the latest): calls still talking end on
   * their own and are settled by the next leader or the reconciler.
   */
  stop(deadlineMs = 0): void {
    this.stopByMs = Date.now() + deadlineMs;
  }

  async run(): Promise<void> {
    const { logger } = this.deps;
    try {
      // The first refresh starts the pacer on the campaign's past.
      if (!(await RequestContext.create(this.deps.em, () => this.refresh()))) return;
      this.feed = await CampaignEventFeed.open(this.deps.redis, {
        calls: this.deps.callStream.key(this.campaignId),
        agents: this.deps.agents.eventsKey(this.campaignId),
        dialer: this.deps.dialerEvents.key(this.campaignId),
      });
      logger.info({ campaignId: this.campaignId, fence: this.lease.fence }, 'leading campaign');
      while (this.running) {
        try {
          // Each tick is a unit of work of its own, as a request or a job would be.
          await RequestContext.create(this.deps.em, () => this.tick());
        } catch (error) {
          if (error instanceof StaleLeaderError) break;
          logger.error({ err: error, campaignId: this.campaignId }, 'pacing tick failed');
          await sleep(1_000);
        }
      }
    } finally {
      await this.feed?.close();
      await this.deps.leases.release(this.lease).catch(() => undefined);
      logger.info({ campaignId: this.campaignId }, 'stopped leading campaign');
    }
  }

  private async tick(): Promise<void> {
    const nowMs = this.deps.clock.now().getTime();
    // A pause is looked for on every tick (one primary-key read): the calls it must cancel ring on meanwhile.
    const pausedNow = !this.winding && (this.stopByMs !== null || !(await this.stillActive()));
    if (nowMs - this.lastRenewMs >= RENEW_EVERY_MS || pausedNow) {
      this.lastRenewMs = nowMs;
      if (!(await this.deps.leases.renew(this.lease, LEASE_TTL_MS))) {
        this.running = false; // another worker leads it now
        return;
      }
      // Paused (or resumed) since the last look; a stopping worker winds down whatever the campaign's state.
      const active = await this.refresh();
      // Agents whose desk died with its api are no longer counted on (nor reserved, by the agent scripts).
      await this.deps.agentCalls.reapLostDesks(this.campaignId);
      await this.catchUpEndings();
      if (this.winding !== (!active || this.stopByMs !== null)) {
        this.winding = !this.winding;
        this.deps.logger.info({ campaignId: this.campaignId, stopping: this.stopByMs !== null }, this.winding ? 'winding down: no new calls' : 'dialing again');
      }
    }
    const events = await this.feed!.next(this.winding ? WIND_DOWN_EVERY_MS : DECIDE_EVERY_MS);
    for (const event of events) await this.handle(event);
    if (this.winding) await this.windDown();
    else if (events.length > 0 || this.deps.clock.now().getTime() - this.lastDecisionMs >= DECIDE_EVERY_MS) await this.pace();
  }

  private async stillActive(): Promise<boolean> {
    const [row] = await this.deps.em.fork().execute<{ status: string }[]>(`select status from campaigns where id = ?`, [this.campaignId]);
    return row?.status === 'active';
  }

  /**
   * No new calls: ringing ones are cancelled before anyone can answer them with
   * no agent to take them, answered ones go on to their agents (who stay on the
   * floor), and the call endings keep being applied. A paused campaign's leader
   * goes once no call of it is live; a stopping worker's once none is ringing
   * or waiting for an agent (or its grace is over).
   */
  private async windDown(): Promise<void> {
    const nowMs = Date.now();
    if (nowMs - this.lastWindDownMs < WIND_DOWN_EVERY_MS) return; // the first pass comes at once (lastWindDownMs starts at 0)
    this.lastWindDownMs = nowMs;
    await this.deps.windDown.cancelRinging(this.campaignId, this.cancelled);
    if (this.stopByMs !== null) {
      const settled = this.placing.size === 0 && this.inFlight.size === 0 && (await this.deps.windDown.unansweredCount(this.campaignId)) === 0;
      if (settled || nowMs >= this.stopByMs) this.running = false;
      return;
    }
    if (this.placing.size === 0 && (await this.deps.windDown.liveCount(this.campaignId)) === 0) this.running = false;
  }

  /**
   * Reloads the campaign; false when it is no longer active. A change that
   * alters the pacer's settings (the mode, the abandon cap or target, the AMD
   * false-positive rate, the window...) starts a new pacer, on the campaign's
   * past like the first one: switching to predictive must not forget the
   * abandons of the regulatory window.
   */
  private async refresh(): Promise<boolean> {
    const campaign = await this.deps.em.fork().findOne(Campaign, { id: this.campaignId });
    if (!campaign || campaign.status !== 'active') return false;
    this.campaign = campaign;
    this.config = this.deps.campaigns.config(campaign, this.deps.clock.now());
    const wanted = pacingSettings(campaign.dialingMode, this.config, amdFalsePositiveShare(this.config, this.window));
    if (!this.pacerSettings || !isDeepStrictEqual(wanted, this.pacerSettings)) await this.startPacer();
    return true;
  }

  /**
   * Builds the pacer on the campaign's past (loadPacingHistory): the recent
   * calls replayed as events, the older part of the regulatory window as
   * abandon counts, and the UK AMD false-positive estimate from the window's
   * totals. The first start also takes the calls still live as in flight;
   * a rebuild keeps the ones this leader has been following.
   */
  /** A predictive pacer's priors: the campaign's calls older than the replayed ones, else its lists' calls elsewhere, else industry figures. */
  private async pacingPriors(nowMs: number, ringTimeoutSec: number): Promise<PacingPriors> {
    const samples = await loadPriorSamples(this.deps.em.fork(), this.campaignId, nowMs, nowMs - LOOKBACK_HOURS * 3600_000);
    const t = DEFAULT_PREDICTIVE_TUNING;
    const minimums = { outcomes: t.warmUpOutcomes, humanAnswers: t.warmUpHumanAnswers, talks: t.warmUpTalks, wraps: t.warmUpWraps };
    return selectPacingPriors(samples, minimums, ringTimeoutSec);
  }

  private async startPacer(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const windowMs = this.config.abandon.windowHours * 3600_000;
    const past = await loadPacingHistory(this.deps.em.fork(), this.campaignId, now, this.campaign.dialingMode === 'agentless', windowMs);
    const { history, abandonCounts } = past;
    const fpShare = amdFalsePositiveShare(this.config, past.window);
    const settings = pacingSettings(this.campaign.dialingMode, this.config, fpShare);
    const rebuilt = this.pacerSettings !== undefined;
    const priors = settings.mode === 'predictive' ? await this.pacingPriors(now, settings.ringTimeoutSec) : undefined;
    this.pacer = createPacer(settings, { history, abandonCounts, priors });
    this.pacerSettings = settings;
    this.window = past.window;
    if (!rebuilt) this.inFlight = past.inFlight;
    this.deps.logger.info(
      { campaignId: this.campaignId, mode: settings.mode, history: history.length, abandonCounts: abandonCounts.length, amdFalsePositiveShare: fpShare, priors: priors?.source },
      rebuilt ? 'pacer rebuilt: the campaign’s pacing settings changed' : 'pacer started',
    );
  }

  private async handle(feed: FeedEvent): Promise<void> {
    const atMs = this.deps.clock.now().getTime();
    if (feed.source === 'dialer') {
      const event = feed.event;
      const callId = event.attemptId;
      if (this.caughtUp.has(callId)) return; // its end was taken from PostgreSQL: the pacer learnt all it will
      if (event.type === 'answered') {
        this.pacer.observe({ type: 'answered', callId, atMs: event.atMs, by: event.by });
        if (event.by === 'human' || this.campaign.dialingMode === 'agentless') this.inFlight.answered(callId, event.atMs);
        else this.inFlight.removeWaiting(callId); // a machine needs no agent
      } else if (event.type === 'connected') {
        this.inFlight.connected(callId, event.agentId);
        this.pacer.observe({ type: 'connected', callId, agentId: event.agentId, atMs: event.atMs });
      } else {
        this.inFlight.removeWaiting(callId);
        this.pacer.observe({ type: 'abandoned', callId, atMs: event.atMs });
      }
      return;
    }
    if (feed.source === 'agent') {
      const event = feed.event;
      if (event.from === 'wrap_up') this.pacer.observe({ type: 'wrap_ended', agentId: event.agentId, atMs: event.atMs });
      return;
    }
    const event = feed.event;
    if (event.kind === 'amd' && isMachineVerdict(event.answeredBy)) {
      // Put through to an agent: the machine gets its action and the agent is freed. Given the abandon
      // message before the verdict came: a machine heard it, which is no abandon.
      if (this.inFlight.isBridged(event.attemptId)) await this.deps.endings.machineAfterBridge(event.attemptId);
      else await this.deps.endings.machineNotAbandoned(event.attemptId);
    }
    if (isEndedAttemptState(event.state) && event.kind === 'status' && !this.caughtUp.has(event.attemptId)) {
      await this.callEnded(event.attemptId, event.state, atMs);
    }
  }

  /**
   * A call followed as in flight is over: the pacer learns how, and the
   * ending is applied. `unanswered` false: not an unanswered call to learn
   * from, though the stream never said it was answered (PostgreSQL says it
   * was, or it was never placed).
   */
  private async callEnded(attemptId: string, state: AttemptState, atMs: number, unanswered = true): Promise<void> {
    const { tracked, wasAnswered, agentId } = this.inFlight.ended(attemptId);
    if (tracked && agentId) this.pacer.observe({ type: 'talk_ended', callId: attemptId, agentId, atMs });
    else if (tracked && !wasAnswered && unanswered) {
      const reason = state === 'busy' ? 'busy' : state === 'no_answer' ? 'no_answer' : 'failed';
      this.pacer.observe({ type: 'unanswered', callId: attemptId, reason, atMs });
    }
    await this.deps.endings.ended(attemptId);
  }

  /**
   * Calls followed as in flight whose end the stream never told: attempts a
   * dead leader took and the reconciler gave back unplaced (which publishes
   * nothing), entries lost when Redis restarted. PostgreSQL holds the truth
   * (the stream's header), so they are looked up there and ended as the
   * stream would have ended them; otherwise they would hold the pacer's lines
   * for as long as this leader leads.
   */
  private async catchUpEndings(): Promise<void> {
    const followed = this.inFlight.attemptIds();
    if (followed.length === 0) return;
    const atMs = this.deps.clock.now().getTime();
    // Ended a while ago: an end the stream is about to deliver (with the answer and bridge before it) is left to it.
    const ended = await this.deps.em.fork().execute<{ id: string; state: AttemptState; unanswered: boolean }[]>(
      `select id, state, answered_at is null and provider_call_sid is not null as unanswered from call_attempts
        where id = any(?::uuid[]) and ${endedStateSql()} and ended_at < ?`,
      [pgArrayLiteral(followed), new Date(atMs - CATCH_UP_AFTER_MS)],
    );
    for (const { id, state, unanswered } of ended) {
      this.caughtUp.add(id);
      await this.callEnded(id, state, atMs, unanswered);
    }
    // The stream's entries of those calls come within seconds if at all: a few hundred ids are remembered.
    for (const id of this.caughtUp) {
      if (this.caughtUp.size <= CAUGHT_UP_KEPT) break;
      this.caughtUp.delete(id);
    }
  }

  private async pace(): Promise<void> {
    const now = this.deps.clock.now();
    this.lastDecisionMs = now.getTime();
    const agents = (await this.deps.agents.listCampaign(this.campaignId)).filter((a) => a.state !== 'offline');
    if (await this.cancelRingingOnEmptyFloor(agents, now.getTime())) return;
    if (this.campaign.dialingMode === 'preview') {
      await this.offerPreviews(agents);
      return;
    }
    const decision = this.pacer.decide({
      nowMs: now.getTime(),
      agents: agents.map((a) => pacerAgent(a, this.config)),
      calls: this.inFlight.snapshot(),
    });
    // No more than the calls-per-second budget (the account's, shared by every campaign and worker) can place soon.
    const slots =
      decision.callsToPlace > 0
        ? (await this.deps.cps.capacity(this.campaignId, this.config.cps, CPS_HORIZON_MS)) - this.deps.placer.waitingFor(this.campaignId)
        : 0;
    const want = Math.max(0, Math.min(decision.callsToPlace, MAX_CALLS_PER_DECISION, slots));
    await this.deps.status.save(this.campaignId, {
      dialLevel: decision.dialLevel,
      callsToPlace: want,
      reason: want < decision.callsToPlace ? `${decision.reason}; calls-per-second budget allows ${want} now` : decision.reason,
      callsInFlight: this.inFlight.size,
      leader: this.lease.holder,
      atMs: now.getTime(),
    });
    if (want <= 0) return;
    const tickets = await this.deps.hopper.take(this.campaign, this.config, want, {
      fence: this.lease.fence,
      mode: this.campaign.dialingMode,
      now,
      dialLevel: decision.dialLevel,
    });
    for (const ticket of tickets) {
      this.inFlight.placed(ticket.attemptId, now.getTime());
      this.pacer.observe({ type: 'placed', callId: ticket.attemptId, atMs: now.getTime() });
      // Placing waits for a calls-per-second slot: never block the loop on it. A leader winding down meanwhile places no more.
      const placing = this.deps.placer.place(ticket.attemptId, this.campaignId, ticket.phone, this.config, { proceed: () => !this.winding && !this.floorEmpty }).then(
        (result) => {
          if (result === 'refused' || result === 'deferred') this.inFlight.ended(ticket.attemptId);
        },
        (error: Error) => this.deps.logger.error({ err: error, attemptId: ticket.attemptId }, 'placement failed'),
      );
      this.placing.add(placing);
      void placing.finally(() => this.placing.delete(placing));
    }
  }

  /**
   * The last agent who could take a call paused, signed out or went away
   * (nobodyToTakeACall): the campaign's calls still ringing can only become
   * abandons, so they are cancelled as a campaign pause cancels them
   * (`Status=canceled`, which never cuts an answered call), and placements
   * waiting for a calls-per-second slot are given back. Done here, in the
   * leader's tick, because it is the one place that sees the whole floor and
   * the calls in flight, and it runs at once on every agent change (the
   * campaign's agent event stream), whichever process made it. True while the
   * floor is empty (the pacer, asked, would place nothing anyway).
   */
  private async cancelRingingOnEmptyFloor(agents: AgentPresence[], nowMs: number): Promise<boolean> {
    const empty = nobodyToTakeACall(this.campaign.dialingMode, agents);
    const emptied = empty && !this.floorEmpty;
    this.floorEmpty = empty;
    if (!empty) return false;
    const every = this.inFlight.size > 0 || this.placing.size > 0 ? EMPTY_FLOOR_EVERY_MS : EMPTY_FLOOR_IDLE_EVERY_MS;
    if (emptied || nowMs - this.lastEmptyFloorMs >= every) {
      this.lastEmptyFloorMs = nowMs;
      const cancelled = await this.deps.windDown.cancelRinging(this.campaignId, this.cancelled, 'nobody left on the floor to take a call');
      // Said on the wallboard (the status lives 10 s: renewed at least every 5 s meanwhile).
      await this.deps.status.save(this.campaignId, {
        dialLevel: 0,
        callsToPlace: 0,
        reason: `no agent left who could take a call (every agent paused, signed out or away)${cancelled > 0 ? `: ${cancelled} ringing call(s) cancelled` : ''}`,
        callsInFlight: this.inFlight.size,
        leader: this.lease.holder,
        atMs: nowMs,
      });
    }
    return true;
  }

  private async offerPreviews(agents: AgentPresence[]): Promise<void> {
    for (const agent of agents.filter((a) => a.state === 'ready')) {
      if (!(await this.deps.agentCalls.offerPreview(this.campaign, this.config, agent.agentId, agent.name))) break;
    }
    await this.deps.status.save(this.campaignId, {
      dialLevel: 1,
      callsToPlace: 0,
      reason: 'preview: agents dial',
      callsInFlight: this.inFlight.size,
      leader: this.lease.holder,
      atMs: this.deps.clock.now().getTime(),
    });
  }
}
