import { Distribution } from './scenario-random';

/** What a dialed number does when the call reaches it. */
export type CalleeOutcome = 'human' | 'machine' | 'fax' | 'busy' | 'no-answer' | 'failed';

export const ANSWERED_BY = [
  'human',
  'machine_start',
  'machine_end_beep',
  'machine_end_silence',
  'machine_end_other',
  'fax',
  'unknown',
] as const;
export type AnsweredBy = (typeof ANSWERED_BY)[number];

/** Deterministic behaviour for one number, for tests: anything left out comes from the scenario. */
export interface NumberBehaviour {
  outcome?: CalleeOutcome;
  /** Seconds of ringing before the callee picks up (beyond the call's Timeout: no-answer). */
  answerAfterSec?: Distribution;
  /** Forces the AMD verdict (e.g. a human misread as `machine_start`). */
  answeredBy?: AnsweredBy;
  /** Keys pressed at successive `<Gather>`s; `""` presses nothing. */
  digits?: string[];
  /** A live callee hangs up after this much unbroken silence (Pause, AMD, waiting alone in a conference). */
  hangUpAfterSilenceSec?: Distribution;
  /** A live callee hangs up after talking this long with someone in a conference (before the agent does). */
  hangUpAfterTalkSec?: Distribution | null;
  /** SIP final response for failed calls (default 404). */
  sipResponseCode?: number;
}

export interface Scenario {
  /** Seeds every random choice; the same seed replays the same outcomes. */
  seed: number;
  /** Multiplies every duration: 1 is real time, 0.02 runs a 60 s call in 1.2 s. */
  timeScale: number;
  /** Calls per second per account before calls queue (Twilio's default is 1). */
  cps: number;
  /** Probability that a dialed number answers at all. */
  answerProbability: number;
  /** Who answers, when someone does (weights). */
  answeredMix: { human: number; machine: number; fax: number };
  /** What happens otherwise (weights). */
  unansweredMix: { busy: number; noAnswer: number; failed: number };
  timing: {
    /** From initiated to ringing. */
    postDialDelaySec: Distribution;
    /** Ringing before a person picks up. */
    humanAnswerSec: Distribution;
    /** Ringing before voicemail picks up. */
    machineAnswerSec: Distribution;
    /** Ringing before a busy signal. */
    busyAfterSec: Distribution;
    /** Speech rate for `<Say>`. */
    sayWordsPerSec: number;
    /** Length assumed for any `<Play>` file. */
    playSec: number;
  };
  callee: {
    hangUpAfterSilenceSec: Distribution;
    hangUpAfterTalkSec: Distribution | null;
    /** Keys pressed at successive Gathers by every human callee without a per-number script. */
    digits: string[];
    /** When the script is used up: press one of these at random ("" = press nothing). */
    randomDigits: string;
    /** Pressed at the first Gather (an opt-out request); overrides `digits`. */
    optOutDigit: string | null;
    /** Thinking time before pressing keys. */
    gatherResponseSec: Distribution;
    /** How long a person speaks into a `<Record>`. */
    recordSpeechSec: Distribution;
  };
  machine: {
    /** Voicemail greeting length, up to the beep. */
    greetingSec: Distribution;
    /** Voicemail hangs up after this much silence following the beep. */
    hangUpAfterSilenceSec: Distribution;
  };
  amd: {
    humanDetectionSec: Distribution;
    machineDetectionSec: Distribution;
    /** Probability of the right verdict; otherwise humans read as machines and machines as humans. */
    accuracy: number;
  };
  agents: {
    /** Talk time of a simulated agent before it ends the callee's call. */
    talkTimeSec: Distribution;
  };
  webhooks: {
    /** Delay each notification (status, AMD, conference) by a random 0..shuffleWindowMs so they arrive out of order. */
    shuffle: boolean;
    shuffleWindowMs: number;
    /** Probability that a notification is delivered twice. */
    duplicateProbability: number;
    /** Probability that a voice/action request is retried as if its response was lost. */
    voiceRetryProbability: number;
    /** Probability that a notification is never sent (lost on the way: only asking Twilio tells the app). */
    dropProbability: number;
    /** Real milliseconds every notification is held before it is sent (a slow network); order per call is kept unless shuffled. */
    delayMs: number;
  };
  /** Per-number overrides, by E.164 number. */
  numbers: Record<string, NumberBehaviour>;
}

/** A realistic floor: roughly what a consumer list sounds like on a weekday evening. */
export const DEFAULT_SCENARIO: Scenario = {
  seed: 1,
  timeScale: 1,
  cps: 1,
  answerProbability: 0.4,
  answeredMix: { human: 0.7, machine: 0.28, fax: 0.02 },
  unansweredMix: { busy: 0.2, noAnswer: 0.7, failed: 0.1 },
  timing: {
    postDialDelaySec: { min: 1, max: 3 },
    humanAnswerSec: { min: 4, max: 18 },
    machineAnswerSec: { min: 18, max: 30 },
    busyAfterSec: { min: 1, max: 4 },
    sayWordsPerSec: 2.5,
    playSec: 5,
  },
  callee: {
    hangUpAfterSilenceSec: { min: 3, max: 8 },
    hangUpAfterTalkSec: null,
    digits: [],
    randomDigits: '12345',
    optOutDigit: null,
    gatherResponseSec: { min: 1, max: 3 },
    recordSpeechSec: { min: 3, max: 10 },
  },
  machine: {
    greetingSec: { min: 6, max: 15 },
    hangUpAfterSilenceSec: 6,
  },
  amd: {
    humanDetectionSec: { min: 2, max: 4 },
    machineDetectionSec: { min: 2.5, max: 4.5 },
    accuracy: 0.9,
  },
  agents: { talkTimeSec: { median: 90, sigma: 0.5 } },
  webhooks: { shuffle: false, shuffleWindowMs: 200, duplicateProbability: 0, voiceRetryProbability: 0, dropProbability: 0, delayMs: 0 },
  numbers: {},
};
