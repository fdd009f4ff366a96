import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldMessages, useIssueText } from '../../ui/field-errors';
import type { Campaign, Issue } from './campaign-types';
import { ChangedElsewhere, useSectionSave } from './changed-elsewhere';
import { issuesAt } from './settings-draft';
import { QuestionDraft, SurveyDraft, surveyChanges, surveyDraftOf, surveyOf, withSurveyChanges } from './survey-draft';

const KEY = /^[0-9*#]$/;

/** Questions with their allowed answers, the intro and outro, and the opt-out key: the survey section of the settings. */
export function SurveyBuilder({ campaign, problems, warnings }: { campaign: Campaign; problems: Issue[]; warnings: Issue[] }) {
  const { t } = useTranslation();
  // The survey as opened or last saved: what the builder's changes are made from.
  const [base, setBase] = useState(() => surveyDraftOf(campaign.settings.survey));
  const [draft, setDraft] = useState<SurveyDraft>(base);
  const { intro, outro, optOutDigit, questions } = draft;
  const { save, reloaded } = useSectionSave(campaign, () => ({ survey: surveyOf(draft) }), (saved) => setBase(surveyDraftOf(saved.settings.survey)));
  // The survey as stored now with only the builder's own changes on top: what someone else changed meanwhile is not undone.
  const reload = (fresh: Campaign) => {
    const stored = surveyDraftOf(fresh.settings.survey);
    setDraft(withSurveyChanges(stored, surveyChanges(draft, base)));
    setBase(stored);
    reloaded(fresh);
  };
  const issueText = useIssueText();
  const messagesAt = useFieldMessages();
  const set = (patch: Partial<SurveyDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const setQuestions = (change: (current: QuestionDraft[]) => QuestionDraft[]) => setDraft((current) => ({ ...current, questions: change(current.questions) }));
  const update = (index: number, patch: Partial<QuestionDraft>) => setQuestions((current) => current.map((q, i) => (i === index ? { ...q, ...patch } : q)));
  const move = (index: number, by: number) =>
    setQuestions((current) => {
      const next = [...current];
      const [question] = next.splice(index, 1);
      next.splice(index + by, 0, question);
      return next;
    });
  const agentless = campaign.dialingMode === 'agentless';
  const messages = (field: string) => [...issuesAt(problems, field).map(issueText), ...messagesAt(save.error, field)];
  const groupNotes = [...issuesAt(problems, 'settings.survey', true), ...issuesAt(warnings, 'settings.survey', true)];

  return (
    <form
      className="cmp-form"
      aria-label={t('campaigns.survey.title')}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      {groupNotes.map((issue) => (
        <p key={issue.code} className="field-error" data-readiness={issue.code}>
          {issueText(issue)}
        </p>
      ))}
      <fieldset className="cmp-section">
        <legend>{t('campaigns.survey.framing')}</legend>
        <label>
          {t('campaigns.survey.intro')}
          <textarea name="survey-intro" rows={2} maxLength={2000} value={intro} onChange={(event) => set({ intro: event.target.value })} />
        </label>
        <label>
          {t('campaigns.survey.outro')}
          <textarea name="survey-outro" rows={2} maxLength={2000} value={outro} onChange={(event) => set({ outro: event.target.value })} />
        </label>
        <label>
          {t('campaigns.survey.optOutDigit')}
          <input name="survey-optOutDigit" maxLength={1} value={optOutDigit} aria-invalid={optOutDigit !== '' && !KEY.test(optOutDigit)} onChange={(event) => set({ optOutDigit: event.target.value.trim() })} />
        </label>
        <p className="hint">{t('campaigns.survey.optOutHint')}</p>
        {messages('settings.survey.optOutDigit').map((m) => (
          <p key={m} className="field-error">
            {m}
          </p>
        ))}
      </fieldset>
      {questions.length === 0 && <p className="empty">{t('campaigns.survey.empty')}</p>}
      <ol className="cmp-questions">
        {questions.map((question, index) => {
          const field = `settings.survey.questions[${index}]`;
          return (
            <li key={index} className="cmp-section" data-question={index}>
              <div className="cmp-grid">
                <label>
                  {t('campaigns.survey.id')}
                  <input name={`q${index}-id`} required pattern="[A-Za-z0-9_\-]{1,40}" value={question.id} onChange={(event) => update(index, { id: event.target.value })} />
                </label>
                <label className="cmp-wide">
                  {t('campaigns.survey.prompt')}
                  <textarea name={`q${index}-prompt`} required rows={2} maxLength={1000} value={question.prompt} onChange={(event) => update(index, { prompt: event.target.value })} />
                </label>
                <label className="cmp-wide">
                  {t('campaigns.survey.answers')}
                  <input name={`q${index}-answers`} required value={question.text} onChange={(event) => update(index, { text: event.target.value })} />
                </label>
              </div>
              <p className="hint">{agentless ? t('campaigns.survey.answersKeys') : t('campaigns.survey.answersHint')}</p>
              {messages(field).map((m) => (
                <p key={m} className="field-error">
                  {m}
                </p>
              ))}
              <div className="row">
                <button type="button" disabled={index === 0} onClick={() => move(index, -1)}>
                  {t('campaigns.moveUp')}
                </button>
                <button type="button" disabled={index === questions.length - 1} onClick={() => move(index, 1)}>
                  {t('campaigns.moveDown')}
                </button>
                <button type="button" onClick={() => setQuestions((current) => current.filter((_, i) => i !== index))}>
                  {t('campaigns.remove')}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="cmp-save-bar">
        <button type="button" onClick={() => setQuestions((current) => [...current, { id: `q${current.length + 1}`, prompt: '', text: agentless ? '1, 2' : '' }])}>
          {t('campaigns.survey.add')}
        </button>
        <button type="submit" className="primary" disabled={save.isPending || questions.length === 0}>
          {save.isPending ? t('campaigns.saving') : t('campaigns.survey.save')}
        </button>
        {questions.length === 0 && <span className="hint">{t('campaigns.survey.needsQuestion')}</span>}
        {save.isSuccess && (
          <span className="ok" role="status">
            {t('campaigns.saved')}
          </span>
        )}
      </div>
      <ErrorNotice error={save.error} />
      <ChangedElsewhere campaignId={campaign.id} error={save.error} changed={() => [t('campaigns.tabs.survey')]} onReloaded={reload} />
    </form>
  );
}
