import { DomainError } from '@dialer/core';
import { webhookParams } from '@dialer/telephony';
import { parseAmdCallback, parseConferenceEvent, parseGatherRequest, parseStatusCallback, parseVoiceRequest, withoutNulCharacters } from './twilio-webhook.parser';

const SID = 'CA0123456789abcdef0123456789abcdef';

describe('Twilio webhook parsing', () => {
  it('reads a status callback: status, sequence, Twilio’s timestamp, duration, SIP code, AMD verdict', () => {
    const parsed = parseStatusCallback({
      CallSid: SID,
      CallStatus: 'no-answer',
      SequenceNumber: '2',
      Timestamp: 'Sun, 22 Nov 2026 16:00:07 +0000',
      CallDuration: '0',
      SipResponseCode: '487',
      AnsweredBy: 'unknown',
      To: '+15005550101',
    });
    expect(parsed).toMatchObject({
      callSid: SID,
      status: 'no-answer',
      sequenceNumber: 2,
      timestamp: new Date('2026-11-22T16:00:07Z'),
      durationSec: 0,
      sipResponseCode: 487,
      answeredBy: 'unknown',
      to: '+15005550101',
    });
  });

  it('keeps a status it does not know instead of refusing it', () => {
    const parsed = parseStatusCallback({ CallSid: SID, CallStatus: 'teleported', SequenceNumber: '4' });
    expect(parsed.status).toBeNull();
    expect(parsed.params.CallStatus).toBe('teleported');
  });

  it.each([
    [{ CallStatus: 'ringing', SequenceNumber: '1' }, /CallSid/],
    [{ CallSid: SID, CallStatus: 'ringing', SequenceNumber: '-1' }, /SequenceNumber/],
    [{ CallSid: 'not a sid', CallStatus: 'ringing', SequenceNumber: '1' }, /CallSid/],
  ])('refuses %j as invalid', (form, problem) => {
    let error: unknown;
    try {
      parseStatusCallback(form);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'TWILIO_WEBHOOK_INVALID', kind: 'invalid' });
    expect((error as DomainError).message).toMatch(problem);
  });

  it('reads a gather with no keys pressed as empty digits', () => {
    expect(parseGatherRequest({ CallSid: SID, CallStatus: 'in-progress', Digits: '', FinishedOnKey: '' })).toMatchObject({ digits: '', finishedOnKey: null });
  });

  it('reads room-level conference events without a participant', () => {
    expect(parseConferenceEvent({ ConferenceSid: 'CF01', FriendlyName: 'agent-7', StatusCallbackEvent: 'conference-end', SequenceNumber: '9' })).toMatchObject({
      conferenceSid: 'CF01',
      room: 'agent-7',
      event: 'conference-end',
      sequenceNumber: 9,
      callSid: null,
    });
  });

  it('reads the first of a repeated name and ignores what a form cannot hold', () => {
    expect(parseAmdCallback(webhookParams({ CallSid: [SID, 'CA1'], AnsweredBy: 'machine_end_beep', Extra: { nested: 'no' } }))).toEqual({
      callSid: SID,
      answeredBy: 'machine_end_beep',
      params: { CallSid: SID, AnsweredBy: 'machine_end_beep' },
    });
  });

  it('reads an AMD verdict Twilio may add one day as null, keeping it in params', () => {
    expect(parseAmdCallback({ CallSid: SID, AnsweredBy: 'machine_end_maybe' })).toMatchObject({ answeredBy: null, params: { AnsweredBy: 'machine_end_maybe' } });
  });

  describe('NUL characters (PostgreSQL stores none)', () => {
    const NUL = '\u0000';

    it('are dropped from every name and value read or stored, so the call is still recorded', () => {
      const parsed = parseStatusCallback({ CallSid: SID, CallStatus: `ring${NUL}ing`, SequenceNumber: '3', ApiVersion: `2010${NUL}-04-01`, [`X${NUL}`]: `y${NUL}` });
      expect(parsed).toMatchObject({ callSid: SID, status: 'ringing', sequenceNumber: 3 });
      expect(parsed.params).toEqual({ CallSid: SID, CallStatus: 'ringing', SequenceNumber: '3', ApiVersion: '2010-04-01', X: 'y' });
      expect(parseVoiceRequest({ CallSid: SID, From: `+1${NUL}500`, To: NUL })).toMatchObject({ from: '+1500', to: '' });
      expect(parseGatherRequest({ CallSid: SID, Digits: `1${NUL}` }).digits).toBe('1');
      expect(parseAmdCallback({ CallSid: SID, AnsweredBy: `human${NUL}` })).toMatchObject({ answeredBy: 'human', params: { AnsweredBy: 'human' } });
      expect(parseConferenceEvent({ ConferenceSid: 'CF01', FriendlyName: `agent${NUL}-7`, StatusCallbackEvent: `conference-end${NUL}`, SequenceNumber: '9' })).toMatchObject({
        room: 'agent-7',
        event: 'conference-end',
      });
    });

    it('make an identifier malformed: it is checked as sent, never read as another', () => {
      expect(() => parseStatusCallback({ CallSid: `CA01${NUL}23`, CallStatus: 'ringing', SequenceNumber: '1' })).toThrow(/CallSid/);
      expect(() => parseStatusCallback({ CallSid: SID, CallStatus: 'ringing', SequenceNumber: `1${NUL}` })).toThrow(/SequenceNumber/);
      expect(() => parseConferenceEvent({ ConferenceSid: `CF${NUL}01`, StatusCallbackEvent: 'conference-end', SequenceNumber: '9' })).toThrow(/ConferenceSid/);
      expect(parseConferenceEvent({ ConferenceSid: 'CF01', CallSid: `${SID}${NUL}`, StatusCallbackEvent: 'participant-join', SequenceNumber: '9' }).callSid).toBeNull();
    });

    it('leave a form without one as it is (no copy on the hot path), and a name as sent ahead of one that only differs by NULs', () => {
      const form = { CallSid: SID, CallStatus: 'ringing' };
      expect(withoutNulCharacters(form)).toBe(form);
      const clean = withoutNulCharacters({ [`A${NUL}`]: 'late', A: 'sent', ['__proto__']: NUL });
      expect(Object.getPrototypeOf(clean)).toBeNull();
      expect({ ...clean }).toEqual({ A: 'sent', ['__proto__']: '' });
    });
  });
});
