import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import {
  DEVELOPMENT_SEED_PASSWORD,
  EMULATOR_ACCOUNT_SID,
  EMULATOR_API_KEY_SECRET,
  EMULATOR_API_KEY_SID,
  EMULATOR_AUTH_TOKEN,
  EMULATOR_TWIML_APP_SID,
  EnvironmentVariables,
} from './environment.dto';

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
  exports: { dir: string; ttlHours: number };
  /** `adminPassword` null (production, none given): the seed makes one up and prints it once. */
  seed: { adminEmail: string; adminPassword: string | null };
  /** How long call attempts and their evidence are kept. */
  retention: { years: number };
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
 * Values anyone can read in this repository. In production each would hand
 * the deployment to a stranger: a Twilio auth token signs webhooks, an API key
 * secret mints voice tokens, a JWT key mints admin tokens, a seed password
 * signs in as the first admin. (The development JWT key is refused by its own rule in EnvironmentVariables.)
 */
const PUBLISHED: Partial<Record<keyof EnvironmentVariables, { value: string; what: string }>> = {
  TWILIO_ACCOUNT_SID: { value: EMULATOR_ACCOUNT_SID, what: "the emulator's account SID" },
  TWILIO_AUTH_TOKEN: { value: EMULATOR_AUTH_TOKEN, what: "the emulator's auth token (anyone could sign webhooks)" },
  TWILIO_API_KEY_SID: { value: EMULATOR_API_KEY_SID, what: "the emulator's API key SID" },
  TWILIO_API_KEY_SECRET: { value: EMULATOR_API_KEY_SECRET, what: "the emulator's API key secret (anyone could mint voice tokens)" },
  TWILIO_TWIML_APP_SID: { value: EMULATOR_TWIML_APP_SID, what: "the emulator's TwiML app SID" },
  SEED_ADMIN_PASSWORD: { value: DEVELOPMENT_SEED_PASSWORD, what: 'the published development password; leave it unset and the seed prints a new one' },
};

function publishedSecrets(vars: EnvironmentVariables): string[] {
  if (vars.NODE_ENV !== 'production') return [];
  return Object.entries(PUBLISHED)
    .filter(([name, published]) => vars[name as keyof EnvironmentVariables] === published.value)
    .map(([name, published]) => `${name}: is ${published.what}; production needs your own value`);
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
  // Unset URLs follow the ports: with only API_PORT/EMULATOR_PORT moved, webhook
  // signatures were checked against :3000 (every callback 403) and calls went to
  // whatever emulator listened on :3100 (another checkout's, or none).
  // Port 0 (an ephemeral port, as tests ask for) is known only once listening: the defaults stay.
  if (given.PUBLIC_BASE_URL === undefined && Number(vars.API_PORT) > 0) vars.PUBLIC_BASE_URL = `http://127.0.0.1:${vars.API_PORT}`;
  if (given.TWILIO_API_BASE_URL === undefined && Number(vars.EMULATOR_PORT) > 0) vars.TWILIO_API_BASE_URL = `http://127.0.0.1:${vars.EMULATOR_PORT}`;
  const problems = [...describe(validateSync(vars, { skipMissingProperties: false })), ...publishedSecrets(vars)];
  if (problems.length > 0) throw new ConfigValidationError(problems);

  return {
    env: vars.NODE_ENV,
    log: { level: vars.LOG_LEVEL, pretty: vars.LOG_PRETTY === 'true' },
    database: { url: vars.DATABASE_URL, poolMax: vars.DATABASE_POOL_MAX },
    redis: { url: vars.REDIS_URL, queuePrefix: vars.QUEUE_PREFIX },
    api: { host: vars.API_HOST ?? (vars.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'), port: vars.API_PORT, publicBaseUrl: vars.PUBLIC_BASE_URL.replace(/\/+$/, '') },
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
    exports: { dir: vars.EXPORT_DIR, ttlHours: vars.EXPORT_TTL_HOURS },
    seed: {
      adminEmail: vars.SEED_ADMIN_EMAIL,
      adminPassword: vars.SEED_ADMIN_PASSWORD ?? (vars.NODE_ENV === 'production' ? null : DEVELOPMENT_SEED_PASSWORD),
    },
    retention: { years: vars.RETENTION_YEARS },
  };
}

/** For entry points: a configuration problem is printed and ends the process (EX_CONFIG) instead of a stack trace. */
export function exitOnConfigurationError(error: unknown): void {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

/** For entry points: print the problems and exit instead of a stack trace. */
export function loadConfigOrExit(env?: Record<string, string | undefined>): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    exitOnConfigurationError(error);
    throw error;
  }
}

/**
 * A port this process was told to listen on is taken (another worker or api on
 * the same host and port): a configuration problem, named by its variable.
 */
export function portInUseError(variable: string, host: string, port: number): ConfigValidationError {
  return new ConfigValidationError([
    `${variable}: ${host}:${port} is already in use (another process on this host?); give each process its own port, or 0 for any free one`,
  ]);
}
