import { AbandonMessage, abandonMessageText } from '@dialer/campaigns';
import { abandonMessageTwiml, surveyQuestionTwiml } from '@dialer/telephony';

/** The gather step of an abandon message that offers an opt-out key. */
export const ABANDON_OPT_OUT_STEP = 'abandon-opt-out';

/** Seconds left after the message for the opt-out key before the call ends. */
const OPT_OUT_WAIT_SEC = 3;

/**
 * What an abandoned callee hears: who called, a number to call back, how to
 * opt out — and, when the campaign offers one, an opt-out key listened for
 * during the message (its press posts to `gatherUrl`; silence ends the call).
 */
export function abandonTwiml(message: AbandonMessage, gatherUrl: string): string {
  const say = abandonMessageText(message);
  if (!message.optOutDigit) return abandonMessageTwiml({ say });
  return surveyQuestionTwiml({ question: { say }, actionUrl: gatherUrl, numDigits: 1, timeoutSec: OPT_OUT_WAIT_SEC });
}
