import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, DependencyHealth } from '@dialer/core';

const LOG_EVERY_MS = 10_000;

/**
 * The worker has no api, so it serves the same health result as the api's
 * /health on a small port of its own, and logs whenever the verdict changes.
 */
@Injectable()
export class HealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private timer?: NodeJS.Timeout;
  private lastStatus?: string;

  constructor(
    private readonly health: DependencyHealth,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.logger.setContext(HealthServer.name);
  }

  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/health') {
        response.writeHead(404).end();
        return;
      }
      void this.health.check().then((result) => {
        response.writeHead(result.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify(result));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.config.worker.healthPort, '0.0.0.0', resolve));
    this.logger.info({ port: this.port }, 'worker health on /health');
    this.timer = setInterval(() => void this.logIfChanged(), LOG_EVERY_MS);
    this.timer.unref();
    await this.logIfChanged();
  }

  private async logIfChanged(): Promise<void> {
    const result = await this.health.check();
    if (result.status === this.lastStatus) return;
    this.lastStatus = result.status;
    if (result.status === 'ok') this.logger.info({ health: result.details }, 'dependencies healthy');
    else this.logger.error({ health: result.error }, 'dependencies down');
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
