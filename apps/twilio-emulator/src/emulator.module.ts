import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ControlController } from './control/control.controller';
import { CallsController } from './rest/calls.controller';
import { ConferencesController } from './rest/conferences.controller';
import { EmulatorErrorFilter } from './rest/emulator-error.filter';
import { TwilioAuthGuard } from './rest/twilio-auth.guard';
import { Emulator } from './emulator';
import { EMULATOR_ACCOUNT } from './emulator-account';
import { EMULATOR_LOGGER } from './emulator-logger';

/** The HTTP face of an Emulator: Twilio's REST subset and the control API. */
@Module({})
export class EmulatorModule {
  static forRoot(emulator: Emulator): DynamicModule {
    return {
      module: EmulatorModule,
      controllers: [CallsController, ConferencesController, ControlController],
      providers: [
        { provide: Emulator, useValue: emulator },
        { provide: EMULATOR_ACCOUNT, useValue: { accountSid: emulator.settings.accountSid, authToken: emulator.settings.authToken } },
        { provide: EMULATOR_LOGGER, useValue: emulator.settings.logger },
        { provide: APP_FILTER, useClass: EmulatorErrorFilter },
        TwilioAuthGuard,
      ],
    };
  }
}
