import type { DeskPresence } from '@dialer/desk-events';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorNotice } from '../../ui/error-notice';
import { connectTwilioLeg, MicrophoneRefusedError, PhoneLeg } from '../../ui/twilio-phone';
import { useSingleFlightMutation } from '../../ui/use-single-flight';

type Monitoring = components['schemas']['MonitoringDto'];
export type MonitorMode = Monitoring['mode'];
export const MONITOR_MODES: readonly MonitorMode[] = ['listen', 'whisper', 'barge'];

type Monitored = Pick<DeskPresence, 'agentId' | 'name'>;
type Act = { agent: Monitored; mode: MonitorMode } | { agent: Monitored; mode: null };

/** A refusal the browser itself makes (no microphone), shown like the api's, by its code. */
const audioRefused = (message: string) => ({ code: 'SUPERVISOR_AUDIO_UNAVAILABLE', message });

/**
 * The supervisor's call monitoring: one call at a time. Start (listen,
 * whisper or barge), switch mode, stop; with real Twilio the browser's Voice
 * SDK is the supervisor's leg. When the monitored agent is no longer on the
 * call, the leg has ended with it (the api hangs it up): the bar goes.
 */
export function useMonitoring(agents: DeskPresence[]) {
  const { api } = useSession();
  const [session, setSession] = useState<{ monitoring: Monitoring; name: string } | null>(null);
  const [endedWith, setEndedWith] = useState<string | null>(null);
  const leg = useRef<PhoneLeg | null>(null);
  const hangUp = () => {
    leg.current?.disconnect();
    leg.current = null;
  };
  // What is monitored now, for leaving the wallboard (the cleanup sees no later state).
  const current = useRef<Monitoring | null>(null);
  current.current = session?.monitoring ?? null;
  const names = useRef(agents);
  names.current = agents;
  const client = useRef(api);
  client.current = api;

  // A reloaded tab (or a wallboard mounted again) finds the monitoring in force: its bar comes back, to switch or stop.
  useEffect(() => {
    let live = true;
    Promise.resolve()
      .then(() => unwrap(api.GET('/agents/monitoring/mine')))
      .then(({ monitoring }) => {
        if (!live || !monitoring) return;
        const name = names.current.find((agent) => agent.agentId === monitoring.agentId)?.name ?? '';
        setSession((known) => known ?? { monitoring, name });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);

  const act = useSingleFlightMutation({
    mutationFn: async ({ agent, mode }: Act): Promise<Monitoring | null> => {
      const params = { path: { id: agent.agentId } };
      if (mode === null) {
        await unwrap(api.DELETE('/agents/{id}/monitoring', { params }));
        hangUp();
        return null;
      }
      if (session?.monitoring.agentId === agent.agentId) return unwrap(api.PATCH('/agents/{id}/monitoring', { params, body: { mode } }));
      const started = await unwrap(api.POST('/agents/{id}/monitoring', { params, body: { mode } }));
      if (started.audio === 'twilio' && started.token) {
        try {
          leg.current = await connectTwilioLeg(started.token, () => (leg.current = null), { monitor: agent.agentId });
        } catch (failure) {
          // The claim on the call is let go: another supervisor may listen.
          await unwrap(api.DELETE('/agents/{id}/monitoring', { params })).catch(() => undefined);
          throw audioRefused(failure instanceof MicrophoneRefusedError ? 'The browser may not use the microphone' : (failure as Error).message);
        }
      }
      return started;
    },
    onMutate: () => setEndedWith(null),
    onSuccess: (monitoring, { agent }) => setSession(monitoring ? { monitoring, name: agent.name } : null),
    // The api no longer knows this monitoring (the leg dropped, the call ended meanwhile): the bar goes, the refusal says why.
    onError: (failure) => {
      if ((failure as { code?: string }).code !== 'NOT_MONITORING') return;
      hangUp();
      setSession(null);
    },
  });

  const monitored = session ? agents.find((agent) => agent.agentId === session.monitoring.agentId) : undefined;
  // An agent out of the grid's view (another campaign picked) is not a call over: the bar stays.
  const callOver = session !== null && monitored !== undefined && (monitored.state !== 'on_call' || monitored.attemptId !== session.monitoring.attemptId);
  useEffect(() => {
    if (!callOver) return;
    hangUp();
    setEndedWith(session.name);
    setSession(null);
  }, [callOver, session]);
  // A name restored before the grid had the agent.
  useEffect(() => {
    if (session && !session.name && monitored) setSession({ ...session, name: monitored.name });
  }, [session, monitored]);
  // Leaving the wallboard stops the monitoring through the api (the leg hung up there too), not only the browser's leg.
  useEffect(
    () => () => {
      const left = current.current;
      hangUp();
      if (left) void Promise.resolve(client.current.DELETE('/agents/{id}/monitoring', { params: { path: { id: left.agentId } } })).catch(() => undefined);
    },
    [],
  );

  return { session, endedWith, act };
}

/** The three ways in, for an agent on a call; the pressed one is the mode in force. */
export function MonitorButtons({ agent, monitoring }: { agent: DeskPresence; monitoring: ReturnType<typeof useMonitoring> }) {
  const { t } = useTranslation();
  const { session, act } = monitoring;
  if (agent.state !== 'on_call') return null;
  const mine = session?.monitoring.agentId === agent.agentId;
  return (
    <span className="wb-monitor" role="group" aria-label={t('wallboard.monitor.group', { name: agent.name })}>
      {MONITOR_MODES.map((mode) => (
        <button
          key={mode}
          type="button"
          aria-pressed={mine && session?.monitoring.mode === mode}
          // One call at a time: the supervisor's browser holds one leg.
          disabled={act.isPending || (session !== null && !mine)}
          onClick={() => act.mutate({ agent, mode })}
        >
          {t(`wallboard.monitor.${mode}`)}
        </button>
      ))}
    </span>
  );
}

/** Who is monitored, in which mode; switch or stop. */
export function MonitoringBar({ agents, monitoring }: { agents: DeskPresence[]; monitoring: ReturnType<typeof useMonitoring> }) {
  const { t } = useTranslation();
  const { session, endedWith, act } = monitoring;
  // The bar stays while the agent is out of the grid's view: the supervisor can still switch or stop.
  const agent: Monitored | undefined = session ? (agents.find((a) => a.agentId === session.monitoring.agentId) ?? { agentId: session.monitoring.agentId, name: session.name }) : undefined;
  return (
    <>
      {act.isError && <ErrorNotice error={act.error} />}
      {endedWith && (
        <p className="muted" role="status">
          {t('wallboard.monitor.ended', { name: endedWith })}
        </p>
      )}
      {session && agent && (
        <div className="wb-monitoring" role="region" aria-label={t('wallboard.monitor.title')}>
          <strong role="status">
            {t('wallboard.monitor.now', { name: session.name, mode: t(`wallboard.monitor.modes.${session.monitoring.mode}`) })}
          </strong>
          <span className="wb-monitor">
            {MONITOR_MODES.map((mode) => (
              <button key={mode} type="button" aria-pressed={session.monitoring.mode === mode} disabled={act.isPending || session.monitoring.mode === mode} onClick={() => act.mutate({ agent, mode })}>
                {t(`wallboard.monitor.${mode}`)}
              </button>
            ))}
            <button type="button" className="danger" disabled={act.isPending} onClick={() => act.mutate({ agent, mode: null })}>
              {t('wallboard.monitor.stop')}
            </button>
          </span>
        </div>
      )}
    </>
  );
}
