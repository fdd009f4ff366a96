import { FloorAgent, nobodyToTakeACall } from './empty-floor';

const agent = (state: FloorAgent['state'], pauseAfterCall: string | null = null): FloorAgent => ({ state, pauseAfterCall });

describe('nobodyToTakeACall: when ringing calls can only become abandons', () => {
  it('is empty when every agent is paused, or nobody is on the floor', () => {
    expect(nobodyToTakeACall('power', [])).toBe(true);
    expect(nobodyToTakeACall('power', [agent('paused')])).toBe(true);
    expect(nobodyToTakeACall('predictive', [agent('paused'), agent('offline'), agent('paused')])).toBe(true);
    expect(nobodyToTakeACall('progressive', [agent('paused')])).toBe(true);
    expect(nobodyToTakeACall('preview', [agent('paused')])).toBe(true);
  });

  it('is not empty while someone is ready or reserved', () => {
    expect(nobodyToTakeACall('power', [agent('paused'), agent('ready')])).toBe(false);
    expect(nobodyToTakeACall('power', [agent('reserved')])).toBe(false);
  });

  it('counts an agent on a call or in wrap-up as coming back (predictive dials ahead of them)', () => {
    expect(nobodyToTakeACall('predictive', [agent('paused'), agent('on_call')])).toBe(false);
    expect(nobodyToTakeACall('predictive', [agent('wrap_up')])).toBe(false);
    expect(nobodyToTakeACall('power', [agent('on_call')])).toBe(false);
  });

  it('does not count one who announced a pause or a sign-out after the call', () => {
    expect(nobodyToTakeACall('predictive', [agent('on_call', 'break'), agent('paused')])).toBe(true);
    expect(nobodyToTakeACall('predictive', [agent('wrap_up', 'signed_out')])).toBe(true);
    expect(nobodyToTakeACall('predictive', [agent('wrap_up', 'break'), agent('wrap_up')])).toBe(false);
  });

  it('never empties an agentless (IVR) campaign, which needs no agent', () => {
    expect(nobodyToTakeACall('agentless', [])).toBe(false);
    expect(nobodyToTakeACall('agentless', [agent('paused')])).toBe(false);
  });
});
