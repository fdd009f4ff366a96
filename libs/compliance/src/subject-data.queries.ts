import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

type Row = Record<string, unknown>;

/** Everything held about one number (APPI Art. 33 disclosure, GDPR access). */
export interface SubjectData {
  phone: string;
  leads: Row[];
  /** Each with its disposition (code, label, data) and the evidence kept at dial time. */
  attempts: Row[];
  surveyAnswers: Row[];
  consents: Row[];
  revocations: Row[];
  dncEntries: Row[];
  /** Recording references Twilio reported on the number's calls. */
  recordings: Row[];
}

/**
 * The read side of a subject-access request: read-only queries over the
 * tables that hold a person's data, whichever lib owns them (leads, calls,
 * campaigns, compliance). Writes for an erasure go through each owner.
 */
@Injectable()
export class SubjectDataQueries {
  constructor(private readonly em: EntityManager) {}

  async of(phone: string, em: EntityManager = this.em): Promise<SubjectData> {
    const q = (sql: string) => em.execute<Row[]>(sql, [phone]);
    const [leads, attempts, surveyAnswers, consents, revocations, dncEntries, recordings] = await Promise.all([
      q(`select l.id, l.list_id, ll.name as list_name, l.phone, l.phone_type, l.alt_phones, l.external_id, l.first_name, l.last_name, l.email,
                l.postal_code, l.region, l.country, l.timezone, l.timezone_source, l.custom_fields, l.status, l.blocked_reason,
                l.attempt_count, l.last_attempt_at, l.last_disposition, l.import_id, l.import_row, l.created_at, l.updated_at
           from leads l join lead_lists ll on ll.id = l.list_id where l.phone = ? order by l.created_at`),
      q(`select a.id, a.campaign_id, c.name as campaign_name, a.lead_id, a.phone, a.caller_id, a.provider_call_sid, a.state, a.outcome,
                a.initiated_at, a.ringing_at, a.answered_at, a.connected_at, a.ended_at, a.duration_sec, a.answered_by, a.abandoned,
                a.agent_id, a.disposition_code, dc.label as disposition_label, a.disposition_data, a.disposition_at, a.compliance_evidence, a.created_at
           from call_attempts a join campaigns c on c.id = a.campaign_id
           left join disposition_codes dc on dc.campaign_id = a.campaign_id and dc.code = a.disposition_code
          where a.phone = ? order by a.created_at`),
      q(`select s.attempt_id, s.campaign_id, s.lead_id, s.question_id, s.answer, s.source, s.answered_at
           from survey_answers s join call_attempts a on a.id = s.attempt_id where a.phone = ? order by s.answered_at, s.question_id`),
      q(`select id, type, campaign_id, lead_id, granted_at, revoked_at, source, evidence, created_at from consents where phone = ? order by granted_at`),
      q(`select id, channel, received_at, content, scope, campaign_id, product, attempt_id, consent_id, honoured_at
           from consent_revocations where phone = ? order by received_at`),
      q(`select id, scope, campaign_id, product, source, reason, created_at, expires_at, import_id from dnc_entries where phone = ? order by created_at`),
      q(`select distinct e.attempt_id, e.params->>'RecordingSid' as recording_sid, e.params->>'RecordingUrl' as recording_url
           from call_events e join call_attempts a on a.id = e.attempt_id
          where a.phone = ? and e.params->>'RecordingUrl' is not null order by e.attempt_id`),
    ]);
    return { phone, leads, attempts, surveyAnswers, consents, revocations, dncEntries, recordings };
  }
}
