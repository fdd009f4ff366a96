import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { Pager } from '../../ui/pager';
import { QueryState } from '../../ui/query-state';
import { searchOf, SEARCH_MAX } from './lead-search-query';
import { leadName } from './list-types';

const PAGE = 25;
/** Search leads by number (any format), name or account id — in one list or all — and open one. */
export function LeadSearch({ listId }: { listId?: string }) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const inputId = useId();
  // The search lives in the address (?q=&offset=): back from a lead returns to the same results, and a link to them works.
  const [params, setParams] = useSearchParams();
  const search = searchOf(params);
  const [typed, setTyped] = useState(search?.q ?? '');
  // Back and forward change the address: the field shows the search they return to.
  useEffect(() => setTyped(search?.q ?? ''), [search?.q]);
  const setSearch = (next: { q: string; offset: number }) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set('q', next.q);
        if (next.offset > 0) updated.set('offset', String(next.offset));
        else updated.delete('offset');
        return updated;
      }
    );
  const results = useQuery({
    queryKey: ['leads', { listId, ...search }],
    queryFn: () => unwrap(api.GET('/leads', { params: { query: { q: search!.q, listId, limit: PAGE, offset: search!.offset } } })),
    enabled: search !== null,
    placeholderData: keepPreviousData,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ q: typed.trim(), offset: 0 });
  };
  return (
    <div className="lists-search">
      <form role="search" className="row lists-search-form" onSubmit={submit}>
        <label htmlFor={inputId} className="lists-search-label">
          {t('lists.search.label')}
        </label>
        <input id={inputId} name="q" type="search" maxLength={SEARCH_MAX} value={typed} onChange={(e) => setTyped(e.target.value)} aria-describedby={`${inputId}-hint`} />
        <button type="submit" className="primary">
          {t('lists.search.submit')}
        </button>
      </form>
      <p className="hint" id={`${inputId}-hint`}>
        {t('lists.search.hint')}
      </p>
      {search && (
        <QueryState query={results} isEmpty={(data) => data.leads.length === 0} empty={t('lists.search.none')}>
          {(data) => (
            <>
              <table className="data" data-testid="lead-results">
                <thead>
                  <tr>
                    <th scope="col">{t('lists.search.phone')}</th>
                    <th scope="col">{t('lists.search.name')}</th>
                    <th scope="col">{t('lists.search.externalId')}</th>
                    {!listId && <th scope="col">{t('lists.search.list')}</th>}
                    <th scope="col">{t('lists.search.status')}</th>
                    <th scope="col" className="num">
                      {t('lists.search.attempts')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.leads.map((lead) => (
                    <tr key={lead.id} data-lead={lead.id}>
                      <td>
                        <Link to={`/console/lists/leads/${lead.id}`} aria-label={t('lists.search.open', { phone: lead.phone })}>
                          {lead.phone}
                        </Link>
                      </td>
                      <td>{leadName(lead, i18n.resolvedLanguage)}</td>
                      <td>{lead.externalId ?? ''}</td>
                      {!listId && <td>{lead.listName}</td>}
                      <td>
                        {t(`lists.status.${lead.status}`, { defaultValue: lead.status })}
                        {lead.blockedReason && <span className="muted"> ({t(`lists.blockedReason.${lead.blockedReason}`, { defaultValue: lead.blockedReason })})</span>}
                      </td>
                      <td className="num">{lead.attemptCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager offset={data.offset} limit={data.limit} shown={data.leads.length} total={data.total} onChange={(offset) => setSearch({ ...search!, offset })} />
            </>
          )}
        </QueryState>
      )}
    </div>
  );
}
