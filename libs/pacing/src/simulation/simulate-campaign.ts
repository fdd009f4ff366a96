import { AgentState, InFlightCallState, Pacer, PacingSettings, PacingSnapshot } from '../pacing.types';
import { lognormalParameters, SeededRandom } from '../random/seeded-random';
import { CampaignMetrics } from './campaign-metrics';
import { CampaignScenario } from './campaign-scenario';
import { EventQueue } from './event-queue';
import { SimulationReport } from './simulation-report';
import { floor, max, min } from '../math/math-bindings';

/** Builds the pacer under test; the seed is derived from the simulation's. */
export type PacerFactory = (settings: PacingSettings, seed: number) => Pacer;

export interface SimulationOptions {
  seed?: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

// Event kinds.
const OUTCOME = 0;
const GRACE_OVER = 1;
const TALK_END = 2;
const WRAP_END = 3;
const LOGIN = 4;
const LOGOUT = 5;
const TICK = 6;
const DECIDE = 7;

// What a dial turns into, fixed when it is placed.
const PERSON = 0;
const MACHINE_AS_PERSON = 1;
const PERSON_AS_MACHINE = 2;
const MACHINE = 3;
const BUSY = 4;
const FAILED = 5;
const NO_ANSWER = 6;

// Call slot states.
const FREE = 0;
const RINGING = 1;
const WAITING = 2;
const BRIDGED = 3;

// Agent states.
const LOGGED_OUT = 0;
const READY = 1;
const ON_CALL = 2;
const WRAP_UP = 3;

interface AgentView {
  id: string;
  state: AgentState;
  sinceMs: number;
  announcedPause: boolean;
}

interface CallView {
  id: string;
  state: InFlightCallState;
  sinceMs: number;
}

/**
 * Runs a seeded discrete-event simulation of an agent campaign, driving the
 * pacer through its public contract, and reports what it achieved.
 *
 * The snapshot handed to decide() is live and reused: copy it to keep it.
 */
export function simulateCampaign(
  scenario: CampaignScenario,
  createPacer: PacerFactory,
  options: SimulationOptions = {},
): SimulationReport {
  if (scenario.settings.mode === 'agentless') throw new Error('The simulator models agent campaigns, not agentless IVR.');
  return new CampaignSimulation(scenario, createPacer, options.seed ?? 1).run();
}

class CampaignSimulation {
  private readonly pacer: Pacer;
  private readonly queue = new EventQueue();
  private readonly metrics: CampaignMetrics;
  private readonly callees: SeededRandom;
  private readonly work: SeededRandom;
  /** Whether a departure is announced: its own stream, so the same world plays out whatever the share. */
  private readonly announcements: SeededRandom;
  private readonly snapshot: PacingSnapshot = { nowMs: 0, agents: [], calls: [] };
  private now = 0;
  private readonly endMs: number;

  // Agents, by index.
  private readonly agentState: Uint8Array;
  private readonly agentSince: Float64Array;
  private readonly agentLoginAt: Float64Array;
  private readonly agentLogoutDue: Uint8Array;
  private readonly agentCall: Int32Array;
  private readonly agentViewIndex: Int32Array;
  private readonly agentViews: AgentView[];
  /** Agent index of each entry of snapshot.agents, in step with it. */
  private readonly loggedInAgents: number[] = [];
  private readyCount = 0;
  private loggedInCount = 0;
  private staffedSince = 0;

  // Calls, by reusable slot.
  private callState = new Uint8Array(1024);
  private callGeneration = new Int32Array(1024);
  private callOutcome = new Uint8Array(1024);
  private callAnsweredAt = new Float64Array(1024);
  private callViewIndex = new Int32Array(1024);
  private readonly callViews: CallView[] = [];
  /** Slot of each entry of snapshot.calls, in step with it. */
  private readonly inFlightSlots: number[] = [];
  private readonly freeSlots: number[] = [];
  private readonly waiting: number[] = [];
  private callCounter = 0;

  private tickScheduled = false;
  private decideScheduled = false;

