import { loadConfig } from '@dialer/core';
import { ConnectionOverrides, createTwilioClient, TwilioConfig, twilioCallbackUrl, TwilioTelephonyAdapter } from '@dialer/telephony';
import type { Twilio } from 'twilio';
import { EmulatorHandle, startEmulator } from '../../../apps/twilio-emulator/src/start-emulator';
import { ScenarioInput } from '../../../apps/twilio-emulator/src/scenario/scenario-input';
import { ContractCheckingRequestClient, TwilioContract } from './twilio-contract';
import { WebhookReceiver } from './webhook-receiver';

/** Test scenario defaults: fast, and nothing random that a test did not ask for. */
export const FAST_SCENARIO: ScenarioInput = {
  timeScale: 0.02,
  amd: { accuracy: 1, humanDetectionSec: 2, machineDetectionSec: 3 },
  callee: { hangUpAfterSilenceSec: 600, randomDigits: '', gatherResponseSec: 1 },
};

export interface TelephonyHarness {
  emulator: EmulatorHandle;
  /** The app side: records and checks every webhook. */
  receiver: WebhookReceiver;
  /** The SDK transport, checking each response against Twilio's description. */
  transport: ContractCheckingRequestClient;
  /** The product's port, on that transport. */
  telephony: TwilioTelephonyAdapter;
  /** The raw SDK client, for operations the port does not wrap (conferences). */
  twilio: Twilio;
  config: TwilioConfig;
  /** A callback URL on the receiver, with the product's default connection overrides. */
  url(path: string, query?: Record<string, string>, overrides?: ConnectionOverrides): string;
  close(): Promise<void>;
}

let contract: TwilioContract | undefined;

/** Emulator + receiver + the real adapter pointed at the emulator, all on ephemeral ports. */
export async function startTelephonyHarness(scenario: ScenarioInput = FAST_SCENARIO): Promise<TelephonyHarness> {
  const base = loadConfig({}).twilio;
  const emulator = await startEmulator({ accountSid: base.accountSid, authToken: base.authToken, scenario });
  const receiver = await WebhookReceiver.start(base.authToken);
  contract ??= new TwilioContract();
  const config: TwilioConfig = { ...base, apiBaseUrl: emulator.url };
  const transport = new ContractCheckingRequestClient(emulator.url, contract);
  const twilio = createTwilioClient(config, transport);
  return {
    emulator,
    receiver,
    transport,
    telephony: new TwilioTelephonyAdapter(config, twilio),
    twilio,
    config,
    url: (path, query = {}, overrides) => twilioCallbackUrl(receiver.url, path, query, overrides),
    async close() {
      await emulator.close();
      await receiver.close();
    },
  };
}
