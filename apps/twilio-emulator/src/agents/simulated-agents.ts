import { SimScheduler } from '../clock/sim-scheduler';
import { CallEngine } from '../calls/call-engine';
import { CallStore } from '../calls/call-store';
import { EmulatedCall } from '../calls/emulated-call';
import { Conference, Participant } from '../conferences/conference';
import { ConferenceRooms } from '../conferences/conference-rooms';
import { Scenario } from '../scenario/scenario';
import { Distribution, ScenarioRandom } from '../scenario/scenario-random';
import { HttpMethod } from '../webhooks/webhook-delivery';

export interface AgentSpec {
  /** The Voice SDK identity: the leg calls from `client:<identity>`. */
  identity: string;
  /** The TwiML App's voice URL (our api), which answers with the agent's conference room. */
  voiceUrl: string;
  method?: HttpMethod;
  /** Custom parameters the browser passes to `device.connect({ params })`. */
  params?: Record<string, string>;
  /** Overrides the scenario's agent talk time. */
  talkTimeSec?: Distribution;
  /** Sent as ApplicationSid, as for a TwiML App call. */
  applicationSid?: string;
}

export type AgentState = 'connecting' | 'available' | 'talking' | 'disconnected';

export interface AgentView {
  identity: string;
  state: AgentState;
  callSid: string;
  room: string | null;
  conferenceSid: string | null;
  /** Callees bridged into this agent's room so far. */
  callsHandled: number;
  /** Callees in the room right now. */
  talkingTo: string[];
}

/** An agent already on the line cannot connect twice. */
export class AgentConflictError extends Error {
  constructor(identity: string) {
    super(`Agent ${identity} is already connected`);
    this.name = 'AgentConflictError';
  }
}

interface SimulatedAgent {
  spec: AgentSpec;
  call: EmulatedCall;
  random: ScenarioRandom;
  callsHandled: number;
  /** Pending "agent clicks hang-up" per callee. */
  hangUps: Map<string, () => void>;
}

/**
 * Agents' browsers as the emulator plays them: each calls in to the TwiML
 * App, waits in the room its TwiML names, and when a callee is bridged in,
 * ends the callee's call after a sampled talk time (unless the callee hangs
 * up first). The agent stays in its room for the next call.
 */
export class SimulatedAgents {
  private readonly agents = new Map<string, SimulatedAgent>();
  private connections = 0;

  constructor(
    private readonly engine: CallEngine,
    private readonly store: CallStore,
    private readonly rooms: ConferenceRooms,
    private readonly scheduler: SimScheduler,
    private readonly scenario: () => Scenario,
  ) {
    rooms.onJoin((conference, joiner) => this.onJoin(conference, joiner));
  }

  connect(spec: AgentSpec): AgentView {
    const existing = this.agents.get(spec.identity);
    if (existing && !existing.call.ended) throw new AgentConflictError(spec.identity);
    const call = this.engine.acceptIncoming(
      {
        to: spec.params?.To ?? '',
        from: `client:${spec.identity}`,
        source: { url: spec.voiceUrl, method: spec.method ?? 'POST' },
        machineDetectionTimeoutSec: 30,
        timeoutSec: 60,
        // An incoming call has no TimeLimit of its own: only Twilio's hard 24 hours (the 4-hour default is <Dial>'s).
        timeLimitSec: 24 * 3600,
        record: false,
      },
      { ...(spec.applicationSid ? { ApplicationSid: spec.applicationSid } : {}), ...(spec.params ?? {}) },
    );
    const seed = (this.scenario().seed ^ Math.imul(++this.connections, 0x85ebca6b)) >>> 0;
    const agent: SimulatedAgent = { spec, call, random: new ScenarioRandom(seed), callsHandled: 0, hangUps: new Map() };
    this.agents.set(spec.identity, agent);
    return this.view(agent);
  }

  /** The agent closes the browser: its leg ends (and its room with it, if the TwiML says so). */
  disconnect(identity: string): AgentView | undefined {
    const agent = this.agents.get(identity);
    if (!agent) return undefined;
    this.cancelHangUps(agent);
    this.engine.endCall(agent.call, 'agent');
    return this.view(agent);
  }

  list(): AgentView[] {
    return [...this.agents.values()].map((agent) => this.view(agent));
  }

  get(identity: string): AgentView | undefined {
    const agent = this.agents.get(identity);
    return agent && this.view(agent);
  }

  reset(): void {
    for (const agent of this.agents.values()) this.cancelHangUps(agent);
    this.agents.clear();
    this.connections = 0;
  }

  private onJoin(conference: Conference, joiner: Participant): void {
    for (const agent of this.agents.values()) {
      if (agent.call.ended || conference.participants.get(agent.call.sid)?.status !== 'connected') continue;
      const joined =
        joiner.callSid === agent.call.sid ? conference.connected().filter((p) => p.callSid !== agent.call.sid) : [joiner];
      // An agent hangs up on the callees put through, not on another browser in the room (a supervisor listening in).
      for (const callee of joined.filter((p) => !this.store.get(p.callSid)?.from.startsWith('client:'))) this.talkTo(agent, conference, callee);
    }
  }

  private talkTo(agent: SimulatedAgent, conference: Conference, callee: Participant): void {
    if (agent.hangUps.has(callee.callSid)) return;
    agent.callsHandled += 1;
    const talkSec = agent.random.sample(agent.spec.talkTimeSec ?? this.scenario().agents.talkTimeSec);
    const cancel = this.scheduler.after(talkSec * 1000, () => {
      agent.hangUps.delete(callee.callSid);
      const call = this.store.get(callee.callSid);
      if (call && !call.ended && callee.status === 'connected') {
        call.log({ type: 'callee', action: 'agent-hung-up', detail: `${agent.spec.identity} after ${talkSec.toFixed(1)} s` });
        this.engine.endCall(call, 'agent');
      }
    });
    agent.hangUps.set(callee.callSid, cancel);
    // The callee may hang up first: forget the pending hang-up then.
    void callee.removed.then(() => {
      agent.hangUps.get(callee.callSid)?.();
      agent.hangUps.delete(callee.callSid);
    });
  }

  private cancelHangUps(agent: SimulatedAgent): void {
    for (const cancel of agent.hangUps.values()) cancel();
    agent.hangUps.clear();
  }

  private view(agent: SimulatedAgent): AgentView {
    const { call } = agent;
    const room = call.conference ? this.rooms.get(call.conference.sid) : undefined;
    const talkingTo = room ? room.connected().filter((p) => p.callSid !== call.sid).map((p) => p.callSid) : [];
    const state: AgentState = call.ended ? 'disconnected' : !room ? 'connecting' : talkingTo.length > 0 ? 'talking' : 'available';
    return {
      identity: agent.spec.identity,
      state,
      callSid: call.sid,
      room: room?.friendlyName ?? null,
      conferenceSid: room?.sid ?? null,
      callsHandled: agent.callsHandled,
      talkingTo,
    };
  }
}
