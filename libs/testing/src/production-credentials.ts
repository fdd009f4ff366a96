import { randomBytes } from 'node:crypto';

/**
 * Fresh secrets for a process run with NODE_ENV=production (benchmarks, startup
 * tests): production refuses the values this repository publishes, so each run
 * brings its own, as a deployment would. Any well-formed values work with the emulator.
 */
export function productionCredentials(): Record<string, string> {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  return {
    JWT_SECRET: hex(32),
    TWILIO_ACCOUNT_SID: `AC${hex(16)}`,
    TWILIO_AUTH_TOKEN: hex(16),
    TWILIO_API_KEY_SID: `SK${hex(16)}`,
    TWILIO_API_KEY_SECRET: hex(16),
    TWILIO_TWIML_APP_SID: `AP${hex(16)}`,
  };
}
