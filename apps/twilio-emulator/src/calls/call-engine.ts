import { API_VERSION, newSid, rfc2822 } from '../common/twilio-format';
import { twilioErrors } from '../common/twilio-rest.errors';
import { LegInterrupted, SimScheduler } from '../clock/sim-scheduler';
import { detectAnsweringMachine } from '../callee/amd';
import { planCallee, randomForCall } from '../callee/callee-plan';
import { CalleeBehaviour, LegBehaviour, PATIENT_LEG } from '../callee/leg-behaviour';
import { ConferenceRooms } from '../conferences/conference-rooms';
import { Scenario } from '../scenario/scenario';
import { parseTwiml, TwimlNode, TwimlParseError } from '../twiml/twiml-document';
import { RunOutcome, TwimlRunner } from '../twiml/twiml-runner';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { WebhookKind } from '../webhooks/webhook-delivery';
import { CallStore } from './call-store';
import { CpsLimiter } from './cps-limiter';
import { CallOptions, CallStatus, EmulatedCall, EndedBy, StatusEvent, TwimlSource } from './emulated-call';

/** SIP final responses Twilio reports with each terminal status. */
const SIP_CODES: Partial<Record<CallStatus, number>> = { completed: 200, busy: 486, 'no-answer': 487, canceled: 487 };
/** Twilio's "An application error has occurred" before it hangs up on a broken webhook. */
const APPLICATION_ERROR_MESSAGE_MS = 3000;

export interface CallEngineDependencies {
  accountSid: string;
  scheduler: SimScheduler;
  store: CallStore;
  rooms: ConferenceRooms;
  dispatcher: WebhookDispatcher;
  runner: TwimlRunner;
  cps: CpsLimiter;
  scenario: () => Scenario;
  /** The absolute URL of a recording resource. */
  recordingUrl: (recordingSid: string) => string;
  /** Where unexpected failures of a call's lifecycle are reported. */
  onError: (call: EmulatedCall, error: unknown) => void;
}

/**
 * The life of every call leg: CPS queueing, dialing, ringing, the callee's
 * answer (or busy, no answer, failure), AMD, the TwiML it executes, and its
 * end, with Twilio's status callbacks along the way.
 */
export class CallEngine {
  private callIndex = 0;
  private readonly behaviours = new Map<string, LegBehaviour>();

  constructor(private readonly deps: CallEngineDependencies) {}

  /** A call placed through the REST API (`POST Calls.json`): queued now, dialed when its CPS slot comes. */
  placeCall(options: CallOptions): EmulatedCall {
    const scenario = this.deps.scenario();
    const plan = planCallee(options.to, scenario, randomForCall(scenario.seed, this.callIndex++));
    const call = new EmulatedCall(newSid('CA'), this.deps.accountSid, 'outbound-api', options, plan);
    call.queueTimeMs = Math.round(this.deps.cps.reserve(scenario.cps));
    this.deps.store.add(call);
    call.log({ type: 'status', status: 'queued' });
    this.start(call, () => this.dial(call));
    return call;
  }

  /** A leg that calls in to a TwiML App, as a Voice SDK client does; answered at once. */
  acceptIncoming(options: CallOptions, extraParams: Record<string, string>): EmulatedCall {
    const call = new EmulatedCall(newSid('CA'), this.deps.accountSid, 'inbound', options, null, extraParams);
    this.deps.store.add(call);
    this.setStatus(call, 'in-progress');
    call.startTime = new Date();
    call.answeredAtSim = this.deps.scheduler.simNow();
    this.enforceTimeLimit(call);
    this.behaviours.set(call.sid, PATIENT_LEG);
    // The Voice SDK's request to the TwiML App reports the call as still ringing.
    this.start(call, () => this.execute(call, options.source, 'voice', { CallStatus: 'ringing' }));
    return call;
  }

  /** REST update with `Url` or `Twiml`: a live call drops what it is doing; a call not yet answered will use it on answer. */
  redirect(call: EmulatedCall, source: TwimlSource): void {
    if (call.ended) throw twilioErrors.notInProgress();
    call.log({ type: 'rest', action: 'redirect', detail: 'url' in source ? source.url : 'inline TwiML' });
    if (!call.executing) {
      call.options.source = source;
      return;
    }
    call.document.abort(new LegInterrupted('redirected'));
    this.start(call, () => this.execute(call, source, 'voice', {}));
  }

