import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, DomainError, NotFoundError } from '@dialer/core';
import { CallSnapshot, MachineDetectionMode, StatusCallbackEvent, TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { RawSql } from './persistence/raw-sql';
import { AttemptCallbackUrls, attemptCallbackUrls } from './webhooks/attempt-callback-urls';

export interface PlaceAttemptCallOptions {
  /** Caller id; defaults to the attempt's `caller_id`. */
  from?: string;
  /** `sync`: AnsweredBy arrives with the voice webhook; `async`: the call is answered at once and the verdict posted to /twilio/amd. */
  amd?: { mode: 'sync' | 'async'; detection: MachineDetectionMode };
  /** Ring time before no-answer (Twilio: 5–600 s). */
  timeoutSec?: number;
  record?: boolean;
  statusCallbackEvents?: readonly StatusCallbackEvent[];
}

interface AttemptRow {
  phone: string;
  caller_id: string | null;
  state: string;
  provider_call_sid: string | null;
}

/** Twilio refused the call outright (bad number, unknown caller id...): it will never ring. */
const DEFINITIVE_REFUSALS = new Set(['invalid', 'unprocessable', 'not_found']);

/**
 * Dials a call attempt through the TelephonyPort with our webhook URLs, and
 * records the CallSid. Callbacks may beat that record: they carry the attempt
 * id in their URL, so they find the attempt anyway and store the CallSid themselves.
 */
@Injectable()
export class CallAttemptsService {
  constructor(
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sql: RawSql,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CallAttemptsService.name);
  }

  /** The attempt's webhook URLs on the configured public base URL (read per call). */
  callbackUrls(attemptId: string): AttemptCallbackUrls {
    return attemptCallbackUrls(this.config.api.publicBaseUrl, attemptId);
  }

  /**
   * Places the call of a `queued` attempt. When Twilio refuses it for good,
   * the attempt is marked `failed` (freeing the lead) and the error rethrown;
   * when Twilio is unreachable the attempt stays `queued` for reconciliation,
   * since the call may or may not exist.
   */
  async placeCall(attemptId: string, options: PlaceAttemptCallOptions = {}): Promise<CallSnapshot> {
    const [attempt] = await this.sql.query<AttemptRow>(
      'calls.attempt-for-dial',
      'select phone, caller_id, state, provider_call_sid from call_attempts where id = $1',
      [attemptId],
    );
    if (!attempt) throw new NotFoundError('CallAttempt', attemptId);
    if (attempt.state !== 'queued' || attempt.provider_call_sid) {
      throw new DomainError('CALL_ATTEMPT_ALREADY_PLACED', `Attempt ${attemptId} is ${attempt.state}: its call was placed already`, 'conflict');
    }
    const from = options.from ?? attempt.caller_id;
    if (!from) throw new DomainError('CALL_ATTEMPT_NO_CALLER_ID', `Attempt ${attemptId} has no caller id`, 'invalid');

    const urls = this.callbackUrls(attemptId);
    let call: CallSnapshot;
    try {
      call = await this.telephony.placeCall({
        to: attempt.phone,
        from,
        voiceUrl: urls.voiceUrl,
        statusCallbackUrl: urls.statusCallbackUrl,
        statusCallbackEvents: options.statusCallbackEvents,
        machineDetection: options.amd?.detection,
        asyncAmdCallbackUrl: options.amd?.mode === 'async' ? urls.asyncAmdCallbackUrl : undefined,
        timeoutSec: options.timeoutSec,
        record: options.record,
      });
    } catch (error) {
      if (error instanceof DomainError && DEFINITIVE_REFUSALS.has(error.kind)) {
        await this.sql.query(
          'calls.attempt-refused',
          `update call_attempts set state = 'failed', ended_at = now(), updated_at = now() where id = $1 and state = 'queued'`,
          [attemptId],
        );
      }
      throw error;
    }

    const bound = await this.sql.query(
      'calls.attempt-bind-sid',
      `update call_attempts set provider_call_sid = $2, updated_at = now()
       where id = $1 and (provider_call_sid is null or provider_call_sid = $2) returning id`,
      [attemptId, call.sid],
    );
    if (bound.length === 0) this.logger.error({ attemptId, callSid: call.sid }, 'Attempt already has another CallSid');
    return call;
  }
}
