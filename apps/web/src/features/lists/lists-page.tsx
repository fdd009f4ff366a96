import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldErrors } from '../../ui/field-errors';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/page';
import { Panel } from '../../ui/panel';
import { QueryState } from '../../ui/query-state';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import { LeadSearch } from './lead-search';
import { DEDUPE_SCOPES, defaultCountryFor, LEAD_STATUSES, LeadList } from './list-types';

/** Every list with its leads by status; a new list; a lead search over all lists. */
export function ListsPage() {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const [creating, setCreating] = useState(false);
  const lists = useQuery({ queryKey: ['lists'], queryFn: () => unwrap(api.GET('/lists')) });
  const n = (value: number) => value.toLocaleString(i18n.resolvedLanguage);
  return (
    <Page
      title={t('lists.title')}
      actions={
        <button type="button" className="primary" aria-expanded={creating} onClick={() => setCreating(!creating)}>
          {t('lists.create.open')}
        </button>
      }
    >
      {creating && <CreateListForm onCancel={() => setCreating(false)} />}
      <QueryState query={lists} isEmpty={(data) => data.length === 0} empty={t('lists.none')}>
        {(data) => (
          <table className="data" data-testid="lists">
            <thead>
              <tr>
                <th scope="col">{t('lists.columns.name')}</th>
                <th scope="col">{t('lists.columns.country')}</th>
                <th scope="col" className="num">
                  {t('lists.columns.rows')}
                </th>
                {LEAD_STATUSES.map((status) => (
                  <th scope="col" className="num" key={status}>
                    {t(`lists.status.${status}`)}
                  </th>
                ))}
                <th scope="col">{t('lists.columns.created')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((list) => (
                <tr key={list.id} data-list={list.id}>
                  <td>
                    <Link to={list.id}>{list.name}</Link>
                  </td>
                  <td>{list.defaultCountry}</td>
                  <td className="num">{n(list.leadCount)}</td>
                  {LEAD_STATUSES.map((status) => (
                    <td className="num" key={status} data-status={status}>
                      {n(list.statusCounts[status])}
                    </td>
                  ))}
                  <td>{formatDateTime(list.createdAt, i18n.resolvedLanguage ?? 'en')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <Panel title={t('lists.list.search')} id="lead-search">
        <LeadSearch />
      </Panel>
    </Page>
  );
}

function CreateListForm({ onCancel }: { onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  // Preset from the page's language (and the browser's region), not JP for everyone: an English page's user gets US (or en-GB's GB).
  const [form, setForm] = useState(() => ({
    name: '',
    description: '',
    defaultCountry: defaultCountryFor(i18n.resolvedLanguage ?? i18n.language, typeof navigator === 'undefined' ? [] : navigator.languages),
    dedupeScope: 'list' as LeadList['dedupeScope'],
  }));
  const create = useSingleFlightMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/lists', {
          body: { name: form.name, description: form.description || undefined, defaultCountry: form.defaultCountry.trim(), dedupeScope: form.dedupeScope },
        }),
      ),
    onSuccess: async (list) => {
      await client.invalidateQueries({ queryKey: ['lists'] });
      void navigate(list.id);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const problem = useFieldErrors(create.error);
  return (
    <form className="panel lists-create" onSubmit={submit} aria-labelledby="create-list-title">
      <div className="panel-body">
        <h2 id="create-list-title">{t('lists.create.title')}</h2>
        <label>
          {t('lists.create.name')}
          <input name="name" {...problem('name').control} required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} autoFocus />
        </label>
        {problem('name').message}
        <label>
          {t('lists.create.description')}
          <input name="description" maxLength={2000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </label>
        <div className="row lists-create-row">
          <label>
            {t('lists.create.defaultCountry')}
            <input
              name="defaultCountry"
              {...problem('defaultCountry').control}
              required
              minLength={2}
              maxLength={2}
              value={form.defaultCountry}
              onChange={(e) => setForm({ ...form, defaultCountry: e.target.value.toUpperCase() })}
            />
          </label>
          <label>
            {t('lists.create.dedupeScope')}
            <select name="dedupeScope" value={form.dedupeScope} onChange={(e) => setForm({ ...form, dedupeScope: e.target.value as LeadList['dedupeScope'] })}>
              {DEDUPE_SCOPES.map((scope) => (
                <option key={scope} value={scope}>
                  {t(`lists.create.dedupe.${scope}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {problem('defaultCountry').message}
        <ErrorNotice error={create.error} />
        <div className="row">
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('lists.create.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </form>
  );
}
