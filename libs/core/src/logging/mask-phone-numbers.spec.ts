import { maskPhoneNumbers, maskPhoneNumbersInText } from './mask-phone-numbers';

describe('maskPhoneNumbersInText', () => {
  it.each([
    ['dialing +819012345678 now', 'dialing +81********78 now'],
    ['To=%2B14155552671', 'To=%2B14*******71'],
    ['call (415) 555-2671 back', 'call (***) ***-**71 back'],
    ['携帯 090-1234-5678', '携帯 ***-****-**78'],
    ['lead 09012345678', 'lead *********78'],
    ['UK 020 7946 0958', 'UK *** **** **58'],
    ['DELETE /dnc/212-555-0143', 'DELETE /dnc/***-***-**43'],
    ['GET /dnc?phone=2125550143&country=US', 'GET /dnc?phone=********43&country=US'],
    ['GET /dnc?phone=212.555.0143', 'GET /dnc?phone=***.***.**43'],
    ['GET /dnc/212%20555%200143', 'GET /dnc/***%20***%20**43'],
    ['/dnc?phone=212+555+0143', '/dnc?phone=***+***+**43'],
    ['local 555-0143 only', 'local ***-**43 only'],
    ['"phone":"03-1234-5678"', '"phone":"**-****-**78"'],
  ])('masks %s', (input, expected) => {
    expect(maskPhoneNumbersInText(input)).toBe(expected);
  });

  it.each([
    'at 2026-11-22T12:39:00.000Z',
    'id 3f2b1c9e-4a7d-4e0b-9c1a-0d2e3f4a5b6c',
    'took 1234 ms for 56 rows',
    'CA0123456789abcdef0123456789abcdef',
    'GET /campaigns/12/leads?page=3',
    'holiday 2026-11-23 added',
    'db at 192.168.100.200:5432',
    'rate 0.0232558139 over cap',
    'lead 12345678-abcd-4e0b-9c1a-0d2e3f4a5b6c',
    'attempt 00000000-0000-4000-8000-000000000001',
    'at 2026-11-22 12:39:00',
    'took 1234 ms for 56 rows',
  ])('leaves %s alone', (input) => {
    expect(maskPhoneNumbersInText(input)).toBe(input);
  });
});

describe('maskPhoneNumbers', () => {
  it('masks nested values and any value under a phone-like key', () => {
    const masked = maskPhoneNumbers({
      msg: 'placing call',
      call: { To: '+14155552671', From: '15005550006', attempts: 2 },
      lead: { phone: '4155552671', alt: ['+442079460958'] },
    });
    expect(masked).toEqual({
      msg: 'placing call',
      call: { To: '+14*******71', From: '*********06', attempts: 2 },
      lead: { phone: '********71', alt: ['+44********58'] },
    });
  });

  it('does not touch class instances such as errors', () => {
    const error = new Error('boom +14155552671');
    expect(maskPhoneNumbers({ err: error }).err).toBe(error);
  });
});
