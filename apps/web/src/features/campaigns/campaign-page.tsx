import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes, useParams } from 'react-router';
import { ApiError, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldMessages, useIssueText } from '../../ui/field-errors';
import { Page } from '../../ui/page';
import { QueryState } from '../../ui/query-state';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import { CampaignLists } from './campaign-lists';
import { CAMPAIGNS_PATH, campaignPath } from './campaign-paths';
import type { Campaign, Issue } from './campaign-types';
import { campaignWriteKey } from './changed-elsewhere';
import { TABS, tabOf } from './issue-tabs';
import { DispositionsEditor } from './dispositions-editor';
import { ScriptEditor } from './script-editor';
import { SettingsForm } from './settings-form';
import { SurveyBuilder } from './survey-builder';
import { StatusBadge } from './status-badge';

type Action = 'start' | 'pause' | 'resume' | 'complete';
const ACTIONS_BY_STATUS: Record<Campaign['status'], Action[]> = {
  draft: ['start'],
  active: ['pause', 'complete'],
  paused: ['resume', 'complete'],
  completed: [],
  archived: [],
};

/** Start, pause, resume, complete: the buttons the status allows, and the api's refusal when it says no. */
function Lifecycle({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const run = useSingleFlightMutation({
    // A write of this page's own: the tabs' editors follow the version it makes.
    mutationKey: campaignWriteKey(campaign.id),
    mutationFn: (action: Action) => unwrap(api.POST('/campaigns/{id}/{action}', { params: { path: { id: campaign.id, action } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
  const warnings = run.data?.warnings ?? [];
  const issueText = useIssueText();
  const messagesAt = useFieldMessages();
  return (
    <div className="cmp-lifecycle">
      <div className="row">
        {ACTIONS_BY_STATUS[campaign.status].map((action) =>
          action === 'complete' ? (
            <ConfirmButton key={action} label={t('campaigns.lifecycle.complete')} question={t('campaigns.lifecycle.completeQuestion')} disabled={run.isPending} onConfirm={() => run.mutate(action)} />
          ) : (
            <button key={action} type="button" className={action === 'pause' ? '' : 'primary'} disabled={run.isPending} data-action={action} onClick={() => run.mutate(action)}>
              {t(`campaigns.lifecycle.${action}`)}
            </button>
          ),
        )}
      </div>
      {run.error instanceof ApiError && run.error.code === 'CAMPAIGN_NOT_READY' ? (
        <div className="error-notice" role="alert">
          <strong>{t('campaigns.lifecycle.notReady')}</strong>
          <ul>
            {[...new Set(run.error.fields.flatMap((field) => messagesAt(run.error, field.field)))].map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorNotice error={run.error} />
      )}
      {warnings.length > 0 && (
        <ul className="warn">
          {warnings.map((warning) => (
            <li key={warning.code}>{issueText(warning)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The readiness check in one place: each problem links to the tab where its field is. */
function ReadinessSummary({ campaign, problems, warnings }: { campaign: Campaign; problems: Issue[]; warnings: Issue[] }) {
  const { t } = useTranslation();
  const issueText = useIssueText();
  if (campaign.status === 'completed' || campaign.status === 'archived') return null;
  if (problems.length === 0 && warnings.length === 0) {
    return (
      <p className="ok cmp-ready" role="status">
        {t('campaigns.readiness.ready')}
      </p>
    );
  }
  const item = (issue: Issue, tone: string) => {
    const tab = tabOf(issue.field);
    return (
      <li key={`${issue.field}-${issue.code}`} className={tone}>
        {tab && (
          <>
            <Link to={campaignPath(campaign.id, tab === 'settings' ? '' : tab)}>{t(`campaigns.tabs.${tab}`)}</Link>
            {': '}
          </>
        )}
        {issueText(issue)}
      </li>
    );
  };
  return (
    <section className={`cmp-readiness${problems.length === 0 ? ' cmp-readiness-ok' : ''}`} aria-labelledby="readiness-title">
      <h2 id="readiness-title">{problems.length > 0 ? t('campaigns.readiness.problems', { count: problems.length }) : t('campaigns.readiness.warningsOnly')}</h2>
      <ul>
        {problems.map((issue) => item(issue, 'field-error'))}
        {warnings.map((issue) => item(issue, 'warn'))}
      </ul>
    </section>
  );
}

/** One campaign: lifecycle and readiness on top, then its tabs (settings, script, survey, dispositions, lists). */
export function CampaignPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { id = '' } = useParams();
  const campaign = useQuery({ queryKey: ['campaigns', id], queryFn: () => unwrap(api.GET('/campaigns/{id}', { params: { path: { id } } })) });
  const readiness = useQuery({
    queryKey: ['campaigns', id, 'readiness'],
    queryFn: () => unwrap(api.GET('/campaigns/{id}/readiness', { params: { path: { id } } })),
    enabled: campaign.isSuccess,
  });
  const dispositions = useQuery({ queryKey: ['campaigns', id, 'dispositions'], queryFn: () => unwrap(api.GET('/campaigns/{id}/dispositions', { params: { path: { id } } })) });
  const problems = readiness.data?.problems ?? [];
  const warnings = readiness.data?.warnings ?? [];
  const codes = (dispositions.data ?? []).filter((d) => !d.isFinal).map((d) => d.code);

  return (
    <Page
      title={campaign.data ? campaign.data.name : t('campaigns.title')}
      actions={
        <Link to={CAMPAIGNS_PATH} className="cmp-back">
          {t('campaigns.backToAll')}
        </Link>
      }
    >
      <QueryState query={campaign}>
        {(data) => (
          <>
            <div className="cmp-head">
              <StatusBadge status={data.status} />
              <span className="muted">
                {t(`campaigns.kinds.${data.kind}`)} · {t(`campaigns.modes.${data.dialingMode}`)} · {t(`campaigns.jurisdictions.${data.jurisdiction}`)}
              </span>
              <Lifecycle campaign={data} />
            </div>
            {readiness.isError ? <ErrorNotice error={readiness.error} onRetry={() => void readiness.refetch()} /> : <ReadinessSummary campaign={data} problems={problems} warnings={warnings} />}
            <nav className="cmp-tabs" aria-label={t('campaigns.tabsLabel')}>
              {TABS.map((tab) => (
                <NavLink key={tab} to={campaignPath(data.id, tab === 'settings' ? '' : tab)} end className={({ isActive }) => (isActive ? 'active' : '')} data-tab={tab}>
                  {t(`campaigns.tabs.${tab}`)}
                  {problems.some((issue) => tabOf(issue.field) === tab) && <span className="cmp-dot" aria-label={t('campaigns.readiness.tabHasProblems')} />}
                </NavLink>
              ))}
            </nav>
            <Routes>
              {/* Each tab's form starts from what the api holds when it opens; its own save leaves the draft as saved. */}
              <Route index element={<SettingsForm campaign={data} problems={problems} warnings={warnings} dispositionCodes={codes} />} />
              <Route path="script" element={<ScriptEditor campaign={data} problems={problems} warnings={warnings} />} />
              <Route path="survey" element={<SurveyBuilder campaign={data} problems={problems} warnings={warnings} />} />
              <Route path="dispositions" element={<DispositionsEditor campaign={data} problems={problems} />} />
              <Route path="lists" element={<CampaignLists campaign={data} problems={problems} warnings={warnings} />} />
            </Routes>
          </>
        )}
      </QueryState>
    </Page>
  );
}
