import { DEFAULT_SCENARIO } from '../../apps/twilio-emulator/src/scenario/scenario';
import { mergeScenario } from '../../apps/twilio-emulator/src/scenario/scenario-input';
import { DEMO_SCENARIO } from './demo-scenario';

describe('the demo floor’s callees', () => {
  it('is a scenario the emulator accepts, livelier than its default and still realistic', () => {
    const demo = mergeScenario(DEFAULT_SCENARIO, DEMO_SCENARIO);
    const personShare = (s: typeof demo) => s.answerProbability * (s.answeredMix.human / (s.answeredMix.human + s.answeredMix.machine + s.answeredMix.fax));
    expect(personShare(demo)).toBeGreaterThan(personShare(DEFAULT_SCENARIO));
    // A consumer list: well under every other call reaches a person, who picks up within the ring timeout.
    expect(personShare(demo)).toBeLessThan(0.5);
    expect(demo.timing.humanAnswerSec).toEqual({ min: 3, max: 12 });
    expect(demo.timeScale).toBe(1);
  });
});