  /** REST update with `Status`: `completed` ends any call, `canceled` only one not yet answered. */
  hangUp(call: EmulatedCall, status: 'completed' | 'canceled'): void {
    if (call.ended) return;
    call.log({ type: 'rest', action: 'hang-up', detail: status });
    if (call.status === 'in-progress') {
      if (status === 'completed') this.finish(call, 'completed', 'api');
    } else {
      this.finish(call, 'canceled', 'api');
    }
  }

  /** Ends a live call on behalf of someone in the emulation (a simulated agent clicking hang-up). */
  endCall(call: EmulatedCall, endedBy: EndedBy): void {
    this.finish(call, call.status === 'in-progress' ? 'completed' : 'canceled', endedBy);
  }

  /** Drops every call without callbacks (scenario reset). */
  reset(): void {
    for (const call of this.deps.store.live()) call.lifetime.abort(new LegInterrupted('call-ended'));
    for (const behaviour of this.behaviours.values()) behaviour.stop();
    this.behaviours.clear();
    this.deps.store.clear();
    this.deps.cps.reset();
    this.callIndex = 0;
  }

  /** The parameters Twilio sends with every webhook about a call. */
  callParams(call: EmulatedCall): Record<string, string> {
    return {
      AccountSid: call.accountSid,
      ApiVersion: API_VERSION,
      CallSid: call.sid,
      CallStatus: call.status,
      Called: call.to,
      Caller: call.from,
      Direction: call.direction,
      From: call.from,
      To: call.to,
      ...call.extraParams,
    };
  }

  private start(call: EmulatedCall, task: () => Promise<void>): void {
    task().catch((error: unknown) => {
      if (error instanceof LegInterrupted) return;
      this.deps.onError(call, error);
      call.log({ type: 'error', code: 0, message: `emulator failure: ${error instanceof Error ? error.message : String(error)}` });
      this.finish(call, call.status === 'in-progress' ? 'completed' : 'failed', 'emulator');
    });
  }

  private async dial(call: EmulatedCall): Promise<void> {
    const { scheduler } = this.deps;
    const plan = call.plan;
    const life = call.lifetime.signal;
    if (!plan) return;

    await scheduler.sleep(call.queueTimeMs, life);
    this.progress(call, 'initiated', 'initiated');
    await scheduler.sleep(plan.postDialDelaySec * 1000, life);
    if (plan.outcome === 'failed') return this.finish(call, 'failed', 'network', plan.sipResponseCode);

    this.progress(call, 'ringing', 'ringing');
    if (plan.outcome === 'busy') {
      await scheduler.sleep(plan.busyAfterSec * 1000, life);
      return this.finish(call, 'busy', 'callee');
    }
    const ringSec = call.options.timeoutSec;
    if (plan.outcome === 'no-answer' || plan.answerAfterSec >= ringSec) {
      await scheduler.sleep(ringSec * 1000, life);
      return this.finish(call, 'no-answer', 'callee');
    }
    await scheduler.sleep(plan.answerAfterSec * 1000, life);
    await this.answer(call);
  }

