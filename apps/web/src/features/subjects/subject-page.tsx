import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../app/session';
import { Banner } from '../../ui/banner';
import { ConfirmButton } from '../../ui/confirm-button';
import { downloadFile } from '../../ui/download';
import { ErrorNotice } from '../../ui/error-notice';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { QueryState } from '../../ui/query-state';
import { queryString } from '../../ui/query-string';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import { shown } from './held-value';

type SubjectData = components['schemas']['SubjectDataView'];
type Section = Exclude<keyof SubjectData, 'phone'>;
type Row = Record<string, unknown>;

/** Each kind of record held, with the columns that say what it is; every field is one click away. */
const SECTIONS: { key: Section; columns: string[] }[] = [
  { key: 'leads', columns: ['list_name', 'last_name', 'first_name', 'email', 'external_id', 'status', 'attempt_count', 'created_at'] },
  { key: 'attempts', columns: ['created_at', 'campaign_name', 'outcome', 'disposition_code', 'duration_sec'] },
  { key: 'surveyAnswers', columns: ['answered_at', 'question_id', 'answer'] },
  { key: 'consents', columns: ['type', 'granted_at', 'revoked_at', 'source'] },
  { key: 'revocations', columns: ['received_at', 'channel', 'content', 'honoured_at'] },
  { key: 'dncEntries', columns: ['scope', 'source', 'reason', 'created_at'] },
  { key: 'recordings', columns: ['attempt_id', 'recording_sid', 'recording_url'] },
];

function HeldSection({ section, rows }: { section: (typeof SECTIONS)[number]; rows: Row[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  // A lead's status in words (a code the page does not know shows as stored); every other value as held.
  const cell = (column: string, value: unknown) =>
    section.key === 'leads' && column === 'status' && typeof value === 'string' ? t(`subjects.leadStatus.${value}`, { defaultValue: value }) : shown(column, value, language);
  return (
    <section className="cx-held" data-section={section.key} data-count={rows.length}>
      <h3>
        {t(`subjects.sections.${section.key}`)} <span className="muted">({t('subjects.count', { count: rows.length })})</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted">{t('subjects.none')}</p>
      ) : (
        <div className="cx-scroll">
          <table className="data">
            <thead>
              <tr>
                {section.columns.map((column) => (
                  <th key={column}>{t(`subjects.fields.${column}`)}</th>
                ))}
                <th>{t('subjects.allFields')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={String(row.id ?? row.attempt_id ?? index) + index}>
                  {section.columns.map((column) => (
                    <td key={column}>{cell(column, row[column])}</td>
                  ))}
                  <td>
                    <details>
                      <summary>{t('subjects.allFields')}</summary>
                      <pre className="cx-data">{Object.entries(row).map(([key, value]) => `${key}: ${shown(key, value, language)}`).join('\n')}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Erasure: what goes, what the law keeps and why, asked twice. */
function Erase({ phone, country }: { phone: string; country: string }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const erase = useSingleFlightMutation({
    mutationFn: () => unwrap(api.POST('/subjects/{phone}/erase', { params: { path: { phone }, query: { country: country || undefined } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['subjects'] }),
  });
  return (
    <div data-testid="subject-erase">
      <h3>{t('subjects.willErase')}</h3>
      <ul className="cx-kept">
        <li>{t('subjects.erasedList.leads')}</li>
        <li>{t('subjects.erasedList.attempts')}</li>
      </ul>
      <h3>{t('subjects.willKeep')}</h3>
      <ul className="cx-kept">
        <li>{t('subjects.keptList.dnc')}</li>
        <li>{t('subjects.keptList.consents')}</li>
        <li>{t('subjects.keptList.attempts')}</li>
      </ul>
      {erase.isSuccess && (
        <Banner tone="info">
          {t('subjects.erased', { leads: erase.data.leadsErased, attempts: erase.data.attemptsErased, answers: erase.data.surveyAnswersDeleted })}
        </Banner>
      )}
      {erase.isError && <ErrorNotice error={erase.error} />}
      <ConfirmButton label={t('subjects.eraseButton')} question={t('subjects.eraseQuestion', { phone })} onConfirm={() => erase.mutate()} disabled={erase.isPending} />
    </div>
  );
}

/** Everything held about one number (the number in the address, `?phone=`): look up, export, erase. */
export function SubjectPage() {
  const { t } = useTranslation();
  const { api, session } = useSession();
  const [params, setParams] = useSearchParams();
  const phone = params.get('phone') ?? '';
  const country = params.get('country') ?? '';
  const [draft, setDraft] = useState({ phone, country });
  const data = useQuery({
    queryKey: ['subjects', phone, country],
    queryFn: () => unwrap(api.GET('/subjects/{phone}', { params: { path: { phone }, query: { country: country || undefined } } })),
    enabled: phone !== '',
  });
  const held = data.data;
  const exportFile = useSingleFlightMutation({
    mutationFn: () => downloadFile(`/subjects/${encodeURIComponent(held!.phone)}/export${queryString({ country })}`, session!.accessToken, 'subject.json'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { phone: draft.phone.trim(), country: draft.country.trim().toUpperCase() };
    setParams(next.phone ? { phone: next.phone, ...(next.country ? { country: next.country } : {}) } : {});
  };
  const total = held ? SECTIONS.reduce((sum, section) => sum + held[section.key].length, 0) : 0;

  return (
    <Page
      title={t('subjects.title')}
      actions={
        held && (
          <button type="button" onClick={() => exportFile.mutate()} disabled={exportFile.isPending} data-testid="subject-export">
            {t('subjects.export')}
          </button>
        )
      }
    >
      <div className="cx-stack">
        {exportFile.isError && <ErrorNotice error={exportFile.error} />}
        <Panel title={t('subjects.lookup')} id="cx-subject-lookup">
          <form className="cx-inline" onSubmit={submit} aria-label={t('subjects.lookup')} data-testid="subject-lookup">
            <label>
              {t('subjects.phone')}
              <input name="phone" required maxLength={40} value={draft.phone} onChange={(event) => setDraft({ ...draft, phone: event.target.value })} />
            </label>
            <label>
              {t('subjects.country')}
              <input name="country" maxLength={2} placeholder="JP" value={draft.country} onChange={(event) => setDraft({ ...draft, country: event.target.value })} />
            </label>
            <button type="submit" className="primary">
              {t('subjects.lookupButton')}
            </button>
          </form>
          <p className="hint">{t('subjects.phoneHint')}</p>
        </Panel>
        {phone === '' ? (
          <p className="empty">{t('subjects.lookupFirst')}</p>
        ) : (
          <QueryState query={data}>
            {(result) => (
              <>
                <Panel title={t('subjects.heldAbout', { phone: result.phone })} id="cx-subject-held">
                  {total === 0 && <p className="empty">{t('subjects.nothingHeld')}</p>}
                  {SECTIONS.map((section) => (
                    <HeldSection key={section.key} section={section} rows={result[section.key]} />
                  ))}
                </Panel>
                <Panel title={t('subjects.eraseTitle')} id="cx-subject-erase">
                  <Erase phone={result.phone} country="" />
                </Panel>
              </>
            )}
          </QueryState>
        )}
      </div>
    </Page>
  );
}
