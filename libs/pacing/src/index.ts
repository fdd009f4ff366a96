/**
 * @dialer/pacing — how many calls to place now. Pure: no framework, no ORM,
 * no I/O; time comes from events and snapshots, randomness from a seed.
 *
 * createPacer(settings) gives a Pacer for any mode; the runtime feeds it every
 * event (observe) and asks it at least once a second (decide).
 * simulateCampaign(scenario, pacerFactory, { seed }) runs any Pacer through a
 * seeded discrete-event simulation of a campaign and reports what it achieved.
 */
export type {
  AgentState,
  InFlightCallState,
  Pacer,
  PacingDecision,
  PacingEvent,
  PacingMode,
  PacingSettings,
  PacingSnapshot,
} from './pacing.types';
export { createPacer } from './create-pacer';
export type { AbandonCount, CreatePacerOptions } from './create-pacer';
export { PacingSettingsError } from './pacing.errors';
export { DEFAULT_ABANDON_WINDOW_MS, DEFAULT_TARGET_SHARE_OF_CAP } from './pacing-settings';
export { DEFAULT_PREDICTIVE_TUNING } from './predictive/predictive-tuning';
export { industryPacingPriors, selectPacingPriors, sufficientPriorSamples } from './learning/pacing-priors';
export type { PacingPriors, PriorMinimums, PriorSamples } from './learning/pacing-priors';
export type { PredictiveTuning } from './predictive/predictive-tuning';
export { SeededRandom } from './random/seeded-random';
export { simulateCampaign } from './simulation/simulate-campaign';
export type { PacerFactory, SimulationOptions } from './simulation/simulate-campaign';
export { campaignScenario } from './simulation/campaign-scenario';
export type { AgentModel, CalleeModel, CampaignScenario, ScenarioOptions, ShiftModel } from './simulation/campaign-scenario';
export type { DailyFigures, SimulationReport } from './simulation/simulation-report';
