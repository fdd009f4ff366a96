import { CampaignConfig, identityDisclosureText, SurveyDefinition } from '@dialer/campaigns';
import { hangUpTwiml, Prompt, surveyQuestionTwiml, voicemailDropTwiml } from '@dialer/telephony';

/** Each question is a step of its own (`q0`, `q1`…); a repeat after no valid key is `q0r`. */
export interface QuestionStep {
  index: number;
  repeat: boolean;
}

export const questionStep = ({ index, repeat }: QuestionStep): string => `q${index}${repeat ? 'r' : ''}`;

export function parseQuestionStep(step: string): QuestionStep | null {
  const match = /^q(\d+)(r?)$/.exec(step);
  return match ? { index: Number(match[1]), repeat: match[2] === 'r' } : null;
}

/** What a callee hears before the first question: who calls and why (JP Art. 16), the recording, the intro. */
export function openingPrompts(config: CampaignConfig): Prompt[] {
  const prompts: Prompt[] = [];
  if (config.identity) prompts.push({ say: identityDisclosureText(config.identity) });
  if (config.recording.enabled && config.recording.disclosure) prompts.push({ say: config.recording.disclosure });
  if (config.survey?.intro) prompts.push({ say: config.survey.intro });
  return prompts;
}

export function questionTwiml(survey: SurveyDefinition, step: QuestionStep, actionUrl: string, before: Prompt[] = []): string {
  const question = survey.questions[step.index];
  const prompts: Prompt[] = [{ say: step.repeat ? `Sorry, I did not get that. ${question.prompt}` : question.prompt }];
  if (step.index === 0 && !step.repeat && survey.optOutDigit) {
    prompts.push({ say: `To stop our calls, press ${survey.optOutDigit} at any time.` });
  }
  return surveyQuestionTwiml({ question: prompts, actionUrl, before, numDigits: 1 });
}

export function closingTwiml(text: string | undefined): string {
  return text ? voicemailDropTwiml({ say: text }) : hangUpTwiml();
}