  private readonly talk: { mu: number; sigma: number };
  private readonly wrap: { mu: number; sigma: number };
  private readonly machineTalk: { mu: number; sigma: number };

  constructor(
    private readonly scenario: CampaignScenario,
    createPacer: PacerFactory,
    seed: number,
  ) {
    const root = SeededRandom.fromSeed(seed);
    this.callees = root.split();
    this.work = root.split();
    const schedule = root.split();
    this.pacer = createPacer(scenario.settings, floor(root.next() * 2 ** 31));
    this.announcements = SeededRandom.fromSeed(seed ^ 0x5a5a5a);
    this.metrics = new CampaignMetrics(scenario.days);
    this.endMs = scenario.days * DAY_MS;
    const n = scenario.agents;
    this.agentState = new Uint8Array(n);
    this.agentSince = new Float64Array(n);
    this.agentLoginAt = new Float64Array(n);
    this.agentLogoutDue = new Uint8Array(n);
    this.agentCall = new Int32Array(n).fill(-1);
    this.agentViewIndex = new Int32Array(n).fill(-1);
    this.agentViews = Array.from({ length: n }, (_, i) => ({ id: `agent-${i + 1}`, state: 'ready', sinceMs: 0, announcedPause: false }));
    this.talk = lognormalParameters(scenario.agent.talkMeanSec, scenario.agent.talkCv);
    this.wrap = lognormalParameters(scenario.agent.wrapMeanSec, scenario.agent.wrapCv);
    this.machineTalk = lognormalParameters(scenario.agent.machineTalkMeanSec, 0.5);
    this.scheduleShifts(schedule);
  }

  run(): SimulationReport {
    const queue = this.queue;
    while (queue.pop()) {
      if (queue.time > this.endMs) break;
      this.now = queue.time;
      const id = queue.id;
      switch (queue.kind) {
        case OUTCOME:
          this.onOutcome(id);
          break;
        case GRACE_OVER:
          if (this.callGeneration[id] === queue.generation && this.callState[id] === WAITING) this.abandon(id);
          break;
        case TALK_END:
          this.onTalkEnd(id);
          break;
        case WRAP_END:
          this.onWrapEnd(id);
          break;
        case LOGIN:
          this.login(id);
          break;
        case LOGOUT:
          this.requestLogout(id);
          break;
        case TICK:
          this.decide();
          if (this.loggedInCount > 0) queue.push(this.now + this.scenario.decideEveryMs, TICK, 0);
          else this.tickScheduled = false;
          break;
        case DECIDE:
          this.decideScheduled = false;
          this.decide();
          break;
      }
    }
    return this.metrics.report(this.scenario.agents);
  }

  // ── pacing ────────────────────────────────────────────────────────────

  private decide(): void {
    this.snapshot.nowMs = this.now;
    const decision = this.pacer.decide(this.snapshot);
    this.metrics.decisions++;
    const calls = decision.callsToPlace;
    if (!Number.isInteger(calls) || calls < 0) throw new Error(`The pacer asked for ${calls} calls.`);
    for (let i = 0; i < calls; i++) this.placeCall();
    this.metrics.dialed(this.now, calls);
  }

  /** A line or an agent came free: ask the pacer again shortly, as a runtime reacting to webhooks would. */
  private markDirty(): void {
    if (this.decideScheduled) return;
    this.decideScheduled = true;
    this.queue.push(this.now + this.scenario.reactAfterMs, DECIDE, 0);
  }

  // ── calls ─────────────────────────────────────────────────────────────

  private placeCall(): void {
    const slot = this.allocateSlot();
    const generation = ++this.callGeneration[slot];
    const id = `call-${++this.callCounter}`;
    const view = this.callViews[slot];
    view.id = id;
    view.state = 'ringing';
    view.sinceMs = this.now;
    this.callState[slot] = RINGING;
    this.callViewIndex[slot] = this.snapshot.calls.length;
    this.snapshot.calls.push(view);
    this.inFlightSlots.push(slot);
    this.pacer.observe({ type: 'placed', callId: id, atMs: this.now });
    const afterSec = this.drawOutcome(slot);
    this.queue.push(this.now + afterSec * 1000, OUTCOME, slot, generation);
  }

