import { Pacer, PacingEvent, PacingSettings } from './pacing.types';
import { resolvePacingSettings } from './pacing-settings';
import { PredictivePacer } from './predictive/predictive.pacer';
import { DEFAULT_PREDICTIVE_TUNING, PredictiveTuning } from './predictive/predictive-tuning';
import { RuleBasedPacer } from './rules/rule-based.pacer';

export interface CreatePacerOptions {
  /**
   * Seed for any randomised strategy. The built-in modes are deterministic
   * functions of the events and snapshots, so today it changes nothing.
   */
  seed?: number;
  /** Past events of the campaign, replayed in order to warm up what the pacer learns (e.g. after a restart). */
  history?: PacingEvent[];
  /** Overrides of the predictive knobs, for simulations and benchmarks. */
  tuning?: Partial<PredictiveTuning>;
}

/** Throws PacingSettingsError on settings it cannot pace with. */
export function createPacer(settings: PacingSettings, options: CreatePacerOptions = {}): Pacer {
  const resolved = resolvePacingSettings(settings);
  const pacer =
    resolved.mode === 'predictive'
      ? new PredictivePacer(resolved, { ...DEFAULT_PREDICTIVE_TUNING, ...options.tuning })
      : new RuleBasedPacer(resolved);
  for (const event of options.history ?? []) pacer.observe(event);
  return pacer;
}
