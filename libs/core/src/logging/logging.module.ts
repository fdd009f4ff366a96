import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createPinoHttpOptions } from './pino-options';

/** Structured pino logs with request ids and masked phone numbers, for every process. */
@Module({})
export class LoggingModule {
  static forRoot(processName: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ pinoHttp: createPinoHttpOptions(config, processName) }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
