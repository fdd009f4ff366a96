import { Pacer, PacingEvent, PacingSettings } from './pacing.types';
import { PacingPriors } from './learning/pacing-priors';
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
  /**
   * Live answers and abandons from before `history`, as aggregate counts each
   * stamped with the time they belong to (e.g. one per hour of the regulatory
   * window): the abandon guard counts them in its window as if observed then,
   * so a pacer started after a restart still remembers a bad day that the
   * replayed history no longer holds. Counts outside the window are ignored;
   * they must not overlap `history`. Only predictive pacing has the guard.
   */
  abandonCounts?: AbandonCount[];
  /**
   * What to assume before the campaign's own calls say otherwise (see
   * selectPacingPriors): seeded before `history`, they let a new predictive
   * campaign skip the progressive warm-up. Only predictive pacing learns.
   */
  priors?: PacingPriors;
}

/** An aggregate of the abandon-rate window: `liveAnswers` person answers and `abandons` abandons at `atMs`. */
export interface AbandonCount {
  atMs: number;
  liveAnswers: number;
  abandons: number;
}

/** Throws PacingSettingsError on settings it cannot pace with. */
export function createPacer(settings: PacingSettings, options: CreatePacerOptions = {}): Pacer {
  const resolved = resolvePacingSettings(settings);
  const pacer =
    resolved.mode === 'predictive'
      ? new PredictivePacer(resolved, { ...DEFAULT_PREDICTIVE_TUNING, ...options.tuning })
      : new RuleBasedPacer(resolved);
  if (pacer instanceof PredictivePacer) {
    if (options.priors) pacer.seedPriors(options.priors);
    for (const count of [...(options.abandonCounts ?? [])].sort((a, b) => a.atMs - b.atMs)) pacer.seedAbandonCount(count);
  }
  for (const event of options.history ?? []) pacer.observe(event);
  return pacer;
}
