import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, DependencyHealth, portInUseError } from '@dialer/core';

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
    // The api's listen address: this machine only in development, every interface in production.
    const { host } = this.config.api;
    const port = this.config.worker.healthPort;
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      // Without a listener, a taken port is an unhandled 'error' event and a stack trace.
      const refused = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUseError('WORKER_HEALTH_PORT', host, port) : error);
      server.once('error', refused);
      server.listen(port, host, () => {
        server.off('error', refused);
        resolve();
      });
    });
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
