import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { TwilioSignatureGuard } from './signature/twilio-signature.guard';
import { TELEPHONY_PORT } from './telephony.port';
import { TwilioTelephonyAdapter } from './twilio/twilio-telephony.adapter';

/**
 * Provides TELEPHONY_PORT (the Twilio adapter, one SDK client per process)
 * and the webhook signature guard. Global, like CoreModule: imported once by
 * each process's root module.
 */
@Module({})
export class TelephonyModule {
  static forRoot(): DynamicModule {
    return {
      module: TelephonyModule,
      global: true,
      providers: [
        {
          provide: TELEPHONY_PORT,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => new TwilioTelephonyAdapter(config.twilio),
        },
        TwilioSignatureGuard,
      ],
      exports: [TELEPHONY_PORT, TwilioSignatureGuard],
    };
  }
}