  private async answer(call: EmulatedCall): Promise<void> {
    const { scheduler, scenario } = this.deps;
    const plan = call.plan;
    if (!plan) return;
    call.startTime = new Date();
    call.answeredAtSim = scheduler.simNow();
    this.enforceTimeLimit(call);
    if (call.options.record) {
      const sid = newSid('RE');
      call.recording = { sid, url: this.deps.recordingUrl(sid) };
    }
    this.progress(call, 'in-progress', 'answered');
    call.log({ type: 'callee', action: 'answered', detail: plan.outcome });

    const behaviour = new CalleeBehaviour(plan, scenario(), scheduler, (reason) => {
      call.log({ type: 'callee', action: 'hung-up', detail: reason });
      this.finish(call, 'completed', 'callee');
    });
    this.behaviours.set(call.sid, behaviour);

    const firstParams: Record<string, string> = {};
    const mode = call.options.machineDetection;
    if (mode) {
      const verdict = detectAnsweringMachine(plan, mode, call.options.machineDetectionTimeoutSec, scenario().amd);
      const asyncCallback = call.options.asyncAmdCallback;
      if (asyncCallback) {
        // Detection runs while the call proceeds; the verdict is posted on its own.
        scheduler.sleep(verdict.durationMs, call.lifetime.signal).then(
          () => {
            call.answeredBy = verdict.answeredBy;
            call.log({ type: 'amd', answeredBy: verdict.answeredBy, durationMs: verdict.durationMs, mode: 'async' });
            this.notify(call, 'amd-callback', asyncCallback, {
              AccountSid: call.accountSid,
              CallSid: call.sid,
              AnsweredBy: verdict.answeredBy,
              MachineDetectionDuration: String(verdict.durationMs),
            });
          },
          () => undefined, // the call ended first
        );
      } else {
        // The callee hears nothing while detection runs: the cost of synchronous AMD.
        behaviour.hear('silence');
        await scheduler.sleep(verdict.durationMs, call.lifetime.signal);
        call.answeredBy = verdict.answeredBy;
        call.log({ type: 'amd', answeredBy: verdict.answeredBy, durationMs: verdict.durationMs, mode: 'sync' });
        firstParams.AnsweredBy = verdict.answeredBy;
        firstParams.MachineDetectionDuration = String(verdict.durationMs);
      }
    }
    await this.execute(call, call.options.source, 'voice', firstParams);
  }

  /**
   * `TimeLimit`: as on Twilio, a call in progress for that long is hung up
   * (`completed`, whatever it is doing: TwiML, AMD, a conference). Counted
   * from the answer, in emulated time; the timer dies with the call.
   */
  private enforceTimeLimit(call: EmulatedCall): void {
    this.deps.scheduler.sleep(call.options.timeLimitSec * 1000, call.lifetime.signal).then(
      () => this.finish(call, 'completed', 'time-limit'),
      () => undefined, // the call ended first
    );
  }

  /** Runs TwiML documents one after another until the call hangs up, runs out of verbs or is interrupted. */
  private async execute(call: EmulatedCall, source: TwimlSource, kind: WebhookKind, firstParams: Record<string, string>): Promise<void> {
    const documentControl = new AbortController();
    call.document = documentControl;
    call.executing = true;
    const signal = AbortSignal.any([call.lifetime.signal, documentControl.signal]);
    const behaviour = this.behaviours.get(call.sid) ?? PATIENT_LEG;

    let next: { source: TwimlSource; kind: WebhookKind; params: Record<string, string> } | null = { source, kind, params: firstParams };
    let outcome: RunOutcome = { kind: 'finished' };
    while (next) {
      const loaded = await this.load(call, next.source, next.kind, next.params, signal);
      outcome = 'verbs' in loaded ? await this.deps.runner.run({ call, behaviour, signal, documentUrl: loaded.documentUrl }, loaded.verbs) : loaded;
      next = outcome.kind === 'navigate' ? { source: outcome.source, kind: 'action', params: {} } : null;
    }
    if (outcome.kind === 'error') {
      call.log({ type: 'error', code: outcome.code, message: outcome.message });
      behaviour.hear('prompt');
      await this.deps.scheduler.sleep(APPLICATION_ERROR_MESSAGE_MS, signal);
    }
    this.finish(call, 'completed', 'twiml');
  }

  /** Fetches (or parses) a document; on failure tries the call's FallbackUrl once. */
  private async load(
    call: EmulatedCall,
    source: TwimlSource,
    kind: WebhookKind,
    params: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ verbs: TwimlNode[]; documentUrl: string | null } | Extract<RunOutcome, { kind: 'error' }>> {
    if ('twiml' in source) return this.parse(source.twiml, null);

    const delivery = await this.deps.dispatcher.request(
      { kind, url: source.url, method: source.method, params: { ...this.callParams(call), ...source.params, ...params } },
      (logged) => call.log({ type: 'webhook', delivery: logged }),
    );
    if (signal.aborted) throw signal.reason;
    const loaded = delivery.response
      ? this.parse(delivery.response.body, source.url)
      : { kind: 'error' as const, code: 11200, message: `HTTP retrieval failure: ${delivery.rejected ?? source.url}` };

    const fallback = call.options.fallback;
    if ('verbs' in loaded || kind !== 'voice' || !fallback) return loaded;
    call.log({ type: 'error', code: loaded.code, message: loaded.message });
    return this.load(call, fallback, 'fallback', { ...params, ErrorCode: String(loaded.code), ErrorUrl: source.url }, signal);
  }

