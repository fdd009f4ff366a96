import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { MONITOR_LEG_LABEL, MonitorAttributes } from '../monitoring/monitor-mode';

/** Something the callee hears: text-to-speech or a recorded audio file. */
export type Prompt =
  | { say: string; voice?: VoiceResponse.SayAttributes['voice']; language?: VoiceResponse.SayAttributes['language']; loop?: number }
  | { play: string; loop?: number };

/** The Conference events Twilio can post to a conference status callback. */
export type ConferenceEvent = VoiceResponse.ConferenceAttributes['statusCallbackEvent'] extends (infer E)[] | undefined ? E : never;

/** Where a prompt can be spoken: the response itself or a `<Gather>`. */
interface PromptTarget {
  say(attributes: VoiceResponse.SayAttributes, message: string): unknown;
  play(attributes: VoiceResponse.PlayAttributes, url: string): unknown;
}

function appendPrompt(target: PromptTarget, prompt: Prompt): void {
  if ('say' in prompt) {
    target.say({ voice: prompt.voice, language: prompt.language, loop: prompt.loop }, prompt.say);
  } else {
    target.play({ loop: prompt.loop }, prompt.play);
  }
}

function asList(prompts: Prompt | readonly Prompt[]): readonly Prompt[] {
  const isList = (value: Prompt | readonly Prompt[]): value is readonly Prompt[] => Array.isArray(value);
  return isList(prompts) ? prompts : [prompts];
}

function promptsThenHangUp(prompts: readonly Prompt[]): string {
  const response = new VoiceResponse();
  for (const prompt of prompts) appendPrompt(response, prompt);
  response.hangup();
  return response.toString();
}

export interface ConferenceJoinOptions {
  /** The agent's personal room, e.g. `agent-<agentId>`. */
  room: string;
  /**
   * `agent`: owns the room; it starts on entering and ends when the agent
   * leaves (kicking a callee still in it). `callee`: joins the agent's room and
   * leaves without ending it, so the agent stays for the next call.
   */
  role: 'agent' | 'callee';
  /** Heard before joining, e.g. the recording disclosure or the identity statement. */
  before?: readonly Prompt[];
  /** Receives conference events (signed like every webhook). */
  statusCallbackUrl?: string;
  /** Defaults to start, end, join and leave when a status callback URL is given. */
  statusCallbackEvents?: readonly ConferenceEvent[];
  /** Record the conference from its start. */
  record?: boolean;
  /** How long the leg may stay (`<Dial timeLimit>`); Twilio cuts a `<Dial>` at 4 hours unless told otherwise. */
  timeLimitSec?: number;
}

/** Twilio's hard limit on a call's length: no `timeLimit` may ask for more. */
export const TWILIO_MAX_CALL_SEC = 24 * 3600;

/** `<Dial><Conference>` into an agent room: the bridge of predictive dialing. */
export function conferenceJoinTwiml(options: ConferenceJoinOptions): string {
  const response = new VoiceResponse();
  for (const prompt of options.before ?? []) appendPrompt(response, prompt);
  const callbacks: Partial<VoiceResponse.ConferenceAttributes> = options.statusCallbackUrl
    ? {
        statusCallback: options.statusCallbackUrl,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: [...(options.statusCallbackEvents ?? ['start', 'end', 'join', 'leave'])],
      }
    : {};
  response.dial(options.timeLimitSec ? { timeLimit: Math.min(options.timeLimitSec, TWILIO_MAX_CALL_SEC) } : {}).conference(
    {
      beep: 'false',
      startConferenceOnEnter: true,
      endConferenceOnExit: options.role === 'agent',
      // The agent's audio leg is found by this label (TelephonyPort.hasParticipant): an agent is ready only with it in the room.
      participantLabel: options.role,
      // An agent waiting for the next call hears silence rather than hold music.
      ...(options.role === 'agent' ? { waitUrl: '' } : {}),
      ...(options.record ? { record: 'record-from-start' as const } : {}),
      ...callbacks,
    },
    options.room,
  );
  return response.toString();
}

