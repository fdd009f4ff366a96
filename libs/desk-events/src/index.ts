/**
 * The agent desktop's socket.io protocol (namespace `/agents`), typed once for
 * the three that speak it: the api's gateway, apps/agent-simulator and the web
 * app. Types only — no runtime code, no imports — so the browser bundle takes
 * nothing from the server's libraries.
 */

export type DeskAgentState = 'offline' | 'paused' | 'ready' | 'reserved' | 'on_call' | 'wrap_up';

/** What the floor knows about one agent right now (the `state` message). */
export interface DeskPresence {
  agentId: string;
  name: string;
  /** The campaign joined; offline, the one last joined (the agent is on no floor). */
  campaignId: string | null;
  state: DeskAgentState;
  /** When the current state began (epoch ms). */
  sinceMs: number;
  attemptId: string | null;
  leadId: string | null;
  pauseReason: string | null;
  /** A pause asked for during a call; it takes effect when the wrap-up ends. */
  pauseAfterCall: string | null;
  /** In wrap-up: when it ends (epoch ms), the agent's extensions included; null until the dialer sets it. */
  wrapUpUntilMs: number | null;
  /** Bumped on every change: a timer armed for one state checks it is still that state. */
  epoch: number;
}

export interface DeskDisposition {
  code: string;
  label: string;
  isFinal: boolean;
  isCallback: boolean;
  isDnc: boolean;
}

export interface DeskSurveyQuestion {
  id: string;
  prompt: string;
  answers: string[];
}

/** What lands on the agent's screen the moment a callee is put through (`screen_pop`), or a lead to dial (`preview`). */
export interface DeskScreenPop {
  attemptId: string;
  mode: string;
  campaign: { id: string; name: string; kind: string };
  lead: {
    id: string;
    phone: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    externalId: string | null;
    region: string | null;
    postalCode: string | null;
    custom: Record<string, string>;
  };
  /**
   * The callee's local time, e.g. `{ zone: 'Asia/Tokyo', time: '14:05', date: '2026-11-23' }`; `otherZones`: where
   * else the number may be (an area spanning two zones), every one of which a callback must fall within hours in.
   */
  localTime: { zone: string; time: string; date: string; otherZones?: string[] } | null;
  script: string;
  history: { at: string; outcome: string | null; disposition: string | null; agentName: string | null }[];
  dispositions: DeskDisposition[];
  survey: DeskSurveyQuestion[] | null;
  /** Preview only: dials itself after this many seconds unless skipped. */
  autoDialAfterSec?: number | null;
  /** The number this call dials: the lead's main one or an alternate (`alt1`, `alt2`). */
  dialed?: { phone: string; slot: 'main' | 'alt1' | 'alt2' };
}

/** The call is over (the callee or the agent hung up, or the preview was skipped). */
export interface DeskCallEnded {
  attemptId: string;
  outcome: string;
  reason?: string;
}

/** An outcome recorded for one of the agent's calls (from any of their tabs): every desk shows it saved. */
export interface DeskOutcomeSaved {
  attemptId: string;
  code: string;
}

export interface DeskError {
  code: string;
  message: string;
  /** What the refusal concerns, e.g. DISPOSITION_REQUIRED's `attemptId` (the call whose outcome is owed). */
  details?: Record<string, unknown>;
}

/**
 * The server's clock as it answered (`clock`, on the desk's and the wallboard's
 * sockets): the page measures how far the browser's clock is from the one every
 * `sinceMs` and `wrapUpUntilMs` is read on, NTP-style (the answer is taken to
 * be read halfway through the round trip), and times everything by it.
 */
export interface ServerTime {
  /** The server's time (epoch ms) when it answered. */
  serverMs: number;
}

/**
 * A desk that went away is back (`desk_back`, to every desk of the agent):
 * they had been paused (`disconnected`) because it went away while they were
 * ready or reserved, and it came back within the grace (the api's
 * DESK_RETURN_GRACE_MS) with that pause still in force.
 */
export interface DeskBack {
  /** Ready again, as before the desk went away. */
  resumed: boolean;
  /** When not: why ready was refused (e.g. NO_AUDIO, DISPOSITION_REQUIRED); the agent presses ready once it is fixed. */
  refusal: DeskError | null;
}

/** Every client message is acknowledged with its result or a readable error. */
export type DeskAck<T> = { ok: true; data: T } | { ok: false; error: DeskError };

