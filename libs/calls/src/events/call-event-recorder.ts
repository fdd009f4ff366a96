import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, Clock } from '@dialer/core';
import { CallEventInput, CallProgressRepository, RecordedCallEvent } from '../persistence/call-progress.repository';
import { CallEventsStream } from './call-events.stream';

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
export class CallEventRecorder {
  constructor(
    private readonly repository: CallProgressRepository,
    private readonly stream: CallEventsStream,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logger: PinoLogger,
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
    return recorded;
  }
}
