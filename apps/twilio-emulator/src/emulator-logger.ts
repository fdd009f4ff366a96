/** The little the emulator logs: failures of its own, never each request. */
export interface EmulatorLogger {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

export const EMULATOR_LOGGER = Symbol('EMULATOR_LOGGER');

export const silentLogger: EmulatorLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