  private parse(xml: string, documentUrl: string | null) {
    try {
      return { verbs: parseTwiml(xml), documentUrl };
    } catch (error) {
      if (!(error instanceof TwimlParseError)) throw error;
      return { kind: 'error' as const, code: error.code, message: error.message };
    }
  }

  private progress(call: EmulatedCall, status: CallStatus, event: StatusEvent): void {
    this.setStatus(call, status);
    this.updateParticipant(call, status);
    this.statusCallback(call, event);
  }

  private setStatus(call: EmulatedCall, status: CallStatus, sipResponseCode?: number): void {
    call.status = status;
    call.dateUpdated = new Date();
    call.log({ type: 'status', status, ...(sipResponseCode ? { sipResponseCode } : {}) });
  }

  /** The one way a call ends: status, timers, conference, and the `completed` status callback. */
  private finish(call: EmulatedCall, status: CallStatus, endedBy: EndedBy, sipResponseCode = SIP_CODES[status] ?? 404): void {
    if (call.ended) return;
    call.endTime = new Date();
    // A time limit ends the call at the limit, as Twilio's duration says, whenever a loaded machine ran the timer.
    const limitEnd = endedBy === 'time-limit' && call.answeredAtSim !== null ? call.answeredAtSim + call.options.timeLimitSec * 1000 : null;
    call.endedAtSim = limitEnd ?? this.deps.scheduler.simNow();
    call.endedBy = endedBy;
    this.setStatus(call, status, sipResponseCode);
    call.lifetime.abort(new LegInterrupted('call-ended'));
    this.behaviours.get(call.sid)?.stop();
    this.behaviours.delete(call.sid);
    this.updateParticipant(call, status);
    this.statusCallback(call, 'completed', sipResponseCode);
  }

  /** A call dialed into a conference through the REST API shows its progress as the participant's status. */
  private updateParticipant(call: EmulatedCall, status: CallStatus): void {
    const room = call.conference && this.deps.rooms.get(call.conference.sid);
    if (!room) return;
    if (status === 'initiated') this.deps.rooms.setDialStatus(room, call.sid, 'connecting');
    else if (status === 'ringing') this.deps.rooms.setDialStatus(room, call.sid, 'ringing');
    else if (call.ended) {
      this.deps.rooms.setDialStatus(room, call.sid, 'failed');
      this.deps.rooms.leave(room, call.sid, 'left');
    }
  }

  private statusCallback(call: EmulatedCall, event: StatusEvent, sipResponseCode?: number): void {
    const callback = call.options.statusCallback;
    if (!callback || !callback.events.has(event)) return;
    const params: Record<string, string> = {
      ...this.callParams(call),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(call.nextSequenceNumber++),
      Timestamp: rfc2822(new Date()),
    };
    if (call.answeredBy) params.AnsweredBy = call.answeredBy;
    if (event === 'completed') {
      params.CallDuration = String(this.durationSec(call));
      if (sipResponseCode) params.SipResponseCode = String(sipResponseCode);
      if (call.recording) {
        Object.assign(params, {
          RecordingSid: call.recording.sid,
          RecordingUrl: call.recording.url,
          RecordingDuration: params.CallDuration,
        });
      }
    }
    this.notify(call, 'status-callback', callback, params);
  }

  private notify(call: EmulatedCall, kind: WebhookKind, target: { url: string; method: 'GET' | 'POST' }, params: Record<string, string>): void {
    this.deps.dispatcher.notify({ kind, url: target.url, method: target.method, params }, (delivery) => call.log({ type: 'webhook', delivery }), call.sid);
  }

  /** Emulated seconds from answer to end (0 for calls never answered). */
  durationSec(call: EmulatedCall): number {
    if (call.answeredAtSim === null) return 0;
    const end = call.endedAtSim ?? this.deps.scheduler.simNow();
    return Math.max(0, Math.round((end - call.answeredAtSim) / 1000));
  }
}