export interface MonitorJoinOptions {
  /** The agent's room. */
  room: string;
  /** Muted (listen), coaching the agent's leg (whisper), or neither (barge): see `monitorAttributes`. */
  attributes: MonitorAttributes;
  /** How long the leg may stay (`<Dial timeLimit>`). */
  timeLimitSec?: number;
  /** The room's conference callback, told when this leg leaves (a closed tab): its session ends then, audited. */
  statusCallbackUrl?: string;
}

/**
 * `<Dial><Conference>` of a supervisor's monitor leg into an agent's room:
 * `muted="true"` to listen, `coach="CA…"` to whisper to the agent. It never
 * starts or ends the room and makes no beep: the callee must not notice it.
 */
export function monitorJoinTwiml(options: MonitorJoinOptions): string {
  const response = new VoiceResponse();
  response.dial(options.timeLimitSec ? { timeLimit: Math.min(options.timeLimitSec, TWILIO_MAX_CALL_SEC) } : {}).conference(
    {
      beep: 'false',
      startConferenceOnEnter: false,
      endConferenceOnExit: false,
      waitUrl: '',
      participantLabel: MONITOR_LEG_LABEL,
      muted: options.attributes.muted,
      ...(options.statusCallbackUrl ? { statusCallback: options.statusCallbackUrl, statusCallbackMethod: 'POST' as const, statusCallbackEvent: ['leave' as const] } : {}),
      ...(options.attributes.callSidToCoach ? { coach: options.attributes.callSidToCoach } : {}),
    },
    options.room,
  );
  return response.toString();
}

/**
 * What a live person hears when no agent is free within the legal deadline:
 * who called, a number to call back, how to opt out; then the call ends.
 */
export function abandonMessageTwiml(message: Prompt | readonly Prompt[]): string {
  return promptsThenHangUp(asList(message));
}

/** A message left on an answering machine (use with `MachineDetection=DetectMessageEnd`, after the beep). */
export function voicemailDropTwiml(message: Prompt | readonly Prompt[]): string {
  return promptsThenHangUp(asList(message));
}

export interface SurveyQuestionOptions {
  question: Prompt | readonly Prompt[];
  /** Receives `Digits` (empty when the callee pressed nothing: `actionOnEmptyResult`). */
  actionUrl: string;
  /** Keys to collect before posting (default 1: "press 1 to 5"). */
  numDigits?: number;
  /** Seconds of silence after the prompt before giving up (default 5). */
  timeoutSec?: number;
  /** Heard before the question, e.g. the recording disclosure on the first question. */
  before?: readonly Prompt[];
}

/** One IVR survey question: `<Gather>` with the question inside, posting the keys to `actionUrl`. */
export function surveyQuestionTwiml(options: SurveyQuestionOptions): string {
  const response = new VoiceResponse();
  for (const prompt of options.before ?? []) appendPrompt(response, prompt);
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: options.numDigits ?? 1,
    timeout: options.timeoutSec ?? 5,
    action: options.actionUrl,
    method: 'POST',
    // No keys pressed still reaches our handler, which decides to repeat, skip or end.
    actionOnEmptyResult: true,
  });
  for (const prompt of asList(options.question)) appendPrompt(gather, prompt);
  return response.toString();
}

/** The recording disclosure, then on to `continueUrl` (e.g. the conference join or the first question). */
export function recordingDisclosureTwiml(disclosure: Prompt, continueUrl: string): string {
  const response = new VoiceResponse();
  appendPrompt(response, disclosure);
  response.redirect({ method: 'POST' }, continueUrl);
  return response.toString();
}

/** Ends the call at once (e.g. a machine when the campaign leaves no voicemail). */
export function hangUpTwiml(): string {
  return promptsThenHangUp([]);
}
