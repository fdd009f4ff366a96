import { MONITOR_MODES, monitorAttributes } from './monitor-mode';

const AGENT = 'CA0123456789abcdef0123456789abcdef';

describe('what each monitoring mode asks of the conference', () => {
  it('listens muted, whispers to the agent’s leg alone, barges unmuted to everyone', () => {
    expect(monitorAttributes('listen', AGENT)).toEqual({ muted: true, callSidToCoach: null });
    expect(monitorAttributes('whisper', AGENT)).toEqual({ muted: false, callSidToCoach: AGENT });
    expect(monitorAttributes('barge', AGENT)).toEqual({ muted: false, callSidToCoach: null });
  });

  it('lets nobody but the agent hear the supervisor except in barge', () => {
    for (const mode of MONITOR_MODES) {
      const { muted, callSidToCoach } = monitorAttributes(mode, AGENT);
      const heardByCallee = !muted && callSidToCoach === null;
      expect(heardByCallee).toBe(mode === 'barge');
    }
  });
});
