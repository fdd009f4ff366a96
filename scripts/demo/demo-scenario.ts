import type { ScenarioInput } from '../../apps/twilio-emulator/src/scenario/scenario-input';

/**
 * The demo floor's callees: a lively weekday-evening consumer list rather
 * than the emulator's cautious default (which answers 40 % of calls): about
 * half the dials answered, three in four of those by a person, picking up
 * after 3–12 s of ringing (most people answer within the first few rings);
 * voicemail after 15–25 s. Twilio's account lets the demo place 5 calls a
 * second, so a ten-agent predictive start is not throttled to one dial a second.
 */
export const DEMO_SCENARIO: ScenarioInput = {
  cps: 5,
  answerProbability: 0.5,
  answeredMix: { human: 0.75, machine: 0.23, fax: 0.02 },
  unansweredMix: { busy: 0.2, noAnswer: 0.72, failed: 0.08 },
  timing: {
    postDialDelaySec: { min: 1, max: 2.5 },
    humanAnswerSec: { min: 3, max: 12 },
    machineAnswerSec: { min: 15, max: 25 },
  },
};

/** Puts the demo's callees in place (PATCH /_emulator/scenario: the rest of the emulator's defaults stay). */
export async function setDemoScenario(emulatorUrl: string, scenario: ScenarioInput = DEMO_SCENARIO): Promise<void> {
  const response = await fetch(`${emulatorUrl}/_emulator/scenario`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario),
  });
  if (!response.ok) throw new Error(`the emulator refused the demo scenario: ${response.status} ${await response.text()}`);
}
