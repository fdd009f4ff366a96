import { PacingSettingsError } from './pacing.errors';
import { PacingMode, PacingSettings } from './pacing.types';

const DAY_MS = 86_400_000;

/** The 30-day window of the US rule (FTC TSR / FCC); UK campaigns pass 24 h. */
export const DEFAULT_ABANDON_WINDOW_MS = 30 * DAY_MS;

/**
 * The controller aims this far under the cap: the realised rate of a finite
 * window is noisy (a day of 20 agents is only ~4,000 live answers, ±0.25 pt at
 * 3 %), so aiming at the cap itself would breach it about half the time.
 */
export const DEFAULT_TARGET_SHARE_OF_CAP = 0.8;

export interface ResolvedPacingSettings {
  mode: PacingMode;
  maxAbandonRate: number;
  targetAbandonRate: number;
  powerRatio: number;
  maxLinesPerAgent: number;
  agentlessLines: number;
  ringTimeoutSec: number;
  connectGraceSec: number;
  abandonWindowMs: number;
}

const MODES: readonly PacingMode[] = ['preview', 'progressive', 'power', 'predictive', 'agentless'];

/** Applies the defaults and rejects settings that would make pacing unsafe or meaningless. */
export function resolvePacingSettings(settings: PacingSettings): ResolvedPacingSettings {
  const problems: string[] = [];
  const positive = (name: string, value: number | undefined) => {
    if (value === undefined || !Number.isFinite(value) || value <= 0) problems.push(`${name} must be a positive number`);
  };
  if (!MODES.includes(settings.mode)) problems.push(`mode must be one of ${MODES.join(', ')}`);
  if (!(settings.maxAbandonRate > 0 && settings.maxAbandonRate < 1)) problems.push('maxAbandonRate must be in (0, 1)');
  const target = settings.targetAbandonRate ?? DEFAULT_TARGET_SHARE_OF_CAP * settings.maxAbandonRate;
  if (!(target > 0 && target <= settings.maxAbandonRate)) {
    problems.push('targetAbandonRate must be in (0, maxAbandonRate]');
  }
  positive('maxLinesPerAgent', settings.maxLinesPerAgent);
  positive('ringTimeoutSec', settings.ringTimeoutSec);
  if (!(settings.connectGraceSec >= 0)) problems.push('connectGraceSec must be zero or more');
  if (settings.mode === 'power') positive('powerRatio (power mode)', settings.powerRatio);
  if (settings.mode === 'agentless') positive('agentlessLines (agentless mode)', settings.agentlessLines);
  if (settings.abandonWindowMs !== undefined) positive('abandonWindowMs', settings.abandonWindowMs);
  if (problems.length > 0) throw new PacingSettingsError(problems);

  return {
    mode: settings.mode,
    maxAbandonRate: settings.maxAbandonRate,
    targetAbandonRate: target,
    powerRatio: settings.powerRatio ?? 1,
    maxLinesPerAgent: settings.maxLinesPerAgent,
    agentlessLines: Math.floor(settings.agentlessLines ?? 0),
    ringTimeoutSec: settings.ringTimeoutSec,
    connectGraceSec: settings.connectGraceSec,
    abandonWindowMs: settings.abandonWindowMs ?? DEFAULT_ABANDON_WINDOW_MS,
  };
}
