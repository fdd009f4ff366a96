import { RestException } from 'twilio';
import { toTelephonyError } from './telephony.errors';

const rest = (statusCode: number, body: object) => new RestException({ statusCode, body: JSON.stringify(body) });

describe('toTelephonyError', () => {
  it.each([
    [rest(404, { code: 20404, message: 'not found', status: 404 }), 'TELEPHONY_CALL_NOT_FOUND', 'not_found'],
    [rest(400, { code: 21220, message: 'Call is not in-progress', status: 400 }), 'TELEPHONY_CALL_NOT_IN_PROGRESS', 'conflict'],
    [rest(400, { code: 21201, message: "No 'To' number", status: 400 }), 'TELEPHONY_REQUEST_REJECTED', 'invalid'],
    [rest(401, { code: 20003, message: 'Authenticate', status: 401 }), 'TELEPHONY_CREDENTIALS_REJECTED', 'unprocessable'],
    [rest(429, { code: 20429, message: 'Too many', status: 429 }), 'TELEPHONY_RATE_LIMITED', 'rate_limited'],
    [rest(503, { code: 20500, message: 'down', status: 503 }), 'TELEPHONY_UNAVAILABLE', 'unavailable'],
    [new Error('connect ECONNREFUSED 127.0.0.1:3100'), 'TELEPHONY_UNAVAILABLE', 'unavailable'],
  ])('maps %s', (error, code, kind) => {
    expect(toTelephonyError(error, 'placeCall')).toMatchObject({ code, kind });
  });

  it('keeps Twilio code and help link for support', () => {
    const error = toTelephonyError(
      rest(400, { code: 21211, message: "Invalid 'To'", more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 }),
      'placeCall',
    );
    expect(error.details).toEqual({
      operation: 'placeCall',
      twilioCode: 21211,
      twilioStatus: 400,
      moreInfo: 'https://www.twilio.com/docs/errors/21211',
    });
    expect(error.retryable).toBe(false);
  });
});