  /** Decides what the dial turns into and returns when the dialer learns it (seconds). */
  private drawOutcome(slot: number): number {
    const callee = this.scenario.callee;
    const amd = callee.amd;
    const random = this.callees;
    const ringTimeout = this.scenario.settings.ringTimeoutSec;
    const ringOut = () => {
      this.callOutcome[slot] = NO_ANSWER;
      return ringTimeout;
    };
    if (random.next() < this.personAnswerRate()) {
      const pickup = this.drawPersonPickup();
      if (pickup >= ringTimeout) return ringOut();
      this.callOutcome[slot] = random.next() < amd.personAccuracy ? PERSON : PERSON_AS_MACHINE;
      return pickup + clamp(random.gaussian(amd.personDelayMeanSec, amd.personDelaySdSec), 0.2, 5);
    }
    const kind = random.next();
    if (kind < callee.busyShare) {
      this.callOutcome[slot] = BUSY;
      return random.uniform(callee.busyAfterSec[0], callee.busyAfterSec[1]);
    }
    if (kind < callee.busyShare + callee.machineShare) {
      const pickup = max(random.gaussian(callee.machineAnswerMeanSec, callee.machineAnswerSdSec), 1);
      if (pickup >= ringTimeout) return ringOut();
      this.callOutcome[slot] = random.next() < amd.machineAccuracy ? MACHINE : MACHINE_AS_PERSON;
      return pickup + clamp(random.gaussian(amd.machineDelayMeanSec, amd.machineDelaySdSec), 0.5, 8);
    }
    if (kind < callee.busyShare + callee.machineShare + callee.failedShare) {
      this.callOutcome[slot] = FAILED;
      return random.uniform(callee.failedAfterSec[0], callee.failedAfterSec[1]);
    }
    return ringOut();
  }

  private drawPersonPickup(): number {
    const peaks = this.scenario.callee.personAnswerPeaks;
    let pick = this.callees.next();
    for (const peak of peaks) {
      if (pick < peak.share) return max(this.callees.gaussian(peak.meanSec, peak.sdSec), 1);
      pick -= peak.share;
    }
    const last = peaks[peaks.length - 1];
    return max(this.callees.gaussian(last.meanSec, last.sdSec), 1);
  }

  /** p falls linearly through the shift (list fatigue), around its daily mean. */
  private personAnswerRate(): number {
    const { shift, callee } = this.scenario;
    const dayStart = floor(this.now / DAY_MS) * DAY_MS + shift.startHour * HOUR_MS;
    const progress = clamp((this.now - dayStart) / (shift.lengthHours * HOUR_MS), 0, 1);
    return callee.personAnswerRate * (1 + callee.fatigue * (0.5 - progress));
  }

  private onOutcome(slot: number): void {
    const id = this.callViews[slot].id;
    const atMs = this.now;
    switch (this.callOutcome[slot]) {
      case PERSON:
      case MACHINE_AS_PERSON:
        this.pacer.observe({ type: 'answered', callId: id, atMs, by: 'human' });
        this.metrics.humanAnswered(atMs);
        this.callAnsweredAt[slot] = atMs;
        if (this.readyCount > 0) this.connect(slot, this.longestReadyAgent());
        else this.startWaiting(slot);
        return;
      case PERSON_AS_MACHINE:
        this.metrics.amdFalsePositives++;
        this.pacer.observe({ type: 'answered', callId: id, atMs, by: 'machine' });
        break;
      case MACHINE:
        this.metrics.machineAnswers++;
        this.pacer.observe({ type: 'answered', callId: id, atMs, by: 'machine' });
        break;
      case BUSY:
        this.pacer.observe({ type: 'unanswered', callId: id, atMs, reason: 'busy' });
        break;
      case FAILED:
        this.pacer.observe({ type: 'unanswered', callId: id, atMs, reason: 'failed' });
        break;
      default:
        this.pacer.observe({ type: 'unanswered', callId: id, atMs, reason: 'no_answer' });
    }
    this.endCall(slot);
    this.markDirty();
  }

