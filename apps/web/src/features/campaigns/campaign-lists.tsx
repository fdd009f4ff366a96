import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorNotice } from '../../ui/error-notice';
import { useFieldErrors, useIssueText } from '../../ui/field-errors';
import { QueryState } from '../../ui/query-state';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import type { AttachedList, Campaign, Issue } from './campaign-types';
import { issuesAt } from './settings-draft';

/** What this page needs of GET /lists (the route documents no response yet: the lists section owns it). */

/** One attached list: its priority, weight and active flag, saved together; detach asks twice. */
function AttachedRow({ campaign, row }: { campaign: Campaign; row: AttachedList }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [priority, setPriority] = useState(String(row.priority));
  const [weight, setWeight] = useState(String(row.weight));
  const [active, setActive] = useState(row.active);
  const path = { id: campaign.id, listId: row.listId };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['campaigns', campaign.id] });
  const save = useSingleFlightMutation({
    mutationFn: () => unwrap(api.PUT('/campaigns/{id}/lists/{listId}', { params: { path }, body: { priority: Number(priority), weight: Number(weight), active } })),
    onSuccess: refresh,
  });
  const detach = useSingleFlightMutation({ mutationFn: () => unwrap(api.DELETE('/campaigns/{id}/lists/{listId}', { params: { path } })), onSuccess: refresh });
  const problem = useFieldErrors(save.error);
  const changed = priority !== String(row.priority) || weight !== String(row.weight) || active !== row.active;
  return (
    <tr data-list={row.listId}>
      <td>{row.name}</td>
      <td className="num">
        <input type="number" min={0} max={1000} aria-label={t('campaigns.lists.priorityOf', { name: row.name })} {...problem('priority').control} value={priority} onChange={(event) => setPriority(event.target.value)} />
        {problem('priority').message}
      </td>
      <td className="num">
        <input type="number" min={1} max={100} aria-label={t('campaigns.lists.weightOf', { name: row.name })} {...problem('weight').control} value={weight} onChange={(event) => setWeight(event.target.value)} />
        {problem('weight').message}
      </td>
      <td>
        <input type="checkbox" aria-label={t('campaigns.lists.activeOf', { name: row.name })} checked={active} onChange={(event) => setActive(event.target.checked)} />
      </td>
      <td>
        <div className="row">
          <button type="button" className="primary" disabled={!changed || save.isPending} onClick={() => save.mutate()}>
            {t('campaigns.save')}
          </button>
          <ConfirmButton label={t('campaigns.lists.detach')} question={t('campaigns.lists.detachQuestion', { name: row.name })} onConfirm={() => detach.mutate()} />
        </div>
        <ErrorNotice error={save.error ?? detach.error} />
      </td>
    </tr>
  );
}

/** The lead lists a campaign dials, with priority (lower first) and weight (share among equals); attach another. */
export function CampaignLists({ campaign, problems, warnings }: { campaign: Campaign; problems: Issue[]; warnings: Issue[] }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const attached = useQuery({ queryKey: ['campaigns', campaign.id, 'lists'], queryFn: () => unwrap(api.GET('/campaigns/{id}/lists', { params: { path: { id: campaign.id } } })) });
  const all = useQuery({ queryKey: ['lists', 'choices'], queryFn: async () => (await unwrap(api.GET('/lists'))) });
  const [listId, setListId] = useState('');
  const [priority, setPriority] = useState('0');
  const [weight, setWeight] = useState('1');
  const attach = useSingleFlightMutation({
    mutationFn: () => unwrap(api.PUT('/campaigns/{id}/lists/{listId}', { params: { path: { id: campaign.id, listId } }, body: { priority: Number(priority), weight: Number(weight) } })),
    onSuccess: async () => {
      setListId('');
      await queryClient.invalidateQueries({ queryKey: ['campaigns', campaign.id] });
    },
  });
  const attachProblem = useFieldErrors(attach.error);
  const issueText = useIssueText();
  const taken = new Set((attached.data ?? []).map((row) => row.listId));
  const choices = (all.data ?? []).filter((list) => !taken.has(list.id));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    attach.mutate();
  };
  return (
    <div>
      {[...issuesAt(problems, 'lists'), ...issuesAt(warnings, 'lists')].map((issue) => (
        <p key={issue.code} className={problems.includes(issue) ? 'field-error' : 'warn'} data-readiness={issue.code}>
          {issueText(issue)}
        </p>
      ))}
      <QueryState query={attached} isEmpty={(rows) => rows.length === 0} empty={t('campaigns.lists.empty')}>
        {(rows) => (
          <table className="data cmp-lists">
            <caption className="cmp-sr-only">{t('campaigns.tabs.lists')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.lists.name')}</th>
                <th scope="col" className="num">
                  {t('campaigns.lists.priority')}
                </th>
                <th scope="col" className="num">
                  {t('campaigns.lists.weight')}
                </th>
                <th scope="col">{t('campaigns.lists.active')}</th>
                <th scope="col">
                  <span className="cmp-sr-only">{t('campaigns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...rows]
                .sort((a, b) => a.priority - b.priority || b.weight - a.weight)
                .map((row) => (
                  <AttachedRow key={`${row.listId}-${row.priority}-${row.weight}-${row.active}`} campaign={campaign} row={row} />
                ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <p className="hint">{t('campaigns.lists.hint')}</p>
      <form className="cmp-section" onSubmit={submit} aria-label={t('campaigns.lists.attach')}>
        <h3 className="cmp-label">{t('campaigns.lists.attach')}</h3>
        {all.isError && <ErrorNotice error={all.error} onRetry={() => void all.refetch()} />}
        <div className="row">
          <label>
            {t('campaigns.lists.list')}
            <select name="listId" required value={listId} onChange={(event) => setListId(event.target.value)}>
              <option value="">{all.isPending ? t('common.loading') : choices.length === 0 ? t('campaigns.lists.noneLeft') : t('campaigns.lists.choose')}</option>
              {choices.map((list) => (
                <option key={list.id} value={list.id}>
                  {list.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('campaigns.lists.priority')}
            <input type="number" name="priority" {...attachProblem('priority').control} min={0} max={1000} value={priority} onChange={(event) => setPriority(event.target.value)} />
            {attachProblem('priority').message}
          </label>
          <label>
            {t('campaigns.lists.weight')}
            <input type="number" name="weight" {...attachProblem('weight').control} min={1} max={100} value={weight} onChange={(event) => setWeight(event.target.value)} />
            {attachProblem('weight').message}
          </label>
          <button type="submit" className="primary" disabled={!listId || attach.isPending}>
            {t('campaigns.lists.attachButton')}
          </button>
        </div>
        <ErrorNotice error={attach.error} />
      </form>
    </div>
  );
}
