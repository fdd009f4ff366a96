import { TwilioRestError } from '../common/twilio-rest.errors';
import { coachingParams } from './coaching-params';

const AGENT = 'CA0123456789abcdef0123456789abcdef';
const inRoom = (sid: string) => sid === AGENT;

describe('coaching parameters of a conference participant', () => {
  it('coaches the named call, with or without Coaching=true', () => {
    expect(coachingParams({ Coaching: 'true', CallSidToCoach: AGENT }, inRoom)).toBe(AGENT);
    expect(coachingParams({ CallSidToCoach: AGENT }, inRoom)).toBe(AGENT);
  });

  it('stops coaching on Coaching=false and leaves it alone when neither is sent', () => {
    expect(coachingParams({ Coaching: 'false' }, inRoom)).toBeNull();
    expect(coachingParams({ Muted: 'true' }, inRoom)).toBeUndefined();
  });

  it("refuses, as Twilio's 20001, coaching without a call, a malformed SID or a call not in the room", () => {
    for (const params of [{ Coaching: 'true' }, { Coaching: 'true', CallSidToCoach: 'CAnope' }, { CallSidToCoach: 'CA' + 'f'.repeat(32) }, { Coaching: 'yes' }]) {
      expect(() => coachingParams(params, inRoom)).toThrow(TwilioRestError);
      try {
        coachingParams(params, inRoom);
      } catch (error) {
        expect(error).toMatchObject({ status: 400, code: 20001 });
      }
    }
  });
});
