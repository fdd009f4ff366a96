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
import { Campaign, Disposition, DISPOSITION_FLAGS, Issue } from './campaign-types';
import { issuesAt } from './settings-draft';

type Flags = Pick<Disposition, (typeof DISPOSITION_FLAGS)[number]>;
const NO_FLAGS: Flags = { isFinal: false, isSuccess: false, isCallback: false, isDnc: false, isContact: false, isRefusal: false };

/** The campaign's disposition codes: their labels and flags (each change saved at once), new codes, removal. */
export function DispositionsEditor({ campaign, problems }: { campaign: Campaign; problems: Issue[] }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const path = { id: campaign.id };
  const codes = useQuery({ queryKey: ['campaigns', campaign.id, 'dispositions'] as const, queryFn: () => unwrap(api.GET('/campaigns/{id}/dispositions', { params: { path } })) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['campaigns', campaign.id] });
  const codesKey = ['campaigns', campaign.id, 'dispositions'];
  const change = useSingleFlightMutation({
    mutationFn: ({ code, ...body }: Partial<Disposition> & { code: string }) => unwrap(api.PATCH('/campaigns/{id}/dispositions/{code}', { params: { path: { ...path, code } }, body })),
    // The box shows the change at once; a refusal puts back what the api holds (onSettled refetches).
    onMutate: ({ code, ...patch }) => queryClient.setQueryData<Disposition[]>(codesKey, (rows) => rows?.map((row) => (row.code === code ? { ...row, ...patch } : row))),
    onSettled: refresh,
  });
  const remove = useSingleFlightMutation({
    mutationFn: (code: string) => unwrap(api.DELETE('/campaigns/{id}/dispositions/{code}', { params: { path: { ...path, code } } })),
    onSettled: refresh,
  });
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [flags, setFlags] = useState<Flags>(NO_FLAGS);
  const add = useSingleFlightMutation({
    mutationFn: () => unwrap(api.POST('/campaigns/{id}/dispositions', { params: { path }, body: { code, label, ...flags } })),
    onSuccess: async () => {
      setCode('');
      setLabel('');
      setFlags(NO_FLAGS);
      await refresh();
    },
  });
  const problem = useFieldErrors(add.error);
  const issueText = useIssueText();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };

  return (
    <div>
      {issuesAt(problems, 'dispositions').map((issue) => (
        <p key={issue.code} className="field-error" data-readiness={issue.code}>
          {issueText(issue)}
        </p>
      ))}
      <ErrorNotice error={change.error ?? remove.error} />
      <QueryState query={codes} isEmpty={(rows) => rows.length === 0} empty={t('campaigns.dispositions.empty')}>
        {(rows) => (
          <table className="data cmp-dispositions">
            <caption className="cmp-sr-only">{t('campaigns.tabs.dispositions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.dispositions.code')}</th>
                <th scope="col">{t('campaigns.dispositions.label')}</th>
                {DISPOSITION_FLAGS.map((flag) => (
                  <th scope="col" key={flag} title={t(`campaigns.dispositions.flagHints.${flag}`)}>
                    {t(`campaigns.dispositions.flags.${flag}`)}
                  </th>
                ))}
                <th scope="col">
                  <span className="cmp-sr-only">{t('campaigns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.code} data-code={row.code}>
                  <td>
                    <code>{row.code}</code>
                  </td>
                  <td>
                    <input
                      aria-label={t('campaigns.dispositions.labelOf', { code: row.code })}
                      defaultValue={row.label}
                      maxLength={100}
                      onBlur={(event) => event.target.value && event.target.value !== row.label && change.mutate({ code: row.code, label: event.target.value })}
                    />
                  </td>
                  {DISPOSITION_FLAGS.map((flag) => (
                    <td key={flag}>
                      <input
                        type="checkbox"
                        aria-label={t('campaigns.dispositions.flagOf', { code: row.code, flag: t(`campaigns.dispositions.flags.${flag}`) })}
                        checked={row[flag]}
                        disabled={change.isPending}
                        onChange={(event) => change.mutate({ code: row.code, [flag]: event.target.checked })}
                      />
                    </td>
                  ))}
                  <td>
                    <ConfirmButton label={t('campaigns.remove')} question={t('campaigns.dispositions.removeQuestion', { code: row.code })} onConfirm={() => remove.mutate(row.code)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <form className="cmp-section" onSubmit={submit} aria-label={t('campaigns.dispositions.add')}>
        <h3 className="cmp-label">{t('campaigns.dispositions.add')}</h3>
        <div className="row">
          <label>
            {t('campaigns.dispositions.code')}
            <input name="code" {...problem('code').control} required pattern="[A-Z][A-Z0-9_]{0,39}" value={code} onChange={(event) => setCode(event.target.value.toUpperCase())} />
            {problem('code').message}
          </label>
          <label>
            {t('campaigns.dispositions.label')}
            <input name="label" {...problem('label').control} required maxLength={100} value={label} onChange={(event) => setLabel(event.target.value)} />
            {problem('label').message}
          </label>
          {DISPOSITION_FLAGS.map((flag) => (
            <label key={flag} className="check">
              <input type="checkbox" name={flag} checked={flags[flag]} onChange={(event) => setFlags({ ...flags, [flag]: event.target.checked })} />
              {t(`campaigns.dispositions.flags.${flag}`)}
            </label>
          ))}
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('campaigns.dispositions.addButton')}
          </button>
        </div>
        <p className="hint">{t('campaigns.dispositions.codeHint')}</p>
        <ErrorNotice error={add.error} />
      </form>
    </div>
  );
}
