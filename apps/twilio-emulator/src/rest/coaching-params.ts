import { bool, FormParams, text } from '../common/form-params';
import { twilioErrors } from '../common/twilio-rest.errors';

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/**
 * `Coaching` and `CallSidToCoach` of a participant create or update, read as
 * Twilio's description says: `Coaching` defaults to true when a call to coach
 * is named and `Coaching=true` needs one; `Coaching=false` stops coaching.
 * Returns the call to coach, null for none, undefined when the request says
 * nothing about coaching. `inRoom` tells whether a call is in the conference.
 */
export function coachingParams(params: FormParams, inRoom: (callSid: string) => boolean): string | null | undefined {
  const coaching = bool(params, 'Coaching');
  const target = text(params, 'CallSidToCoach');
  if (target !== undefined && !CALL_SID.test(target)) throw twilioErrors.invalidParameter('CallSidToCoach', target, 'a Call SID (CA followed by 32 hex digits)');
  if (coaching === false) return null;
  if (target === undefined) {
    if (coaching === true) throw twilioErrors.invalidParameter('CallSidToCoach', '', 'the Call SID to coach when Coaching is true');
    return undefined;
  }
  if (!inRoom(target)) throw twilioErrors.invalidParameter('CallSidToCoach', target, 'a participant of this conference');
  return target;
}
