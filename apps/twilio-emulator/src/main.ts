import 'reflect-metadata';
import pino from 'pino';
import { createPinoOptions, loadConfigOrExit } from '@dialer/core';
import { startEmulator } from './start-emulator';

/** `npm run start:emulator`: the loopback Twilio on EMULATOR_HOST:EMULATOR_PORT, accepting TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = pino(createPinoOptions(config, 'twilio-emulator'));
  const emulator = await startEmulator({
    host: config.emulator.host,
    port: config.emulator.port,
    accountSid: config.twilio.accountSid,
    authToken: config.twilio.authToken,
    logger,
  });
  logger.info({ url: emulator.url, accountSid: emulator.accountSid }, 'Twilio emulator listening');
}

void main();
