import { BeforeApplicationShutdown, Inject, Injectable, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, Clock } from '@dialer/core';
import { CallEventInput, CallProgressRepository, RecordedCallEvent } from '../persistence/call-progress.repository';
import { isTerminalState } from '../state/attempt-state-machine';
import { CALL_ENDED_LISTENER, CallEndedListener } from './call-ended.port';
import { CallEventsStream } from './call-events.stream';
import { DelayedBatches } from './delayed-batches';

/** How long the ending listener waits after a call's end is recorded (see record). */
const ENDING_DELAY_MS = 1_000;
/** How often the endings due are handed over together: at ~600 endings/s, batches of ~150. */
const ENDING_TICK_MS = 250;
const ENDING_MAX_BATCH = 500;

export interface PublishOptions {
  /** Conference room, for conference events. */
  room?: string | null;
  /** Publish a new event of a known attempt even if it changed no column (conference join/leave). */
  always?: boolean;
}

/**
 * Stores a webhook (once), advances its attempt, and tells the dialer runtime
 * when something changed. The publication happens after the write committed
 * and does not hold up the response.
 */
@Injectable()
export class CallEventRecorder implements BeforeApplicationShutdown {
  private readonly endings = new DelayedBatches<string>({
    delayMs: ENDING_DELAY_MS,
    tickMs: ENDING_TICK_MS,
    maxBatch: ENDING_MAX_BATCH,
    run: (ids) => this.endedListener!.onCallsEnded(ids),
    onError: (error, ids) => this.logger.warn({ err: error, attemptIds: ids }, 'call endings not applied'),
  });

  constructor(
    private readonly repository: CallProgressRepository,
    private readonly stream: CallEventsStream,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logger: PinoLogger,
    @Optional() @Inject(CALL_ENDED_LISTENER) private readonly endedListener: CallEndedListener | null = null,
  ) {
    this.logger.setContext(CallEventRecorder.name);
  }

  now(): Date {
    return this.clock.now();
  }

  async record(input: CallEventInput, publish: PublishOptions = {}): Promise<RecordedCallEvent> {
    const recorded = await this.repository.record(input);
    const { attempt } = recorded;
    if (recorded.duplicate) return recorded;
    if (!attempt) {
      // Answered 2xx all the same, so Twilio stops retrying; the event is kept for investigation.
      // A room hears the agent's own leg and its own start and end: those are expected, not suspicious.
      const expected = input.kind === 'conference';
      this.logger[expected ? 'debug' : 'warn'](
        { callSid: input.callSid, kind: input.kind, attemptHint: input.attemptHint },
        'Webhook for a call that is not one of our attempts',
      );
      return recorded;
    }
    if (attempt.changed || publish.always) {
      this.stream.publish({
        attemptId: attempt.id,
        campaignId: attempt.campaignId,
        leadId: attempt.leadId,
        callSid: input.callSid,
        kind: input.kind,
        state: attempt.state,
        status: input.status,
        answeredBy: attempt.answeredBy,
        room: publish.room ?? null,
        at: (input.report?.at ?? input.receivedAt).toISOString(),
      });
    }
    if (this.endedListener && isTerminalState(attempt.state) && !isTerminalState(attempt.previousState)) {
      // After the response, like the publication, and a beat later: the call's other callbacks of the same
      // moment (the conference join that says it was put through) are posted concurrently and may land after
      // this one. Handed over in batches: settling each call on its own cost more than its webhooks did.
      // A failure here is caught up by the pacing leader or the reconciler.
      this.endings.add(attempt.id);
    }
    return recorded;
  }

  /**
   * The endings still waiting are applied before the database and Redis
   * close; one recorded later still (a webhook answered while the server
   * closes) goes at once, or to the reconciler if its connections are gone.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.endedListener) await this.endings.flush();
  }
}
