export {
  AppConfig,
  ConfigValidationError,
  exitOnConfigurationError,
  loadConfig,
  loadConfigOrExit,
  portInUseError,
} from './config/app-config';
export {
  EnvironmentVariables,
  DEVELOPMENT_JWT_SECRET,
  EMULATOR_ACCOUNT_SID,
  EMULATOR_AUTH_TOKEN,
  EMULATOR_API_KEY_SID,
  EMULATOR_API_KEY_SECRET,
  EMULATOR_TWIML_APP_SID,
  DEVELOPMENT_SEED_PASSWORD,
} from './config/environment.dto';
export { APP_CONFIG, AppConfigModule } from './config/config.module';
export {
  DomainError,
  DomainErrorKind,
  FieldProblem,
  NotFoundError,
  ValidationFailedError,
} from './errors/domain-error';
export { Clock, CLOCK, ManualClock, systemClock } from './clock/clock';
export { neutraliseCsvCell, formatCsvRow, CSV_UTF8_BOM } from './csv/csv-cell';
export { maskPhoneNumbers, maskPhoneNumbersInText } from './logging/mask-phone-numbers';
export { createPinoOptions, createPinoHttpOptions, requestIdFor, quietRequestLog, loggableUrl } from './logging/pino-options';
export { LoggingModule } from './logging/logging.module';
export { REDIS, RedisModule, createRedisClient } from './redis/redis.module';
export { CoreModule } from './core.module';
export { HealthModule } from './health/health.module';
export { DependencyHealth } from './health/dependency-health';
export { JobLiveness, QueuedWorkProbe } from './queue/queued-work-probe.port';
