import { AudibleParticipant, heardBy, hears } from './audibility';

const leg = (callSid: string, change: Partial<AudibleParticipant> = {}): AudibleParticipant => ({
  callSid,
  connected: true,
  muted: false,
  hold: false,
  callSidToCoach: null,
  ...change,
});

describe('who hears whom in a conference room', () => {
  const agent = leg('CAagent');
  const callee = leg('CAcallee');

  it('lets a muted supervisor (listen) hear agent and callee while nobody hears the supervisor', () => {
    const supervisor = leg('CAsup', { muted: true });
    const heard = heardBy([agent, callee, supervisor]);
    expect(heard.get('CAsup')).toEqual([]);
    expect(heard.get('CAagent')).toEqual(['CAcallee', 'CAsup']);
    expect(heard.get('CAcallee')).toEqual(['CAagent', 'CAsup']);
  });

  it('lets the coached agent alone hear a whispering supervisor', () => {
    const supervisor = leg('CAsup', { callSidToCoach: 'CAagent' });
    expect(heardBy([agent, callee, supervisor]).get('CAsup')).toEqual(['CAagent']);
    expect(hears(callee, supervisor)).toBe(false);
    expect(hears(supervisor, callee)).toBe(true);
  });

  it('lets everyone hear a barging supervisor', () => {
    expect(heardBy([agent, callee, leg('CAsup')]).get('CAsup')).toEqual(['CAagent', 'CAcallee']);
  });

  it('hears nobody on hold or not yet connected, and never oneself', () => {
    expect(hears(leg('CAx', { hold: true }), agent)).toBe(false);
    expect(hears(agent, leg('CAx', { hold: true }))).toBe(false);
    expect(hears(agent, leg('CAx', { connected: false }))).toBe(false);
    expect(hears(agent, agent)).toBe(false);
  });
});
