import { parseTwiml, TwimlParseError } from './twiml-document';

describe('parseTwiml', () => {
  it('reads verbs in order with attributes, text and nested nouns', () => {
    const verbs = parseTwiml(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">Hi &amp; bye</Say>' +
        '<Gather numDigits="1" action="/next"><Say>Press 1</Say></Gather>' +
        '<Dial><Conference beep="false">agent-7</Conference></Dial><Hangup/></Response>',
    );
    expect(verbs.map((verb) => verb.verb)).toEqual(['Say', 'Gather', 'Dial', 'Hangup']);
    expect(verbs[0]).toEqual({ verb: 'Say', attributes: { voice: 'alice' }, text: 'Hi & bye', children: [] });
    expect(verbs[1]?.children[0]).toMatchObject({ verb: 'Say', text: 'Press 1' });
    expect(verbs[2]?.children[0]).toMatchObject({ verb: 'Conference', attributes: { beep: 'false' }, text: 'agent-7' });
  });

  it('treats an empty body as an empty response', () => {
    expect(parseTwiml('')).toEqual([]);
    expect(parseTwiml('<Response/>')).toEqual([]);
  });

  it.each(['<Response><Say>unclosed</Response>', '<Html><Body/></Html>', 'hello'])('refuses %s with error 12100', (xml) => {
    expect(() => parseTwiml(xml)).toThrow(TwimlParseError);
  });
});
