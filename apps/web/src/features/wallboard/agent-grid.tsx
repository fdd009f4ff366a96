import type { DeskPresence } from '@dialer/desk-events';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorNotice } from '../../ui/error-notice';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import { MonitorButtons, MonitoringBar, useMonitoring } from './monitoring';

const BUSY = ['reserved', 'on_call', 'wrap_up'];
type Action = 'pause' | 'sign-out' | 'sign-out-after-call';

/**
 * The floor's agents: state, reason, time in state, the current call's
 * duration, and what a supervisor may do about each: pause, sign out, and
 * for an agent on a call, monitor it (listen, whisper, barge), with the
 * monitoring bar above the grid to switch mode or stop.
 */
export function AgentGrid({ agents, campaignNames }: { agents: DeskPresence[]; campaignNames: Map<string, string> | null }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const now = useNow(1000);
  const [done, setDone] = useState<string | null>(null);
  const act = useSingleFlightMutation({
    mutationFn: async ({ agent, action }: { agent: DeskPresence; action: Action }) => {
      const params = { path: { id: agent.agentId } };
      if (action === 'pause') return unwrap(api.POST('/agents/{id}/pause', { params, body: { reason: 'supervisor' } }));
      if (action === 'sign-out') return unwrap(api.POST('/agents/{id}/sign-out', { params }));
      return unwrap(api.POST('/agents/{id}/sign-out-after-call', { params }));
    },
    // The grid itself moves with the socket's push; this line says the act went through.
    onSuccess: (presence) => setDone(t('wallboard.grid.done', { name: presence.name, state: t(`wallboard.grid.states.${presence.state}`) })),
    onMutate: () => setDone(null),
  });
  const monitoring = useMonitoring(agents);
  const reason = (code: string) => t(`wallboard.grid.reasons.${code}`, { defaultValue: code });

  if (agents.length === 0) return <p className="empty">{t('wallboard.grid.empty')}</p>;
  return (
    <>
      <MonitoringBar agents={agents} monitoring={monitoring} />
      {act.isError && <ErrorNotice error={act.error} />}
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      {/* A narrow screen scrolls the grid, not the page. */}
      <div className="wb-grid-scroll">
        <table className="data wb-grid">
          <thead>
            <tr>
              <th scope="col">{t('wallboard.grid.name')}</th>
              {campaignNames && <th scope="col">{t('wallboard.grid.campaign')}</th>}
              <th scope="col">{t('wallboard.grid.state')}</th>
              <th scope="col">{t('wallboard.grid.reason')}</th>
              <th scope="col" className="num">{t('wallboard.grid.inState')}</th>
              <th scope="col" className="num">{t('wallboard.grid.call')}</th>
              <th scope="col">{t('wallboard.grid.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => {
              const busy = BUSY.includes(agent.state);
              const pending = act.isPending && act.variables?.agent.agentId === agent.agentId;
              return (
                <tr key={agent.agentId} data-agent={agent.agentId}>
                  <th scope="row">{agent.name}</th>
                  {campaignNames && <td>{(agent.campaignId && campaignNames.get(agent.campaignId)) ?? '—'}</td>}
                  <td className={`wb-state wb-state-${agent.state}`}>{t(`wallboard.grid.states.${agent.state}`)}</td>
                  <td className="wb-reason">
                    {agent.state === 'paused' && agent.pauseReason ? reason(agent.pauseReason) : ''}
                    {agent.pauseAfterCall ? t('wallboard.grid.pauseAfterCall', { reason: reason(agent.pauseAfterCall) }) : ''}
                  </td>
                  <td className="num">{formatDuration(now - agent.sinceMs)}</td>
                  <td className="num">{agent.state === 'on_call' ? formatDuration(now - agent.sinceMs) : '—'}</td>
                  <td>
                    <span className="wb-actions">
                      <ConfirmButton
                        tone="primary"
                        label={t('wallboard.grid.pause')}
                        question={t('wallboard.grid.pauseQuestion', { name: agent.name })}
                        disabled={pending || agent.state === 'paused' || agent.pauseAfterCall !== null}
                        onConfirm={() => act.mutate({ agent, action: 'pause' })}
                      />
                      {busy ? (
                        <ConfirmButton
                          label={t('wallboard.grid.signOutAfterCall')}
                          question={t('wallboard.grid.signOutAfterCallQuestion', { name: agent.name })}
                          disabled={pending || agent.pauseAfterCall === 'signed_out'}
                          onConfirm={() => act.mutate({ agent, action: 'sign-out-after-call' })}
                        />
                      ) : (
                        <ConfirmButton
                          label={t('wallboard.grid.signOut')}
                          question={t('wallboard.grid.signOutQuestion', { name: agent.name })}
                          disabled={pending}
                          onConfirm={() => act.mutate({ agent, action: 'sign-out' })}
                        />
                      )}
                      <MonitorButtons agent={agent} monitoring={monitoring} />
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