  private startWaiting(slot: number): void {
    const view = this.callViews[slot];
    view.state = 'answered_waiting';
    view.sinceMs = this.now;
    this.callState[slot] = WAITING;
    this.waiting.push(slot);
    this.queue.push(this.now + this.scenario.settings.connectGraceSec * 1000, GRACE_OVER, slot, this.callGeneration[slot]);
  }

  /** The 2-second rule: nobody came for the callee in time. */
  private abandon(slot: number): void {
    this.pacer.observe({ type: 'abandoned', callId: this.callViews[slot].id, atMs: this.now });
    this.metrics.abandon(this.now);
    this.waiting.splice(this.waiting.indexOf(slot), 1);
    this.endCall(slot);
    this.markDirty();
  }

  private connect(slot: number, agent: number): void {
    this.removeCallView(slot);
    this.callState[slot] = BRIDGED;
    if (this.agentState[agent] === READY) this.readyCount--;
    this.agentState[agent] = ON_CALL;
    this.agentSince[agent] = this.now;
    this.agentCall[agent] = slot;
    const view = this.agentViews[agent];
    view.state = 'on_call';
    view.sinceMs = this.now;
    this.pacer.observe({ type: 'connected', callId: this.callViews[slot].id, agentId: view.id, atMs: this.now });
    this.metrics.connected(this.now - this.callAnsweredAt[slot]);
    const talk = this.callOutcome[slot] === MACHINE_AS_PERSON ? this.machineTalk : this.talk;
    this.queue.push(this.now + this.work.lognormal(talk.mu, talk.sigma) * 1000, TALK_END, agent);
  }

  private endCall(slot: number): void {
    if (this.callState[slot] === RINGING || this.callState[slot] === WAITING) this.removeCallView(slot);
    this.callState[slot] = FREE;
    this.freeSlots.push(slot);
  }

  private removeCallView(slot: number): void {
    const index = this.callViewIndex[slot];
    swapRemove(this.snapshot.calls, index);
    const moved = swapRemove(this.inFlightSlots, index);
    if (moved !== undefined) this.callViewIndex[moved] = index;
    this.callViewIndex[slot] = -1;
  }

  private allocateSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.callViews.length;
    if (slot === this.callState.length) this.growSlots();
    this.callViews.push({ id: '', state: 'ringing', sinceMs: 0 });
    return slot;
  }

  private growSlots(): void {
    const size = this.callState.length * 2;
    const grow = <T extends Uint8Array | Int32Array | Float64Array>(array: T, bigger: T): T => {
      bigger.set(array);
      return bigger;
    };
    this.callState = grow(this.callState, new Uint8Array(size));
    this.callGeneration = grow(this.callGeneration, new Int32Array(size));
    this.callOutcome = grow(this.callOutcome, new Uint8Array(size));
    this.callAnsweredAt = grow(this.callAnsweredAt, new Float64Array(size));
    this.callViewIndex = grow(this.callViewIndex, new Int32Array(size));
  }

  // ── agents ────────────────────────────────────────────────────────────

  private onTalkEnd(agent: number): void {
    const slot = this.agentCall[agent];
    const view = this.agentViews[agent];
    this.pacer.observe({ type: 'talk_ended', callId: this.callViews[slot].id, agentId: view.id, atMs: this.now });
    this.metrics.talked(this.now, this.now - this.agentSince[agent]);
    this.endCall(slot);
    this.agentCall[agent] = -1;
    this.agentState[agent] = WRAP_UP;
    this.agentSince[agent] = this.now;
    view.state = 'wrap_up';
    view.sinceMs = this.now;
    this.queue.push(this.now + this.work.lognormal(this.wrap.mu, this.wrap.sigma) * 1000, WRAP_END, agent);
    this.markDirty();
  }

  private onWrapEnd(agent: number): void {
    this.pacer.observe({ type: 'wrap_ended', agentId: this.agentViews[agent].id, atMs: this.now });
    if (this.agentLogoutDue[agent]) this.logout(agent);
    else this.becomeAvailable(agent);
    this.markDirty();
  }

