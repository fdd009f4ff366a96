import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { useErrorText } from '../../ui/error-text';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { ProgressBar } from '../../ui/progress-bar';
import { QueryState } from '../../ui/query-state';
import { isActive, LEAD_FIELDS } from './import-wizard/import-form';
import { ImportActions, ImportCounts, POLL_MS } from './import-wizard/import-status';
import { ImportWizard } from './import-wizard/import-wizard';
import { LeadSearch } from './lead-search';
import { isMissing, isRecordId, LEAD_STATUSES } from './list-types';

/** One list: its leads by status, the upload wizard, its imports (live while running), a lead search. */
export function ListPage() {
  const { listId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['lists', listId], queryFn: () => unwrap(api.GET('/lists/{id}', { params: { path: { id: listId } } })), enabled: isRecordId(listId) });
  const imports = useQuery({
    queryKey: ['lists', listId, 'imports'],
    queryFn: () => unwrap(api.GET('/lists/{id}/imports', { params: { path: { id: listId } } })),
    enabled: isRecordId(listId),
    refetchInterval: (query) => (query.state.data?.some((view) => isActive(view.state)) ? POLL_MS : false),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['lists'] });
  const n = (value: number) => value.toLocaleString(i18n.resolvedLanguage);
  const language = i18n.resolvedLanguage ?? 'en';
  // An import's failure by its code (NOT_A_CSV, ENCODING_MISMATCH…), as the api's refusals are.
  const errorText = useErrorText();

  return (
    <Page
      title={list.data?.name ?? t('lists.title')}
      actions={
        <Link to="/console/lists" className="lists-back">
          {t('lists.list.back')}
        </Link>
      }
    >
      {isMissing(listId, list.error) ? (
        <p className="empty">{t('lists.list.notFound')}</p>
      ) : (
        <QueryState query={list}>
          {(data) => (
            <>
              <p className="muted">
                {t('lists.list.summary', { count: n(data.leadCount), country: data.defaultCountry, dedupe: t(`lists.create.dedupe.${data.dedupeScope}`) })}
                {data.description && <> · {data.description}</>}
              </p>
              <dl className="lists-status-tiles" aria-label={t('lists.list.byStatus')} data-testid="status-counts">
                {LEAD_STATUSES.map((status) => (
                  <div key={status} className="lists-tile" data-status={status}>
                    <dt>{t(`lists.status.${status}`)}</dt>
                    <dd>{n(data.statusCounts[status])}</dd>
                  </div>
                ))}
              </dl>

              <div className="panel lists-upload">
                <div className="panel-body">
                  <ImportWizard
                    mappable={LEAD_FIELDS}
                    preview={(form) =>
                      unwrap(api.POST('/lists/{id}/imports/preview', { params: { path: { id: listId } }, body: form as never }))
                    }
                    upload={(form) => unwrap(api.POST('/lists/{id}/imports', { params: { path: { id: listId } }, body: form as never }))}
                    undoQuestion={t('lists.imports.undoQuestion')}
                    onChanged={refresh}
                    // The imports below show the new one at once (queued, then its live bar), not only once it settles.
                    onStarted={() => void client.invalidateQueries({ queryKey: ['lists', listId, 'imports'] })}
                  />
                </div>
              </div>

              <Panel title={t('lists.list.imports')} id="imports">
                <QueryState query={imports} isEmpty={(views) => views.length === 0} empty={t('lists.list.noImports')}>
                  {(views) => (
                    <table className="data" data-testid="imports">
                      <thead>
                        <tr>
                          <th scope="col">{t('lists.imports.file')}</th>
                          <th scope="col">{t('lists.imports.state')}</th>
                          <th scope="col">{t('lists.imports.counts')}</th>
                          <th scope="col">{t('lists.imports.started')}</th>
                          <th scope="col">{t('lists.imports.actions')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {views.map((view) => (
                          <tr key={view.id} data-import={view.id} data-state={view.state}>
                            <td>{view.fileName}</td>
                            <td>{t(`lists.imports.states.${view.state}`)}</td>
                            <td className="lists-import-progress">
                              {isActive(view.state) ? (
                                <ProgressBar value={view.progress} max={100} label={t('lists.imports.progressLabel', { file: view.fileName })} />
                              ) : (
                                <>
                                  <ImportCounts view={view} />
                                  {view.error && <p className="field-error">{errorText(view.error)}</p>}
                                </>
                              )}
                            </td>
                            <td>{formatDateTime(view.createdAt, language)}</td>
                            <td>{!isActive(view.state) && <ImportActions view={view} undoQuestion={t('lists.imports.undoQuestion')} onUndone={refresh} />}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </QueryState>
              </Panel>

              <Panel title={t('lists.list.search')} id="lead-search">
                <LeadSearch listId={listId} />
              </Panel>
            </>
          )}
        </QueryState>
      )}
    </Page>
  );
}
