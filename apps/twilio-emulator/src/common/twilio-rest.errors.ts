/**
 * An error as Twilio's REST API reports it: HTTP status plus the body
 * `{code, message, more_info, status}` that the SDK turns into a RestException.
 */
export class TwilioRestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioRestError';
  }

  toBody(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

/** The Twilio error codes the emulator uses, with Twilio's wording. */
export const twilioErrors = {
  authenticate: () => new TwilioRestError(401, 20003, 'Authenticate'),
  notFound: (path: string) => new TwilioRestError(404, 20404, `The requested resource ${path} was not found`),
  methodNotAllowed: (method: string) => new TwilioRestError(405, 20004, `Method ${method} not allowed`),
  missingTo: () => new TwilioRestError(400, 21201, "No 'To' number is specified"),
  invalidTo: (to: string) => new TwilioRestError(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  missingFrom: () => new TwilioRestError(400, 21213, "No 'From' number is specified"),
  invalidUrl: (name: string, value: string) => new TwilioRestError(400, 21205, `${name} is not a valid URL: ${value}`),
  missingUrl: () => new TwilioRestError(400, 21205, "Either 'Url' or 'Twiml' or 'ApplicationSid' must be specified"),
  invalidStatusCallbackEvent: (event: string) => new TwilioRestError(400, 21626, `Invalid 'StatusCallbackEvent': ${event}`),
  notInProgress: () => new TwilioRestError(400, 21220, 'Call is not in-progress. Cannot redirect.'),
  invalidParameter: (name: string, value: unknown, expected: string) =>
    new TwilioRestError(400, 20001, `Invalid parameter ${name}: ${JSON.stringify(value)} (expected ${expected})`),
  internal: () => new TwilioRestError(500, 20500, 'Internal Server Error'),
};
