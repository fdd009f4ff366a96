import { SimScheduler } from '../clock/sim-scheduler';
import { Scenario } from '../scenario/scenario';
import { CalleePlan } from './callee-plan';

/** What the far end of a leg hears right now; it decides whether it stays on the line. */
export type Hearing = 'prompt' | 'silence' | 'alone' | 'talk';

/** The simulated party on a leg: a callee (person, voicemail, fax) or an agent's browser. */
export interface LegBehaviour {
  hear(what: Hearing): void;
  /** Keys pressed at a `<Gather>` and after how many emulated seconds, or null for none. */
  gatherInput(): { digits: string; afterSec: number } | null;
  /** Seconds spoken into a `<Record>` before going quiet. */
  recordSpeechSec(): number;
  /** The call is over: cancel any pending hang-up. */
  stop(): void;
}

/** An agent's browser leg: stays until told to go. */
export const PATIENT_LEG: LegBehaviour = {
  hear: () => undefined,
  gatherInput: () => null,
  recordSpeechSec: () => 0,
  stop: () => undefined,
};

/**
 * A callee: hangs up after enough unbroken silence (a person hearing
 * nothing after "hello?", a voicemail after its beep), optionally after a
 * talk time of its own; a person presses the scripted keys.
 */
export class CalleeBehaviour implements LegBehaviour {
  private cancelTimer: (() => void) | null = null;
  private readonly answeredAt: number;

  constructor(
    private readonly plan: CalleePlan,
    private readonly scenario: Scenario,
    private readonly scheduler: SimScheduler,
    private readonly hangUp: (reason: string) => void,
  ) {
    this.answeredAt = scheduler.simNow();
  }

  private get isPerson(): boolean {
    return this.plan.outcome === 'human';
  }

  hear(what: Hearing): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (what === 'silence' || what === 'alone') {
      // A voicemail plays its greeting whatever it hears; its patience starts at the beep.
      const elapsedSec = (this.scheduler.simNow() - this.answeredAt) / 1000;
      const greetingLeftSec = this.isPerson ? 0 : Math.max(0, this.plan.greetingSec - elapsedSec);
      const patience = this.plan.silencePatienceSec;
      this.startTimer(greetingLeftSec + patience, `hung up after ${patience.toFixed(1)} s of silence`);
    } else if (what === 'talk' && this.isPerson && this.plan.talkPatienceSec !== null) {
      this.startTimer(this.plan.talkPatienceSec, `hung up after talking ${this.plan.talkPatienceSec.toFixed(1)} s`);
    }
  }

  gatherInput(): { digits: string; afterSec: number } | null {
    if (!this.isPerson) return null;
    const { random } = this.plan;
    // The script first (an opt-out digit is a one-key script), then random keys if the scenario has any.
    const keys = this.scenario.callee.randomDigits;
    const digits =
      this.plan.digits.length > 0 ? (this.plan.digits.shift() ?? '') : (keys[Math.floor(random.next() * keys.length)] ?? '');
    return digits ? { digits, afterSec: random.sample(this.scenario.callee.gatherResponseSec) } : null;
  }

  recordSpeechSec(): number {
    return this.isPerson ? this.plan.random.sample(this.scenario.callee.recordSpeechSec) : 0;
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private startTimer(seconds: number, reason: string): void {
    this.cancelTimer = this.scheduler.after(seconds * 1000, () => {
      this.cancelTimer = null;
      this.hangUp(reason);
    });
  }
}
