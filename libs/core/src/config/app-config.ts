import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EnvironmentVariables } from './environment.dto';

export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  log: { level: string; pretty: boolean };
  database: { url: string; poolMax: number };
  redis: { url: string; queuePrefix: string };
  api: { host: string; port: number; publicBaseUrl: string };
  auth: { jwtSecret: string; jwtTtlSec: number; loginMaxFailures: number; loginFailureWindowSec: number };
  worker: { healthPort: number; concurrency: number; shutdownGraceMs: number };
  twilio: {
    accountSid: string;
    authToken: string;
    /** https://api.twilio.com, or the loopback emulator. */
    apiBaseUrl: string;
    /** Calls per second the account allows, shared by every campaign. */
    cps: number;
    apiKeySid: string;
    apiKeySecret: string;
    twimlAppSid: string;
  };
  emulator: { host: string; port: number };
  uploads: { dir: string; maxBytes: number };
  seed: { adminEmail: string; adminPassword: string };
}

/** Startup refusal: lists every problem at once so an operator fixes them in one pass. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
}

/**
 * Reads and validates the environment. Empty strings count as unset, so
 * `FOO=` in a shell falls back to the default instead of failing validation.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const given = Object.fromEntries(
    known.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]),
  );
  const vars = plainToInstance(EnvironmentVariables, given, { exposeDefaultValues: true });
  const problems = describe(validateSync(vars, { skipMissingProperties: false }));
  if (problems.length > 0) throw new ConfigValidationError(problems);

  return {
    env: vars.NODE_ENV,
    log: { level: vars.LOG_LEVEL, pretty: vars.LOG_PRETTY === 'true' },
    database: { url: vars.DATABASE_URL, poolMax: vars.DATABASE_POOL_MAX },
    redis: { url: vars.REDIS_URL, queuePrefix: vars.QUEUE_PREFIX },
    api: { host: vars.API_HOST, port: vars.API_PORT, publicBaseUrl: vars.PUBLIC_BASE_URL.replace(/\/+$/, '') },
    auth: {
      jwtSecret: vars.JWT_SECRET,
      jwtTtlSec: vars.JWT_TTL_SEC,
      loginMaxFailures: vars.LOGIN_MAX_FAILURES,
      loginFailureWindowSec: vars.LOGIN_FAILURE_WINDOW_SEC,
    },
    worker: {
      healthPort: vars.WORKER_HEALTH_PORT,
      concurrency: vars.WORKER_CONCURRENCY,
      shutdownGraceMs: vars.WORKER_SHUTDOWN_GRACE_MS,
    },
    twilio: {
      accountSid: vars.TWILIO_ACCOUNT_SID,
      authToken: vars.TWILIO_AUTH_TOKEN,
      apiBaseUrl: vars.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
      cps: vars.TWILIO_CPS,
      apiKeySid: vars.TWILIO_API_KEY_SID,
      apiKeySecret: vars.TWILIO_API_KEY_SECRET,
      twimlAppSid: vars.TWILIO_TWIML_APP_SID,
    },
    emulator: { host: vars.EMULATOR_HOST, port: vars.EMULATOR_PORT },
    uploads: { dir: vars.UPLOAD_DIR, maxBytes: vars.UPLOAD_MAX_BYTES },
    seed: { adminEmail: vars.SEED_ADMIN_EMAIL, adminPassword: vars.SEED_ADMIN_PASSWORD },
  };
}

/** For entry points: print the problems and exit instead of a stack trace. */
export function loadConfigOrExit(env?: Record<string, string | undefined>): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
