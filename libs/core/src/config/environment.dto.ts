import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  NotEquals,
  ValidateIf,
} from 'class-validator';

/** Sentinel so production refuses to start with the development signing key. */
export const DEVELOPMENT_JWT_SECRET = 'dev-only-secret-change-me-in-production';

/** Credentials the loopback emulator accepts; real deployments override them all (production refuses them). */
export const EMULATOR_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const EMULATOR_AUTH_TOKEN = 'emulator-auth-token-0000000000000';
export const EMULATOR_API_KEY_SID = 'SK00000000000000000000000000000000';
export const EMULATOR_API_KEY_SECRET = 'emulator-api-key-secret-00000000';
export const EMULATOR_TWIML_APP_SID = 'AP00000000000000000000000000000000';
/** The first admin's password outside production, as the README publishes it. */
export const DEVELOPMENT_SEED_PASSWORD = 'change-me-now';

const url = { require_tld: false, require_protocol: true };

/**
 * Every environment variable the product reads, with its default.
 * Validated once, before Nest boots; nothing else reads `process.env`.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsIn(['true', 'false'])
  LOG_PRETTY: 'true' | 'false' = 'false';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dialer';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX = 10;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[a-z0-9:_-]+$/i, { message: 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-"' })
  QUEUE_PREFIX = 'dialer';

  /** Unset: 127.0.0.1 (only this machine) outside production, 0.0.0.0 in production (containers, behind a proxy). */
  @IsOptional()
  @IsString()
  API_HOST: string | undefined = undefined;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  API_PORT = 3000;

  /** The URL Twilio reaches the api at; webhook signatures are computed over it. */
  @IsUrl(url)
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production')
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters in production' })
  @NotEquals(DEVELOPMENT_JWT_SECRET, { message: 'JWT_SECRET must be set in production' })
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SEC = 12 * 3600;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_WINDOW_SEC = 15 * 60;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 4;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  WORKER_SHUTDOWN_GRACE_MS = 25_000;

  @Matches(/^AC[0-9a-f]{32}$/i, { message: 'TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID = EMULATOR_ACCOUNT_SID;

  @MinLength(16)
  TWILIO_AUTH_TOKEN = EMULATOR_AUTH_TOKEN;

  /** Where the real SDK sends its REST calls: the loopback emulator by default, https://api.twilio.com in production. */
  @IsUrl(url)
  TWILIO_API_BASE_URL = 'http://127.0.0.1:3100';

  /** Calls per second the Twilio account allows (1 unless Twilio raised it); shared by every campaign. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  TWILIO_CPS = 1;

  @Matches(/^SK[0-9a-f]{32}$/i, { message: 'TWILIO_API_KEY_SID must look like SK followed by 32 hex digits' })
  TWILIO_API_KEY_SID = EMULATOR_API_KEY_SID;

  @MinLength(16)
  TWILIO_API_KEY_SECRET = EMULATOR_API_KEY_SECRET;

  @Matches(/^AP[0-9a-f]{32}$/i, { message: 'TWILIO_TWIML_APP_SID must look like AP followed by 32 hex digits' })
  TWILIO_TWIML_APP_SID = EMULATOR_TWIML_APP_SID;

  @IsString()
  EMULATOR_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMULATOR_PORT = 3100;

  @IsString()
  UPLOAD_DIR = 'var/uploads';

  /** Where export files are written (every worker and api process must see the same directory). */
  @IsString()
  EXPORT_DIR = 'var/exports';

  /** How long an export file is kept before the cleanup job deletes it. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  EXPORT_TTL_HOURS = 72;

  /** The first admin, created by `npm run db:seed` when no user has this email. */
  @IsEmail()
  SEED_ADMIN_EMAIL = 'admin@example.com';

  /** Unset: DEVELOPMENT_SEED_PASSWORD outside production; in production the seed makes one up and prints it once. */
  @IsOptional()
  @MinLength(10)
  SEED_ADMIN_PASSWORD: string | undefined = undefined;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 1024 * 1024 * 1024;

  /** Call attempts and their evidence are kept this long (FTC TSR 2024: 5 years), then purged daily. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  RETENTION_YEARS = 5;
}
