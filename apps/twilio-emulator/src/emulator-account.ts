/** The one account the emulator serves: the credentials the product is configured with. */
export interface EmulatorAccount {
  accountSid: string;
  authToken: string;
}

export const EMULATOR_ACCOUNT = Symbol('EMULATOR_ACCOUNT');
