import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { QueueName } from './queue-names';
import { QUEUE_SETTINGS } from './queue-settings';

@Module({})
export class QueuesModule {
  /** The Bull connection: Redis from config, keys under QUEUE_PREFIX. */
  static forRoot(): DynamicModule {
    return {
      module: QueuesModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            redis: config.redis.url,
            prefix: config.redis.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
      ],
      exports: [BullModule],
    };
  }

  /** Queues by name, each with its QUEUE_SETTINGS (copied: Bull fills its defaults into the object it is given). */
  static register(...names: QueueName[]): DynamicModule {
    const queues = BullModule.registerQueue(...names.map((name) => ({ name, settings: { ...QUEUE_SETTINGS[name] } })));
    return { module: QueuesModule, imports: [queues], exports: [queues] };
  }
}
