import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../app/session';
import { Banner } from '../../ui/banner';
import { useErrorText } from '../../ui/error-text';
import { Panel } from '../../ui/panel';
import { DISCLOSURE_ITEMS, DisclosureChecklist } from './disclosure-checklist';
import { DispositionForm, DispositionSubmission } from './disposition-form';
import { KeyboardHelp } from './keyboard-help';
import { DialTarget, ManualDial } from './manual-dial';
import { PreviewCard } from './preview-card';
import { refusalText } from './refusal';
import { ScreenPop } from './screen-pop';
import { AudioStatus, Softphone } from './softphone';
import { PAUSE_REASONS, StateBar } from './state-bar';
import { TodayCounts } from './today-counts';
import { connectTwilioLeg, MicrophoneRefusedError, PhoneLeg } from '../../ui/twilio-phone';
import { useDesk } from './use-desk';
import { WrapUpCountdown } from './wrap-up';

type AgentCampaign = components['schemas']['AgentCampaignDto'];

/** The api's refusals of an outcome that say the agent no longer holds the call: saved already, or not theirs. */
const CALL_GONE = ['DISPOSITION_ALREADY_SET', 'CALL_NOT_YOURS', 'CALL_NOT_FOUND'];

/** How often the api is asked about an emulated audio leg said to be connected: a leg can drop with no state change. */
export const AUDIO_RECHECK_CONNECTED_MS = 15_000;
/** …and about one not connected yet (the leg the agent just connected joins within seconds). */
export const AUDIO_RECHECK_DISCONNECTED_MS = 5_000;

/**
 * When the desk asks the api about the audio leg again. With real Twilio the
 * browser holds the leg and hears it end (never asked again). On the emulator
 * only the api knows: a leg said connected is still checked, at a modest pace,
 * because it may go while nothing else changes (the emulator restarted while
 * the agent was paused), and the desk must then offer to connect it again.
 */
export function audioRecheckMs(status: AudioStatus | undefined): number | false {
  if (status?.mode === 'twilio') return false;
  return status?.connected ? AUDIO_RECHECK_CONNECTED_MS : AUDIO_RECHECK_DISCONNECTED_MS;
}

