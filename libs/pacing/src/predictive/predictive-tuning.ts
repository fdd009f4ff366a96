import { ControllerTuning } from './abandon-pi-controller';

/** The knobs of predictive pacing; the defaults are what the benchmark was run with. */
export interface PredictiveTuning extends ControllerTuning {
  /** Observations needed before the forecast takes over from progressive dialing. */
  warmUpTalks: number;
  warmUpWraps: number;
  warmUpOutcomes: number;
  warmUpHumanAnswers: number;
  /** Half-lives, in observations, of the learned distributions. */
  talkHalfLife: number;
  wrapHalfLife: number;
  outcomeHalfLife: number;
  /** How often the learned distributions are re-read into the forecast tables. */
  refreshEverySec: number;
}

export const DEFAULT_PREDICTIVE_TUNING: PredictiveTuning = {
  // 30 talks put the median talk time within ~±15 %; 20 person answers and
  // 100 outcomes put the answer rate within ~±25 % of itself, which the
  // controller absorbs. Fewer, and the first forecasts are guesses.
  warmUpTalks: 30,
  warmUpWraps: 10,
  warmUpOutcomes: 100,
  warmUpHumanAnswers: 20,
  // Talk and wrap: about two hours of a 20-agent floor, precise and still
  // following the day. Outcomes: about half an hour of its dials, quick
  // enough to follow list fatigue through the day.
  talkHalfLife: 1000,
  wrapHalfLife: 1000,
  outcomeHalfLife: 1000,
  refreshEverySec: 300,
  initialThresholdPerTarget: 1,
  minThresholdPerTarget: 0.25,
  maxThresholdPerTarget: 12,
  proportionalGain: 0.3,
  integralAnswers: 400,
  recentHalfLifeAnswers: 300,
};
