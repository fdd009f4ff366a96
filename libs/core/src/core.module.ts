import { DynamicModule, Module } from '@nestjs/common';
import { CLOCK, Clock, systemClock } from './clock/clock';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { LoggingModule } from './logging/logging.module';
import { RedisModule } from './redis/redis.module';

/** Config, logging, Redis and the clock: what every process of the product starts with. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, processName: string, clock: Clock = systemClock): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [AppConfigModule.forRoot(config), LoggingModule.forRoot(processName), RedisModule],
      providers: [{ provide: CLOCK, useValue: clock }],
      exports: [AppConfigModule, LoggingModule, RedisModule, CLOCK],
    };
  }
}