/** Messages the server pushes. */
export interface DeskServerEvents {
  state: (presence: DeskPresence | null) => void;
  screen_pop: (pop: DeskScreenPop) => void;
  preview: (pop: DeskScreenPop) => void;
  call_ended: (ended: DeskCallEnded) => void;
  outcome_saved: (saved: DeskOutcomeSaved) => void;
  desk_back: (back: DeskBack) => void;
  error: (error: DeskError) => void;
}

/** Messages the desk sends (all acknowledged). */
export interface DeskClientEvents {
  join: (body: { campaignId: string }, ack: (answer: DeskAck<DeskPresence>) => void) => void;
  ready: (body: Record<string, never>, ack: (answer: DeskAck<DeskPresence>) => void) => void;
  pause: (body: { reason: string }, ack: (answer: DeskAck<DeskPresence>) => void) => void;
  leave: (body: Record<string, never>, ack: (answer: DeskAck<DeskPresence>) => void) => void;
  /** More time for the wrap-up in hand (capped by the campaign). */
  extend_wrap_up: (body: Record<string, never>, ack: (answer: DeskAck<DeskPresence>) => void) => void;
  /** The server's time, for the desk's clock (ServerTime). */
  clock: (body: Record<string, never>, ack: (answer: DeskAck<ServerTime>) => void) => void;
}

/** The names of the pushed messages, for code that routes them (the notifier). */
export type DeskServerEvent = keyof DeskServerEvents;
export type DeskPayload<E extends DeskServerEvent> = Parameters<DeskServerEvents[E]>[0];

/*
 * The wallboard's socket.io protocol (namespace `/floor`), typed once for the
 * api's gateway and the web app. The api's own types (WallboardService,
 * CampaignStats) must be assignable to these, so a change on either side
 * fails to compile.
 */

export interface FloorCallCounts {
  dials: number;
  liveAnswers: number;
  machines: number;
  connects: number;
  machineConnects: number;
  abandons: number;
  amdFalsePositives: number;
  abandonRate: number;
  /** Right-party contacts: live answers whose outcome's code is flagged a contact or a success (the KPI report's contacts). */
  contacts: number;
  /** コンタクト率: contacts ÷ dials. */
  contactRate: number;
}

export interface FloorPacing {
  dialLevel: number;
  callsToPlace: number;
  reason: string;
  callsInFlight: number;
  leader: string;
  atMs: number;
}

export interface FloorCampaignStats {
  campaignId: string;
  status: string;
  mode: string;
  window: { hours: number; since: string; capRate: number } & FloorCallCounts;
  lastHour: FloorCallCounts;
  inFlight: number;
  occupancy: number | null;
  occupancyWithWrap: number | null;
  agents: { byState: Record<string, number>; list: DeskPresence[] };
  leads: Record<string, number>;
  pacing: FloorPacing | null;
  at: string;
}

export interface FloorMinute {
  at: string;
  dials: number;
  liveAnswers: number;
  connects: number;
  abandons: number;
  occupancy: number | null;
  agents: Record<string, number>;
}

export interface FloorCampaign {
  name: string;
  stats: FloorCampaignStats;
  why: { campaignId: string; dialing: boolean; reasons: { code: string; message: string }[] };
  minutes: FloorMinute[];
  speedOfAnswer: { averageSec: number | null; connects: number };
}

/** What a wallboard watches: one campaign, or the whole floor (every active or paused campaign). */
export type FloorWatch = { campaignId: string } | { campaignId: null };

export interface FloorSnapshot {
  /** The campaign watched, or null for the whole floor. */
  campaignId: string | null;
  campaigns: FloorCampaign[];
  at: string;
}

export type FloorAck<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface FloorServerEvents {
  /** The figures, pushed on every change of an agent's state and at least every second while watched. */
  snapshot: (snapshot: FloorSnapshot) => void;
  /** One agent's state changed (pushed the moment it happens, from whichever process). */
  agent: (presence: DeskPresence | null) => void;
  error: (error: { code: string; message: string }) => void;
}

export interface FloorClientEvents {
  watch: (body: FloorWatch, ack: (answer: FloorAck<FloorSnapshot>) => void) => void;
  /** The server's time, for the wallboard's clock (ServerTime): time in state is counted from agents' `sinceMs`. */
  clock: (body: Record<string, never>, ack: (answer: FloorAck<ServerTime>) => void) => void;
}
