import { DEFAULT_SCENARIO } from './scenario';
import { mergeScenario, ScenarioValidationError } from './scenario-input';

describe('mergeScenario', () => {
  it('merges sections key by key and keeps the rest', () => {
    const merged = mergeScenario(DEFAULT_SCENARIO, { timeScale: 0.05, amd: { accuracy: 1 }, timing: { humanAnswerSec: { median: 6, sigma: 0.3 } } });
    expect(merged.timeScale).toBe(0.05);
    expect(merged.amd).toEqual({ ...DEFAULT_SCENARIO.amd, accuracy: 1 });
    expect(merged.timing.humanAnswerSec).toEqual({ median: 6, sigma: 0.3 });
    expect(merged.timing.machineAnswerSec).toEqual(DEFAULT_SCENARIO.timing.machineAnswerSec);
    expect(DEFAULT_SCENARIO.timeScale).toBe(1); // the defaults are not modified
  });

  it('merges per-number overrides by number; null removes one', () => {
    const first = mergeScenario(DEFAULT_SCENARIO, { numbers: { '+1': { outcome: 'busy' }, '+2': { outcome: 'human', digits: ['1'] } } });
    const second = mergeScenario(first, { numbers: { '+1': null, '+3': { outcome: 'failed', sipResponseCode: 503 } } });
    expect(second.numbers).toEqual({ '+2': { outcome: 'human', digits: ['1'] }, '+3': { outcome: 'failed', sipResponseCode: 503 } });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      mergeScenario(DEFAULT_SCENARIO, { cps: 0, amd: { accuracy: 2 }, agents: { talkTimeSec: { min: 5, max: 1 } }, callee: { optOutDigit: '12' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioValidationError);
    expect((error as ScenarioValidationError).problems).toEqual([
      'cps must be a number from 0.01 to 10000',
      'amd.accuracy must be a number from 0 to 1',
      'agents.talkTimeSec must be seconds (a number ≥ 0), {min,max}, {mean,sd} or {median,sigma}',
      'callee.optOutDigit must be one key: 0-9, * or #',
    ]);
  });
});
