import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, MikroOrmHealthIndicator } from '@nestjs/terminus';
import { RedisHealthIndicator } from './redis.health-indicator';

/** The state of what every process depends on: PostgreSQL and Redis. */
@Injectable()
export class DependencyHealth {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: MikroOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Resolves with the result whether up or down; `status` is `ok` or `error`, `error` names what is down. */
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.postgres.pingCheck('postgres', { timeout: 1_000 }),
        () => this.redis.pingCheck('redis'),
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }
}
