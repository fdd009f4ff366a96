export {
  TELEPHONY_PORT,
  TelephonyPort,
  CALL_STATUSES,
  CallStatus,
  TERMINAL_CALL_STATUSES,
  STATUS_CALLBACK_EVENTS,
  StatusCallbackEvent,
  ANSWERED_BY_VALUES,
  AnsweredBy,
  MachineDetectionMode,
  PlaceCallRequest,
  CallSnapshot,
  CallRedirect,
  AgentAccessToken,
  RoomParticipant,
} from './telephony.port';
export { TelephonyModule } from './telephony.module';
export { MONITOR_MODES, MonitorMode, MONITOR_LEG_LABEL, MonitorAttributes, monitorAttributes } from './monitoring/monitor-mode';
export { TELEPHONY_ERROR_CODES, toTelephonyError } from './telephony.errors';
export { TwilioTelephonyAdapter } from './twilio/twilio-telephony.adapter';
export { createTwilioClient, createTwilioHttpClient, TwilioConfig } from './twilio/twilio-client.factory';
export {
  RebasingRequestClient,
  rebaseTwilioUrl,
  isTwilioApiBaseUrl,
  TWILIO_API_BASE_URL,
} from './twilio/rebasing-request-client';
export { DEFAULT_AGENT_TOKEN_TTL_SEC } from './twilio/agent-access-token';
export {
  ConnectionOverrides,
  RetryPolicy,
  DEFAULT_CONNECTION_OVERRIDES,
  formatConnectionOverrides,
  stripUrlFragment,
  withConnectionOverrides,
  twilioCallbackUrl,
} from './callbacks/callback-url';
export {
  Prompt,
  ConferenceEvent,
  ConferenceJoinOptions,
  SurveyQuestionOptions,
  conferenceJoinTwiml,
  MonitorJoinOptions,
  monitorJoinTwiml,
  abandonMessageTwiml,
  voicemailDropTwiml,
  surveyQuestionTwiml,
  recordingDisclosureTwiml,
  hangUpTwiml,
} from './twiml/voice-twiml';
export {
  TWILIO_SIGNATURE_HEADER,
  IncomingWebhook,
  signedWebhookUrl,
  isValidTwilioSignature,
  assertTwilioSignature,
} from './signature/twilio-signature';
export { TwilioSignatureGuard } from './signature/twilio-signature.guard';
export {
  CallWebhookParams,
  VoiceWebhookParams,
  StatusCallbackParams,
  AsyncAmdCallbackParams,
  GatherActionParams,
  ConferenceEventParams,
  WebhookFields,
} from './webhooks/twilio-webhook-params';
export { WebhookParams, FormParams, webhookParams, firstValues, oneOf, integerOrNull } from './values/twilio-values';
