import { DEFAULT_SCENARIO } from '../scenario/scenario';
import { mergeScenario } from '../scenario/scenario-input';
import { ScenarioRandom } from '../scenario/scenario-random';
import { detectAnsweringMachine } from './amd';
import { planCallee } from './callee-plan';

const scenario = mergeScenario(DEFAULT_SCENARIO, {
  amd: { accuracy: 1, humanDetectionSec: 2, machineDetectionSec: 3 },
  machine: { greetingSec: 10 },
});
const plan = (outcome: 'human' | 'machine' | 'fax', answeredBy?: 'machine_start') =>
  planCallee('+15005550001', mergeScenario(scenario, { numbers: { '+15005550001': { outcome, ...(answeredBy ? { answeredBy } : {}) } } }), new ScenarioRandom(1));

describe('detectAnsweringMachine', () => {
  it('hears a person as human, and a machine at its start with Enable', () => {
    expect(detectAnsweringMachine(plan('human'), 'Enable', 30, scenario.amd)).toEqual({ answeredBy: 'human', durationMs: 2000 });
    expect(detectAnsweringMachine(plan('machine'), 'Enable', 30, scenario.amd)).toEqual({ answeredBy: 'machine_start', durationMs: 3000 });
    expect(detectAnsweringMachine(plan('fax'), 'Enable', 30, scenario.amd).answeredBy).toBe('fax');
  });

  it('waits for the end of the greeting with DetectMessageEnd', () => {
    const verdict = detectAnsweringMachine(plan('machine'), 'DetectMessageEnd', 30, scenario.amd);
    expect(verdict.answeredBy).toMatch(/^machine_end_(beep|silence|other)$/);
    expect(verdict.durationMs).toBe(10_500);
  });

  it('says unknown when the verdict would take longer than MachineDetectionTimeout', () => {
    expect(detectAnsweringMachine(plan('machine'), 'DetectMessageEnd', 5, scenario.amd)).toEqual({ answeredBy: 'unknown', durationMs: 5000 });
  });

  it('gets it wrong as often as the accuracy says', () => {
    const never = { ...scenario.amd, accuracy: 0 };
    expect(detectAnsweringMachine(plan('human'), 'Enable', 30, never).answeredBy).toBe('machine_start');
    expect(detectAnsweringMachine(plan('machine'), 'Enable', 30, never).answeredBy).toBe('human');
  });

  it('obeys a forced verdict', () => {
    expect(detectAnsweringMachine(plan('human', 'machine_start'), 'Enable', 30, scenario.amd).answeredBy).toBe('machine_start');
  });
});
