import { AnsweredBy, CalleeOutcome, NumberBehaviour, Scenario } from '../scenario/scenario';
import { ScenarioRandom } from '../scenario/scenario-random';

/** Everything a dialed number will do, drawn once when the call is placed (scenario, then per-number overrides). */
export interface CalleePlan {
  outcome: CalleeOutcome;
  postDialDelaySec: number;
  /** Ringing before pick-up (answered outcomes) or before the busy tone. */
  answerAfterSec: number;
  busyAfterSec: number;
  sipResponseCode: number;
  answeredBy: AnsweredBy | null;
  /** Keys to press at successive Gathers; consumed as they are used. */
  digits: string[];
  /** Unbroken silence a live callee (or a voicemail after its beep) tolerates. */
  silencePatienceSec: number;
  /** Talk time after which a callee hangs up on the agent; null: waits for the agent to end the call. */
  talkPatienceSec: number | null;
  greetingSec: number;
  /** This callee's own random stream, so plans do not depend on how calls interleave. */
  random: ScenarioRandom;
}

/** A different, reproducible stream for the n-th call of a scenario run. */
export function randomForCall(seed: number, index: number): ScenarioRandom {
  return new ScenarioRandom((seed + Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

export function drawOutcome(scenario: Scenario, random: ScenarioRandom): CalleeOutcome {
  if (random.chance(scenario.answerProbability)) return random.pick(scenario.answeredMix);
  const unanswered = random.pick(scenario.unansweredMix);
  return unanswered === 'noAnswer' ? 'no-answer' : unanswered;
}

export function planCallee(number: string, scenario: Scenario, random: ScenarioRandom): CalleePlan {
  const override: NumberBehaviour = scenario.numbers[number] ?? {};
  const outcome = override.outcome ?? drawOutcome(scenario, random);
  const isMachine = outcome === 'machine' || outcome === 'fax';
  const answerDistribution =
    override.answerAfterSec ?? (isMachine ? scenario.timing.machineAnswerSec : scenario.timing.humanAnswerSec);
  const talkDistribution = override.hangUpAfterTalkSec !== undefined ? override.hangUpAfterTalkSec : scenario.callee.hangUpAfterTalkSec;
  const digits = override.digits ?? (scenario.callee.optOutDigit ? [scenario.callee.optOutDigit] : scenario.callee.digits);

  return {
    outcome,
    postDialDelaySec: random.sample(scenario.timing.postDialDelaySec),
    answerAfterSec: random.sample(answerDistribution),
    busyAfterSec: random.sample(override.answerAfterSec ?? scenario.timing.busyAfterSec),
    sipResponseCode: override.sipResponseCode ?? 404,
    answeredBy: override.answeredBy ?? null,
    digits: [...digits],
    silencePatienceSec: random.sample(
      override.hangUpAfterSilenceSec ?? (isMachine ? scenario.machine.hangUpAfterSilenceSec : scenario.callee.hangUpAfterSilenceSec),
    ),
    talkPatienceSec: talkDistribution === null ? null : random.sample(talkDistribution),
    greetingSec: random.sample(scenario.machine.greetingSec),
    random,
  };
}