  /** The longest-waiting callee takes the agent at once; otherwise the agent is ready. */
  private becomeAvailable(agent: number): void {
    const slot = this.waiting.shift();
    if (slot !== undefined) {
      this.connect(slot, agent);
      return;
    }
    this.agentState[agent] = READY;
    this.agentSince[agent] = this.now;
    const view = this.agentViews[agent];
    view.state = 'ready';
    view.sinceMs = this.now;
    this.readyCount++;
  }

  private longestReadyAgent(): number {
    let chosen = -1;
    let since = Number.POSITIVE_INFINITY;
    for (let agent = 0; agent < this.agentState.length; agent++) {
      if (this.agentState[agent] === READY && this.agentSince[agent] < since) {
        chosen = agent;
        since = this.agentSince[agent];
      }
    }
    return chosen;
  }

  private login(agent: number): void {
    if (this.agentState[agent] !== LOGGED_OUT) {
      // Back from a break before the call in progress ended: the break is off.
      this.agentLogoutDue[agent] = 0;
      this.agentViews[agent].announcedPause = false;
      return;
    }
    if (this.loggedInCount++ === 0) this.staffedSince = this.now;
    this.agentLoginAt[agent] = this.now;
    this.agentViewIndex[agent] = this.snapshot.agents.length;
    this.snapshot.agents.push(this.agentViews[agent]);
    this.loggedInAgents.push(agent);
    this.becomeAvailable(agent);
    if (!this.tickScheduled) {
      this.tickScheduled = true;
      this.queue.push(this.now, TICK, 0);
    }
    this.markDirty();
  }

  /** Agents finish the call and wrap-up in hand before they leave. */
  private requestLogout(agent: number): void {
    const state = this.agentState[agent];
    if (state === LOGGED_OUT) return;
    if (state === READY) this.logout(agent);
    else {
      this.agentLogoutDue[agent] = 1;
      // Announced ("pause after this call"): the pacer is told now, not when the agent is gone.
      if (this.announcements.next() < this.scenario.shift.announcedLeaveShare) this.agentViews[agent].announcedPause = true;
    }
  }

  private logout(agent: number): void {
    if (this.agentState[agent] === READY) this.readyCount--;
    this.agentState[agent] = LOGGED_OUT;
    this.agentLogoutDue[agent] = 0;
    this.agentViews[agent].announcedPause = false;
    this.metrics.loggedIn(this.now, this.now - this.agentLoginAt[agent]);
    const index = this.agentViewIndex[agent];
    swapRemove(this.snapshot.agents, index);
    const moved = swapRemove(this.loggedInAgents, index);
    if (moved !== undefined) this.agentViewIndex[moved] = index;
    this.agentViewIndex[agent] = -1;
    if (--this.loggedInCount === 0) this.metrics.staffed(this.now - this.staffedSince);
  }

  private scheduleShifts(random: SeededRandom): void {
    const { shift, days, agents } = this.scenario;
    const length = shift.lengthHours * HOUR_MS;
    for (let day = 0; day < days; day++) {
      const start = day * DAY_MS + shift.startHour * HOUR_MS;
      const end = start + length;
      for (let agent = 0; agent < agents; agent++) {
        this.queue.push(start + random.uniform(0, shift.loginSpreadSec * 1000), LOGIN, agent);
        this.queue.push(end - random.uniform(0, shift.logoutSpreadSec * 1000), LOGOUT, agent);
        if (random.next() < shift.breakShare) {
          const breakStart = start + length * random.uniform(0.25, 0.75);
          this.queue.push(breakStart, LOGOUT, agent);
          this.queue.push(breakStart + random.uniform(shift.breakMinSec, shift.breakMaxSec) * 1000, LOGIN, agent);
        }
      }
    }
  }
}

/** Removes items[index] by moving the last item into its place; returns the moved item, if any. */
function swapRemove<T>(items: T[], index: number): T | undefined {
  const last = items.pop() as T;
  if (index >= items.length) return undefined;
  items[index] = last;
  return last;
}

function clamp(value: number, low: number, high: number): number {
  return min(max(value, low), high);
}
