import type { Settings } from './campaign-types';
import { changedSettings, withChanges } from './settings-draft';

type Survey = NonNullable<Settings['survey']>;
/** A question as the builder edits it: its answers as typed ("1, 2, 3"). */
export type QuestionDraft = { id: string; prompt: string; text: string };
/** The survey as the builder edits it. */
export type SurveyDraft = { intro: string; outro: string; optOutDigit: string; questions: QuestionDraft[] };

/** Answers as typed ("1, 2, 3"): trimmed, blanks dropped. */
const answersOf = (text: string) => text.split(/[,、]/).map((answer) => answer.trim()).filter(Boolean);

/** The stored survey as the builder shows it. */
export const surveyDraftOf = (survey: Survey | undefined): SurveyDraft => ({
  intro: survey?.intro ?? '',
  outro: survey?.outro ?? '',
  optOutDigit: survey?.optOutDigit ?? '',
  questions: (survey?.questions ?? []).map(({ id, prompt, answers }) => ({ id, prompt, text: answers.join(', ') })),
});

/** The builder's survey as the api takes it (the section goes whole). */
export const surveyOf = ({ intro, outro, optOutDigit, questions }: SurveyDraft): Survey => ({
  ...(intro ? { intro } : {}),
  ...(outro ? { outro } : {}),
  ...(optOutDigit ? { optOutDigit } : {}),
  questions: questions.map(({ id, prompt, text }) => ({ id, prompt, answers: answersOf(text) })),
});

const QUESTION = /^questions\.(\d+)$/;

/** The draft as the fields a change is made of: the intro, the outro, the opt-out key and each question by its place (`questions.0`). */
function fieldsOf({ questions, ...framing }: SurveyDraft): Record<string, unknown> {
  return { ...framing, ...Object.fromEntries(questions.map((question, index) => [`questions.${index}`, question])) };
}

function draftOfFields(fields: Record<string, unknown>): SurveyDraft {
  const places = Object.keys(fields)
    .map((key) => QUESTION.exec(key)?.[1])
    .filter((place): place is string => place !== undefined)
    .sort((a, b) => Number(a) - Number(b));
  return {
    intro: (fields.intro as string | undefined) ?? '',
    outro: (fields.outro as string | undefined) ?? '',
    optOutDigit: (fields.optOutDigit as string | undefined) ?? '',
    questions: places.map((place) => fields[`questions.${place}`] as QuestionDraft),
  };
}

/**
 * What the builder changed since `base` (the survey it opened or last saved),
 * field by field (`changedSettings` over the intro, the outro, the opt-out
 * key and each question by its place; a question removed is null), so a
 * reload keeps these and nothing else of what the builder read.
 */
export function surveyChanges(draft: SurveyDraft, base: SurveyDraft): Record<string, unknown> {
  const before = fieldsOf(base);
  return changedSettings(fieldsOf(draft), before, Object.keys(before));
}

/** The survey read afresh with the builder's changes on top: what someone else changed meanwhile stays, unless the builder changed it too. */
export const withSurveyChanges = (fresh: SurveyDraft, changes: Record<string, unknown>): SurveyDraft => draftOfFields(withChanges(fieldsOf(fresh), changes));
