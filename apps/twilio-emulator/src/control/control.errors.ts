/** A refused control-API request (not part of Twilio's API, so not in Twilio's error format's code space). */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems?: string[],
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
