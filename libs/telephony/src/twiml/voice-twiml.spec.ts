import { XMLParser } from 'fast-xml-parser';
import {
  abandonMessageTwiml,
  conferenceJoinTwiml,
  hangUpTwiml,
  monitorJoinTwiml,
  recordingDisclosureTwiml,
  surveyQuestionTwiml,
  voicemailDropTwiml,
} from './voice-twiml';
import { monitorAttributes } from '../monitoring/monitor-mode';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false, parseTagValue: false });
const parse = (xml: string) => parser.parse(xml) as { Response: Record<string, unknown> };

describe('TwiML builders', () => {
  it('puts an agent in its own room, labelled as the agent, which ends when the agent leaves and waits in silence', () => {
    const twiml = parse(conferenceJoinTwiml({ room: 'agent-42', role: 'agent' }));
    expect(twiml.Response.Dial).toEqual({
      Conference: {
        '#text': 'agent-42',
        '@beep': 'false',
        '@startConferenceOnEnter': 'true',
        '@endConferenceOnExit': 'true',
        '@participantLabel': 'agent',
        '@waitUrl': '',
      },
    });
  });

  it('keeps an agent’s leg for the time asked (a shift), never beyond Twilio’s 24 hours, where Twilio would cut it at 4', () => {
    expect(parse(conferenceJoinTwiml({ room: 'agent-42', role: 'agent', timeLimitSec: 12 * 3600 })).Response.Dial).toMatchObject({ '@timeLimit': '43200' });
    expect(parse(conferenceJoinTwiml({ room: 'agent-42', role: 'agent', timeLimitSec: 30 * 3600 })).Response.Dial).toMatchObject({ '@timeLimit': '86400' });
  });

  it('bridges a callee into the room without ending it, after the disclosure, with conference events', () => {
    const xml = conferenceJoinTwiml({
      room: 'agent-42',
      role: 'callee',
      before: [{ say: 'This call is recorded.' }],
      statusCallbackUrl: 'https://d.test/twilio/conference#rc=3&rp=all',
    });
    const twiml = parse(xml);
    expect(twiml.Response.Say).toBe('This call is recorded.');
    expect(twiml.Response.Dial).toMatchObject({
      Conference: {
        '#text': 'agent-42',
        '@endConferenceOnExit': 'false',
        '@participantLabel': 'callee',
        '@statusCallback': 'https://d.test/twilio/conference#rc=3&rp=all',
        '@statusCallbackEvent': 'start end join leave',
      },
    });
    expect(xml.indexOf('<Say')).toBeLessThan(xml.indexOf('<Dial'));
  });

  it('puts a supervisor in the agent’s room silently: muted to listen, coaching the agent’s leg to whisper, neither to barge', () => {
    const agentLeg = 'CA0123456789abcdef0123456789abcdef';
    const conference = (mode: 'listen' | 'whisper' | 'barge') =>
      (parse(monitorJoinTwiml({ room: 'agent-7', attributes: monitorAttributes(mode, agentLeg), timeLimitSec: 99_999 })).Response.Dial as Record<string, unknown>);
    const listen = conference('listen');
    expect(listen).toMatchObject({ '@timeLimit': '86400' });
    expect(listen.Conference).toMatchObject({
      '#text': 'agent-7',
      '@muted': 'true',
      '@beep': 'false',
      '@startConferenceOnEnter': 'false',
      '@endConferenceOnExit': 'false',
      '@participantLabel': 'monitor',
    });
    expect(listen.Conference).not.toHaveProperty('@coach');
    expect(conference('whisper').Conference).toMatchObject({ '@muted': 'false', '@coach': agentLeg });
    expect(conference('barge').Conference).toMatchObject({ '@muted': 'false' });
    expect(conference('barge').Conference).not.toHaveProperty('@coach');
    expect(listen.Conference).not.toHaveProperty('@statusCallback');
    // With the room's callback, Twilio tells when the leg leaves (a closed tab): its monitoring ends, audited.
    const called = parse(monitorJoinTwiml({ room: 'agent-7', attributes: monitorAttributes('listen', ''), statusCallbackUrl: 'https://api.test/conference?agent=7' }));
    expect((called.Response.Dial as Record<string, Record<string, unknown>>).Conference).toMatchObject({
      '@statusCallback': 'https://api.test/conference?agent=7',
      '@statusCallbackMethod': 'POST',
      '@statusCallbackEvent': 'leave',
    });
  });

  it('plays the abandon message and hangs up', () => {
    const xml = abandonMessageTwiml([{ say: 'This is Acme calling.' }, { play: 'https://cdn.test/optout.mp3' }]);
    expect(parse(xml).Response).toEqual({ Say: 'This is Acme calling.', Play: 'https://cdn.test/optout.mp3', Hangup: '' });
    expect(xml.indexOf('<Play')).toBeLessThan(xml.indexOf('<Hangup'));
  });

  it('leaves a voicemail and hangs up', () => {
    expect(parse(voicemailDropTwiml({ say: 'Please call us back.', voice: 'alice' })).Response).toEqual({
      Say: { '#text': 'Please call us back.', '@voice': 'alice' },
      Hangup: '',
    });
  });

  it('asks a survey question that posts the key, or nothing, to the action', () => {
    const twiml = parse(surveyQuestionTwiml({ question: { say: 'Press 1 to 5.' }, actionUrl: 'https://d.test/q/1' }));
    expect(twiml.Response.Gather).toEqual({
      Say: 'Press 1 to 5.',
      '@input': 'dtmf',
      '@numDigits': '1',
      '@timeout': '5',
      '@action': 'https://d.test/q/1',
      '@method': 'POST',
      '@actionOnEmptyResult': 'true',
    });
  });

  it('discloses recording, then continues at the given URL', () => {
    expect(parse(recordingDisclosureTwiml({ say: 'Recorded.' }, 'https://d.test/next')).Response).toEqual({
      Say: 'Recorded.',
      Redirect: { '#text': 'https://d.test/next', '@method': 'POST' },
    });
    expect(parse(hangUpTwiml()).Response).toEqual({ Hangup: '' });
  });
});
