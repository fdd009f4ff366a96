import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig, CLOCK, Clock } from '@dialer/core';
import { AuditService, SYSTEM_ACTOR } from '@dialer/audit';
import { CallRecordsRepository, PurgedCallRecords } from '../persistence/call-records.repository';

export interface RetentionReport extends PurgedCallRecords {
  /** Records from before this instant were purged. */
  cutoff: string;
  years: number;
}

/**
 * The retention schedule: call attempts and the evidence kept with them
 * (webhook events, TwiML answered) live `RETENTION_YEARS` (5 by default, the
 * TSR's record keeping), then go; each purge says in the audit trail what it
 * removed, in the same transaction.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly em: EntityManager,
    private readonly records: CallRecordsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The instant before which records are purged: `years` calendar years before now. */
  cutoff(now: Date = this.clock.now()): Date {
    return DateTime.fromJSDate(now, { zone: 'utc' }).minus({ years: this.config.retention.years }).toJSDate();
  }

  async purgeExpired(): Promise<RetentionReport> {
    const cutoff = this.cutoff();
    return this.em.fork().transactional(async (tx) => {
      const purged = await this.records.purgeBefore(cutoff, tx);
      const report = { ...purged, cutoff: cutoff.toISOString(), years: this.config.retention.years };
      this.audit.record(SYSTEM_ACTOR, { action: 'retention.purged', entityType: 'call_attempt', data: { ...report } }, tx);
      await tx.flush();
      return report;
    });
  }
}
