import { AnsweredBy, Scenario } from '../scenario/scenario';
import { CalleePlan } from './callee-plan';

export interface AmdVerdict {
  answeredBy: AnsweredBy;
  /** Emulated ms from answer to verdict (Twilio's MachineDetectionDuration). */
  durationMs: number;
}

const MACHINE_VERDICTS: AnsweredBy[] = ['machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other'];

/**
 * Twilio's answering-machine detection on a callee: `Enable` decides on the
 * greeting's start; `DetectMessageEnd` waits for a machine's beep (or
 * silence) so a voicemail can be dropped after it. Wrong with probability
 * 1 − accuracy; `unknown` when the verdict takes longer than the timeout.
 */
export function detectAnsweringMachine(
  plan: CalleePlan,
  mode: 'Enable' | 'DetectMessageEnd',
  timeoutSec: number,
  amd: Scenario['amd'],
): AmdVerdict {
  const { random } = plan;
  const truth = plan.outcome === 'fax' ? 'fax' : plan.outcome === 'machine' ? 'machine' : 'human';
  const correct = random.chance(amd.accuracy);
  const sounds = truth === 'human' ? (correct ? 'human' : 'machine') : truth === 'machine' && !correct ? 'human' : truth;

  let answeredBy: AnsweredBy;
  if (plan.answeredBy) answeredBy = plan.answeredBy;
  else if (sounds === 'human') answeredBy = 'human';
  else if (sounds === 'fax') answeredBy = 'fax';
  else if (mode === 'Enable') answeredBy = 'machine_start';
  else if (truth === 'human') answeredBy = 'machine_end_other'; // a false positive waits for an end that never beeps
  else answeredBy = random.pick({ machine_end_beep: 0.85, machine_end_silence: 0.1, machine_end_other: 0.05 });

  const waitsForEnd = mode === 'DetectMessageEnd' && MACHINE_VERDICTS.includes(answeredBy) && answeredBy !== 'machine_start';
  const seconds =
    answeredBy === 'human' || answeredBy === 'unknown'
      ? random.sample(amd.humanDetectionSec)
      : waitsForEnd
        ? plan.greetingSec + 0.5
        : random.sample(amd.machineDetectionSec);

  if (seconds > timeoutSec) return { answeredBy: 'unknown', durationMs: Math.round(timeoutSec * 1000) };
  return { answeredBy, durationMs: Math.round(seconds * 1000) };
}
