import { DEFAULT_SCENARIO } from '../scenario/scenario';
import { mergeScenario } from '../scenario/scenario-input';
import { planCallee, randomForCall } from './callee-plan';

describe('planCallee', () => {
  it('draws the same plans for the same seed, whatever order calls are placed in', () => {
    const outcomes = (seed: number) =>
      Array.from({ length: 20 }, (_, index) => planCallee('+15005550009', { ...DEFAULT_SCENARIO, seed }, randomForCall(seed, index)).outcome);
    expect(outcomes(5)).toEqual(outcomes(5));
    expect(outcomes(5)).not.toEqual(outcomes(6));
  });

  it('follows the answer probability and the mixes', () => {
    const scenario = mergeScenario(DEFAULT_SCENARIO, { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 } });
    const outcomes = new Set(Array.from({ length: 50 }, (_, i) => planCallee('+1', scenario, randomForCall(1, i)).outcome));
    expect([...outcomes]).toEqual(['human']);
    const none = mergeScenario(DEFAULT_SCENARIO, { answerProbability: 0, unansweredMix: { busy: 0, noAnswer: 1, failed: 0 } });
    expect(planCallee('+1', none, randomForCall(1, 0)).outcome).toBe('no-answer');
  });

  it('applies per-number overrides over the scenario', () => {
    const scenario = mergeScenario(DEFAULT_SCENARIO, {
      callee: { digits: ['9'] },
      numbers: { '+15005550001': { outcome: 'human', answerAfterSec: 7, digits: ['1', '2'], hangUpAfterSilenceSec: 4, hangUpAfterTalkSec: 30 } },
    });
    expect(planCallee('+15005550001', scenario, randomForCall(1, 0))).toMatchObject({
      outcome: 'human',
      answerAfterSec: 7,
      digits: ['1', '2'],
      silencePatienceSec: 4,
      talkPatienceSec: 30,
    });
    expect(planCallee('+15005550002', scenario, randomForCall(1, 1)).digits).toEqual(['9']);
  });

  it('turns an opt-out digit into a one-key script', () => {
    const scenario = mergeScenario(DEFAULT_SCENARIO, { callee: { optOutDigit: '9', digits: ['1'] } });
    expect(planCallee('+1', scenario, randomForCall(1, 0)).digits).toEqual(['9']);
  });
});
