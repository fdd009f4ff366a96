export { CallAttempt, ATTEMPT_STATES, AttemptState } from './entities/call-attempt.entity';
export { CallEvent, CALL_EVENT_KINDS, CallEventKind } from './entities/call-event.entity';
export { CallTwimlResponse } from './entities/call-twiml-response.entity';
export { CallsModule, CallsModuleOptions } from './calls.module';
export {
  ATTEMPT_STATE_RANK,
  AttemptProgress,
  NEW_ATTEMPT_PROGRESS,
  ProgressReport,
  ProgressEffect,
  ProgressOutcome,
  attemptStateOf,
  isTerminalState,
  effectOf,
  applyProgress,
  applyAll,
} from './state/attempt-state-machine';
export { CallAttemptsService, PlaceAttemptCallOptions } from './call-attempts.service';
export {
  CallEventsStream,
  CallEventMessage,
  StreamedCallEvent,
  ReadOptions,
  CALL_EVENTS_STREAM_MAXLEN,
  decodeCallEvent,
} from './events/call-events.stream';
export { CALL_ENDED_LISTENER, CallEndedListener } from './events/call-ended.port';
export { AGENT_LEG_LABEL, AGENT_LEG_LISTENER, AGENT_ROOM_QUERY, AgentLegListener } from './events/agent-leg.port';
export { CALL_FLOW_POLICY, CallFlowPolicy, FlowCall, GatherInput } from './flow/call-flow-policy.port';
export { HangUpCallFlowPolicy } from './flow/hang-up-call-flow.policy';
export { CallFlowService, DEFAULT_GATHER_STEP } from './flow/call-flow.service';
export { TWIML_CLAIM_STALE_MS, TWIML_WAIT_MS } from './flow/twiml-response.store';
export { CallProgressService, ProviderAnswerSource } from './webhooks/call-progress.service';
export { RecordedCallEvent, AttemptAfterEvent } from './persistence/call-progress.repository';
export {
  TWILIO_WEBHOOK_PREFIX,
  TWILIO_WEBHOOK_ROUTES,
  TwilioWebhookRoute,
  CALLBACK_QUERY,
  ANSWER_STEP,
  twilioWebhookPath,
} from './webhooks/twilio-webhook-routes';
export { AttemptCallbackUrls, attemptCallbackUrls, conferenceStatusCallbackUrl } from './webhooks/attempt-callback-urls';
export { WebhookContext, TWILIO_IDEMPOTENCY_HEADER, webhookContextFrom } from './webhooks/webhook-context';
export {
  CALL_WEBHOOK_ERROR_CODES,
  CallWebhook,
  StatusCallback,
  AmdCallback,
  GatherRequest,
  ConferenceCallback,
  parseStatusCallback,
  parseAmdCallback,
  parseVoiceRequest,
  parseGatherRequest,
  parseConferenceEvent,
} from './webhooks/twilio-webhook.parser';
export { SurveyAnswer, ANSWER_SOURCES, AnswerSource } from './entities/survey-answer.entity';
export { CallRecordsRepository, PurgedCallRecords } from './persistence/call-records.repository';
export { RetentionService, RetentionReport } from './retention/retention.service';
