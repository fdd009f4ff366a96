import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldErrors, useIssueText } from '../../ui/field-errors';
import { Panel } from '../../ui/panel';
import type { Campaign, Issue } from './campaign-types';
import { ChangedElsewhere, useSectionSave } from './changed-elsewhere';
import { fromPairs, issuesAt } from './settings-draft';

const FIELDS = ['firstName', 'lastName', 'phone', 'email', 'externalId', 'region', 'postalCode', 'localTime', 'agent.name', 'custom.plan'];

/** The text as it settles: the preview asks the api once typing pauses, not on every key. */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The talk script (a Mustache template) beside its live preview: the api
 * renders it for a sample lead with the same code the screen pop uses.
 */
export function ScriptEditor({ campaign, problems, warnings }: { campaign: Campaign; problems: Issue[]; warnings: Issue[] }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [script, setScript] = useState(campaign.settings.script ?? '');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [agentName, setAgentName] = useState('');
  const [custom, setCustom] = useState('plan=Gold');
  const scriptId = useId();
  const sample = { ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}), ...(agentName ? { agentName } : {}), custom: fromPairs(custom) };
  const request = useSettled({ script, sample });
  const preview = useQuery({
    queryKey: ['campaigns', 'script-preview', request],
    queryFn: () => unwrap(api.POST('/campaigns/script-preview', { body: request })),
    placeholderData: keepPreviousData,
  });
  const { save, reloaded } = useSectionSave(campaign, () => ({ script }));
  const problem = useFieldErrors(save.error);
  const issueText = useIssueText();
  const changed = script !== (campaign.settings.script ?? '');
  // Each refused tag in the page's language, by its code, naming the tag; the api's sentence where there is no code.
  const previewProblem = (data: { problem: string | null; problems: { code: string; message: string; params: Record<string, string | number> }[] }) =>
    data.problems.length > 0 ? data.problems.map(issueText).join(' ') : (data.problem ?? '');
  const notes = [...issuesAt(problems, 'settings.script'), ...issuesAt(warnings, 'settings.script')];

  return (
    <div className="cmp-script">
      <Panel title={t('campaigns.script.editor')} id="script-editor">
        <label htmlFor={scriptId}>{t('campaigns.script.template')}</label>
        <textarea id={scriptId} name="script" {...problem('settings.script').control} rows={14} className="cmp-code" maxLength={20000} value={script} onChange={(event) => setScript(event.target.value)} />
        <p className="hint">
          {t('campaigns.script.fields')} {FIELDS.map((field) => `{{${field}}}`).join(' ')}
        </p>
        {notes.map((issue) => (
          <p key={issue.code} className={issuesAt(problems, issue.field).includes(issue) ? 'field-error' : 'warn'} data-readiness={issue.code}>
            {issueText(issue)}
          </p>
        ))}
        {problem('settings.script').message}
        <div className="row">
          <button type="button" className="primary" disabled={!changed || save.isPending} onClick={() => save.mutate()}>
            {save.isPending ? t('campaigns.saving') : t('campaigns.script.save')}
          </button>
          {save.isSuccess && !changed && (
            <span className="ok" role="status">
              {t('campaigns.saved')}
            </span>
          )}
        </div>
        <ErrorNotice error={save.error} />
        <ChangedElsewhere campaignId={campaign.id} error={save.error} changed={() => [t('campaigns.tabs.script')]} onReloaded={reloaded} />
      </Panel>
      <Panel title={t('campaigns.script.preview')} id="script-preview">
        <fieldset className="cmp-sample">
          <legend>{t('campaigns.script.sample')}</legend>
          <label>
            {t('campaigns.script.firstName')}
            <input name="sample-firstName" placeholder="Hanako" value={firstName} onChange={(event) => setFirstName(event.target.value)} />
          </label>
          <label>
            {t('campaigns.script.lastName')}
            <input name="sample-lastName" placeholder="Yamada" value={lastName} onChange={(event) => setLastName(event.target.value)} />
          </label>
          <label>
            {t('campaigns.script.agentName')}
            <input name="sample-agentName" placeholder="Sato" value={agentName} onChange={(event) => setAgentName(event.target.value)} />
          </label>
          <label>
            {t('campaigns.script.custom')}
            <textarea name="sample-custom" rows={2} value={custom} onChange={(event) => setCustom(event.target.value)} />
          </label>
        </fieldset>
        {preview.isPending && <p className="muted" role="status">{t('common.loading')}</p>}
        {preview.isError && <ErrorNotice error={preview.error} onRetry={() => void preview.refetch()} />}
        {preview.data && (
          <div aria-live="polite">
            {preview.data.problem !== null ? (
              <p className="field-error" data-testid="script-problem">
                {t('campaigns.script.problem', { problem: previewProblem(preview.data) })}
              </p>
            ) : (
              <pre className="script" data-testid="script-rendered">
                {preview.data.text || t('campaigns.script.emptyText')}
              </pre>
            )}
            {preview.data.unknownFields.length > 0 && <p className="warn">{t('campaigns.script.unknown', { fields: preview.data.unknownFields.join(', ') })}</p>}
          </div>
        )}
      </Panel>
    </div>
  );
}