/** The agent desktop: me and my queue | the callee | the call (UI.md). */
export function AgentDeskPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText({ withOriginal: true });
  const { session, api, expire } = useSession();
  const token = session!.accessToken;
  const desk = useDesk(token, session!.user.userId, expire);
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string>('');
  const [audioError, setAudioError] = useState<string | null>(null);
  const [audioConnecting, setAudioConnecting] = useState(false);
  const [muted, setMuted] = useState(false);
  const [extendError, setExtendError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const leg = useRef<PhoneLeg | null>(null);
  // The page closing (signed out, the sign-in ended, another page) hangs up the browser's audio leg: no call left talking without a desk.
  useEffect(() => () => leg.current?.disconnect(), []);
  const [legConnected, setLegConnected] = useState(false);

  // Looked at again each minute: a campaign started since shows in the join form without a reload.
  const campaigns = useQuery({ queryKey: ['agent', 'campaigns'], queryFn: () => unwrap(api.GET('/agent/campaigns')), refetchInterval: 60_000 });
  // Today's figures, counted again when a call comes and when its outcome is in (here or in another tab).
  const today = useQuery({
    queryKey: ['agent', 'today', desk.call?.pop.attemptId ?? null, desk.call?.savedCode ?? null],
    queryFn: () => unwrap(api.GET('/agent/today', { params: { query: { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone } } })),
    placeholderData: keepPreviousData,
  });
  const audio = useQuery({
    queryKey: ['agent', 'audio'],
    queryFn: () => unwrap(api.GET('/agent/audio')) as Promise<AudioStatus>,
    refetchInterval: (query) => audioRecheckMs(query.state.data),
  });

  // With real Twilio only the browser knows its Voice SDK leg; on the emulator the api asks the emulator.
  const audioStatus: AudioStatus | null = audio.data ? (audio.data.mode === 'twilio' ? { mode: 'twilio', connected: legConnected } : audio.data) : null;
  const presence = desk.presence;
  const campaignId = presence?.campaignId ?? null;
  // Offline still names the campaign last joined (its wallboard hears the leave; an outcome owed there is still
  // taken here), but the agent is on no floor: the join form, not the state bar.
  const joined = presence !== null && campaignId !== null && presence.state !== 'offline';
  const campaign: AgentCampaign | null = campaigns.data?.find((c) => c.id === campaignId) ?? null;
  const call = desk.call;
  const pendingDisposition = call !== null && call.savedCode === null;
  const onCall = presence?.state === 'on_call' || (call !== null && !call.ended && presence?.state !== 'wrap_up');

  useEffect(() => setExtendError(null), [presence?.epoch]);
  // A refusal shown for a call (a hang-up Twilio refused) is about that call: it goes when the call ends or another comes.
  useEffect(() => setActionError(null), [call?.pop.attemptId, call?.ended]);
  // The server pauses the agent itself when their audio leaves the room (no_audio) and when a wrap-up
  // the campaign ends by itself (autoReady) runs out with the outcome owed (after_call_work): those
  // reasons are the system's, which an agent may not pause with.
  // A new state refreshes the audio status: the api pauses an agent whose audio left the room.
  useEffect(() => void queryClient.invalidateQueries({ queryKey: ['agent', 'audio'] }), [presence?.state, queryClient]);

  const readyBlockedBy = !audioStatus?.connected ? t('desk.audio.disconnectedState') : pendingDisposition ? t('desk.disposition.required') : null;
  // The call's own campaign sets its rules (disclosure, calling hours): an outcome owed from another campaign may be
  // recorded after joining this one.
  const callCampaign: AgentCampaign | null = call ? (campaigns.data?.find((c) => c.id === call.pop.campaign.id) ?? null) : null;
  const disclosureNeeded = callCampaign?.jurisdiction === 'JP' && callCampaign.identity !== null;
  const disclosureBlocks = disclosureNeeded && !call?.disclosure.confirmedAt ? t('desk.disclosure.required') : null;

  const connectAudio = useCallback(async () => {
    setAudioError(null);
    setAudioConnecting(true);
    try {
      if (audio.data?.mode === 'twilio') {
        const issued = await unwrap(api.GET('/agent/token'));
        leg.current = await connectTwilioLeg(issued.token, () => {
          leg.current = null;
          setLegConnected(false);
        });
        setLegConnected(true);
      } else {
        await unwrap(api.POST('/agent/audio'));
      }
      desk.clearError(); // a refusal for want of audio (NO_AUDIO) no longer holds
    } catch (failure) {
      setAudioError(failure instanceof MicrophoneRefusedError ? t('desk.audio.micRefused') : t('desk.audio.failed', { message: (failure as Error).message }));
    } finally {
      setAudioConnecting(false);
      await queryClient.invalidateQueries({ queryKey: ['agent', 'audio'] });
    }
  }, [api, audio.data?.mode, queryClient, t, desk.clearError]);

  /** Ready refused (409 NO_AUDIO when the leg dropped unseen): the audio status is asked again, to offer to reconnect. */
  const goReady = async () => {
    if ((await desk.act('ready')) === null) await queryClient.invalidateQueries({ queryKey: ['agent', 'audio'] });
  };

  const disconnectAudio = useCallback(async () => {
    leg.current?.disconnect();
    leg.current = null;
    setLegConnected(false);
    if (audio.data?.mode === 'emulated') await unwrap(api.DELETE('/agent/audio')).catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: ['agent', 'audio'] });
  }, [api, audio.data?.mode, queryClient]);

  const run = async (work: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await work();
    } catch (failure) {
      setActionError(errorText(failure));
    }
  };

  const submitDisposition = async (submission: DispositionSubmission) => {
    if (!call) return;
    const disclosure =
      disclosureNeeded && call.disclosure.confirmedAt ? { disclosure: { items: call.disclosure.items, confirmedAt: call.disclosure.confirmedAt } } : {};
    const { attemptId } = call.pop;
    try {
      await unwrap(api.POST('/agent/calls/{attemptId}/disposition', { params: { path: { attemptId } }, body: { ...submission, ...disclosure } }));
    } catch (failure) {
      if (!(failure instanceof ApiError && CALL_GONE.includes(failure.code))) throw failure;
      // Saved in another tab: the call is done as if saved here. Not this agent's call (any more): it leaves the screen.
      if (failure.code === 'DISPOSITION_ALREADY_SET') desk.outcomeSaved(attemptId, String(failure.details.code ?? submission.code));
      else desk.finishCall();
      return;
    }
    // Paused by the server for after-call work (the wrap-up ran out first), the agent is made ready by it once the outcome is in.
    desk.outcomeSaved(attemptId, submission.code);
  };

  /** More wrap-up time from the server: the countdown follows the deadline it sends back. */
  const extendWrapUp = async () => {
    setExtendError(null);
    try {
      await desk.send('extend_wrap_up');
    } catch (failure) {
      setExtendError((failure as Error).message);
    }
  };

  const manualDial = async (target: DialTarget): Promise<string | null> => {
    try {
      await unwrap(api.POST('/agent/dial', { body: target }));
      return null;
    } catch (failure) {
      return refusalText(failure, t, i18n.language);
    }
  };

  return (
    <main id="main" className="desk">
      {!desk.connected && <Banner tone="warning">{t('desk.offline')}</Banner>}
      {(desk.error || actionError) && <Banner tone="error">{desk.error ?? actionError}</Banner>}
      {desk.connected && desk.back?.resumed && <Banner tone="info">{t('desk.back.resumed')}</Banner>}
      {desk.connected && desk.back?.refusal && <Banner tone="warning">{t('desk.back.refused', { reason: errorText(desk.back.refusal) })}</Banner>}
      <div className="desk-columns">
        <div className="desk-col">
          <Panel title={t('desk.title')} id="me">
            {joined ? (
              <>
                <p className="campaign-name" data-testid="campaign-name">
                  {campaign?.name ?? campaignId}
                </p>
                <StateBar
                  presence={presence}
                  readyBlockedBy={readyBlockedBy}
                  reasons={campaign?.pauseReasons?.length ? campaign.pauseReasons : PAUSE_REASONS}
                  onReady={() => void goReady()}
                  onPause={(reason) => void desk.act('pause', { reason })}
                />
                <TodayCounts today={today.data} />
                <button type="button" onClick={() => void desk.act('leave')} disabled={presence.state !== 'paused' && presence.state !== 'ready'}>
                  {t('desk.leave')}
                </button>
              </>
            ) : (
              <form
                className="join"
                onSubmit={(event) => {
                  event.preventDefault();
                  const id = chosen || campaigns.data?.[0]?.id;
                  if (id) void desk.act('join', { campaignId: id });
                }}
              >
                {campaigns.data && campaigns.data.length === 0 ? (
                  <p>{t('desk.noCampaigns')}</p>
                ) : (
                  <>
                    <label>
                      {t('desk.chooseCampaign')}
                      <select name="campaign" value={chosen} onChange={(event) => setChosen(event.target.value)}>
                        {(campaigns.data ?? []).map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.name} ({c.dialingMode})
                          </option>
                        ))}
                      </select>
                    </label>
                    <button type="submit" className="primary" disabled={!desk.connected || !campaigns.data?.length}>
                      {t('desk.join')}
                    </button>
                  </>
                )}
              </form>
            )}
          </Panel>
          {desk.preview && (
            <Panel title={t('desk.preview.title')} id="preview-panel">
              <PreviewCard
                preview={desk.preview}
                error={actionError}
                onDial={() => void run(() => unwrap(api.POST('/agent/preview/dial')).catch((failure: unknown) => Promise.reject(new Error(refusalText(failure, t, i18n.language)))))}
                onSkip={() => void run(async () => (await unwrap(api.POST('/agent/preview/skip')), desk.clearPreview()))}
              />
            </Panel>
          )}
          {joined && (
            <Panel title={t('desk.manual.title')} id="manual">
              <ManualDial onDial={manualDial} />
            </Panel>
          )}
          <KeyboardHelp />
        </div>
        <div className="desk-col desk-centre">
          <Panel title={t('desk.pop.title')} id="callee">
            {call ? (
              <>
                {disclosureNeeded && callCampaign?.identity && (
                  <DisclosureChecklist
                    identity={callCampaign.identity}
                    agentName={session!.user.displayName}
                    checked={call.disclosure.items}
                    confirmedAt={call.disclosure.confirmedAt}
                    onChange={(items, confirmedAt) =>
                      desk.updateCall((c) => ({ ...c, disclosure: { items: items.filter((i) => (DISCLOSURE_ITEMS as readonly string[]).includes(i)), confirmedAt } }))
                    }
                  />
                )}
                <ScreenPop pop={call.pop} />
              </>
            ) : (
              <p className="muted">{t('desk.pop.waiting')}</p>
            )}
          </Panel>
        </div>
        <div className="desk-col">
          <Panel title={t('desk.audio.title')} id="phone">
            <Softphone
              audio={audioStatus}
              connecting={audioConnecting}
              error={audioError}
              onCall={onCall}
              callStartedAtMs={call?.startedAtMs ?? null}
              muted={muted}
              onConnect={() => void connectAudio()}
              onDisconnect={() => void disconnectAudio()}
              onMute={(on) => {
                leg.current?.mute(on);
                setMuted(on);
              }}
              onHangUp={() => void run(() => unwrap(api.POST('/agent/hangup')))}
              onDigit={(digit) => leg.current?.sendDigits(digit)}
            />
          </Panel>
          {call && (
            <Panel title={t('desk.disposition.title')} id="disposition">
              {presence?.state === 'wrap_up' && campaign && (
                <WrapUpCountdown
                  untilMs={presence.wrapUpUntilMs}
                  sinceMs={presence.sinceMs}
                  seconds={campaign.wrapUp.seconds}
                  maxSeconds={campaign.wrapUp.maxSeconds}
                  error={extendError}
                  onExtend={() => void extendWrapUp()}
                />
              )}
              {call.savedCode !== null ? (
                <p className="ok" role="status" data-testid="outcome-saved" data-code={call.savedCode}>
                  {t('desk.disposition.savedOnCall', { code: call.pop.dispositions.find((d) => d.code === call.savedCode)?.label ?? call.savedCode })}
                </p>
              ) : (
                <DispositionForm key={call.pop.attemptId} pop={call.pop} callingHours={callCampaign?.callingHours ?? null} blockedBy={disclosureBlocks} onSubmit={submitDisposition} />
              )}
            </Panel>
          )}
        </div>
      </div>
    </main>
  );
}
