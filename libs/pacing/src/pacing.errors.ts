/** Settings the engine cannot pace with; raised when a pacer is created, never mid-campaign. */
export class PacingSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid pacing settings: ${problems.join('; ')}`);
    this.name = 'PacingSettingsError';
  }
}
