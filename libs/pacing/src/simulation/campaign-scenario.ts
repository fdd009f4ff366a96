import { PacingSettings } from '../pacing.types';

/** How callees respond to a dial. */
export interface CalleeModel {
  /** p: probability that a person answers, averaged over the day. */
  personAnswerRate: number;
  /** List fatigue: p falls linearly through each day from (1 + f/2)·p to (1 − f/2)·p. */
  fatigue: number;
  /** Time from dial to a person picking up: a mixture of normals (peaks near 6–10 s and 18–22 s). */
  personAnswerPeaks: { meanSec: number; sdSec: number; share: number }[];
  /** Of the calls no person answers: shares that are busy, a machine, or fail; the rest ring out. */
  busyShare: number;
  machineShare: number;
  failedShare: number;
  machineAnswerMeanSec: number;
  machineAnswerSdSec: number;
  busyAfterSec: [number, number];
  failedAfterSec: [number, number];
  /** Answering-machine detection: the 'answered' event comes after its delay, with its verdict. */
  amd: {
    personDelayMeanSec: number;
    personDelaySdSec: number;
    machineDelayMeanSec: number;
    machineDelaySdSec: number;
    /** P(a person is classified human); the rest are hung up on (AMD false positives). */
    personAccuracy: number;
    /** P(a machine is classified machine); the rest reach an agent, who drops them quickly. */
    machineAccuracy: number;
  };
}

export interface AgentModel {
  /** Lognormal talk time. */
  talkMeanSec: number;
  talkCv: number;
  /** Lognormal wrap-up time. */
  wrapMeanSec: number;
  wrapCv: number;
  /** How long an agent takes to drop a machine that AMD passed as a person. */
  machineTalkMeanSec: number;
}

/** Agents log in and out during the day: staggered starts and ends, and a break off the system. */
export interface ShiftModel {
  startHour: number;
  lengthHours: number;
  loginSpreadSec: number;
  logoutSpreadSec: number;
  /** Share of agents who log out for a break in the middle half of the shift. */
  breakShare: number;
  breakMinSec: number;
  breakMaxSec: number;
  /**
   * Share of departures (breaks and shift ends) caught mid-call that the agent
   * announces — "pause after this call", or a supervisor's "sign out after this
   * call" — so the pacer stops counting on the agent at once (`announcedPause`)
   * rather than when they leave after wrap-up. 0: nobody announces.
   */
  announcedLeaveShare: number;
}

export interface CampaignScenario {
  agents: number;
  days: number;
  settings: PacingSettings;
  callee: CalleeModel;
  agent: AgentModel;
  shift: ShiftModel;
  /** The pacer is asked at least this often… */
  decideEveryMs: number;
  /** …and this long after an event that frees a line or an agent (a debounce, as a runtime would). */
  reactAfterMs: number;
}

export interface ScenarioOptions {
  agents: number;
  days?: number;
  settings?: Partial<PacingSettings>;
  callee?: Partial<CalleeModel>;
  agent?: Partial<AgentModel>;
  shift?: Partial<ShiftModel>;
  decideEveryMs?: number;
  reactAfterMs?: number;
}

export const DEFAULT_SETTINGS: PacingSettings = {
  mode: 'predictive',
  maxAbandonRate: 0.03,
  maxLinesPerAgent: 5,
  ringTimeoutSec: 25,
  connectGraceSec: 2,
};

export const DEFAULT_CALLEE: CalleeModel = {
  personAnswerRate: 0.25,
  fatigue: 0.3,
  personAnswerPeaks: [
    { meanSec: 8, sdSec: 1.2, share: 0.65 },
    { meanSec: 20, sdSec: 1.2, share: 0.35 },
  ],
  busyShare: 0.12,
  machineShare: 0.3,
  failedShare: 0.03,
  machineAnswerMeanSec: 12,
  machineAnswerSdSec: 4,
  busyAfterSec: [2, 6],
  failedAfterSec: [0.5, 3],
  amd: {
    personDelayMeanSec: 1.2,
    personDelaySdSec: 0.3,
    machineDelayMeanSec: 3.5,
    machineDelaySdSec: 0.8,
    personAccuracy: 0.97,
    machineAccuracy: 0.9,
  },
};

export const DEFAULT_AGENT: AgentModel = {
  talkMeanSec: 120,
  talkCv: 0.8,
  wrapMeanSec: 10,
  wrapCv: 0.3,
  machineTalkMeanSec: 6,
};

export const DEFAULT_SHIFT: ShiftModel = {
  startHour: 9,
  lengthHours: 8,
  loginSpreadSec: 900,
  logoutSpreadSec: 900,
  breakShare: 1,
  breakMinSec: 900,
  breakMaxSec: 1800,
  announcedLeaveShare: 0,
};

/** A full scenario from the defaults above and whatever the caller overrides. */
export function campaignScenario(options: ScenarioOptions): CampaignScenario {
  return {
    agents: options.agents,
    days: options.days ?? 1,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    callee: { ...DEFAULT_CALLEE, ...options.callee },
    agent: { ...DEFAULT_AGENT, ...options.agent },
    shift: { ...DEFAULT_SHIFT, ...options.shift },
    decideEveryMs: options.decideEveryMs ?? 1000,
    reactAfterMs: options.reactAfterMs ?? 250,
  };
}
