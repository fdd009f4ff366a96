import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, AuditService } from '@dialer/audit';
import { CallRecordsRepository } from '@dialer/calls';
import { SubjectData, SubjectDataQueries } from '@dialer/compliance';
import { LeadRecordsRepository } from '@dialer/leads';

export interface ErasureReport {
  phone: string;
  leadsErased: number;
  attemptsErased: number;
  surveyAnswersDeleted: number;
}

/**
 * A person's requests about their data: disclosure (everything held about a
 * number, audited as disclosed) and erasure, each owner erasing its own
 * fields in one transaction with the audit record. What the law needs kept
 * stays: the DNC entries, consents and revocations, and each attempt's
 * record (number, times, caller id, disposition code, dial-time evidence).
 */
@Injectable()
export class SubjectRequestsService {
  constructor(
    private readonly em: EntityManager,
    private readonly subjects: SubjectDataQueries,
    private readonly leads: LeadRecordsRepository,
    private readonly calls: CallRecordsRepository,
    private readonly audit: AuditService,
  ) {}

  async disclose(phone: string, actor: Actor, form: 'view' | 'export'): Promise<SubjectData> {
    const data = await this.subjects.of(phone);
    this.audit.record(actor, {
      action: 'subject.disclosed',
      entityType: 'subject',
      entityId: phone,
      data: { form, leads: data.leads.length, attempts: data.attempts.length },
    });
    await this.em.flush();
    return data;
  }

  async erase(phone: string, actor: Actor): Promise<ErasureReport> {
    return this.em.transactional(async (tx) => {
      // The calls before the leads: settlement locks an attempt, then its lead; the other order could deadlock with it.
      const calls = await this.calls.erasePersonalData(phone, tx);
      const leadIds = await this.leads.erasePersonalFields(phone, tx);
      const report = { phone, leadsErased: leadIds.length, attemptsErased: calls.attempts, surveyAnswersDeleted: calls.surveyAnswers };
      this.audit.record(actor, { action: 'subject.erased', entityType: 'subject', entityId: phone, data: { ...report, leadIds } }, tx);
      await tx.flush();
      return report;
    });
  }
}
