import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { bucketCeil } from '@dialer/reporting';
import { abandonedSql, connectSql, contactCodeSql, contactSql, countsAsCallSql, liveAnswerSql, machineConnectSql, machineVerdictSql } from '../attempts/attempt-classes';

export interface AttemptCounts {
  dials: number;
  liveAnswers: number;
  machines: number;
  /** A person connected to an agent. */
  connects: number;
  /** A machine (or fax) that reached an agent before its AMD verdict. */
  machineConnects: number;
  abandons: number;
  /** Right-party contacts: live answers whose outcome's code is flagged a contact or a success (attempt-classes.ts contactSql), as the KPI report counts them. */
  contacts: number;
}

const MACHINE = machineVerdictSql('a');

/**
 * Read-only queries over the rollups the database keeps as attempts and leads
 * are written (tables of @dialer/reporting, maintained by the rollups
 * migration's triggers, with the classifications of attempt-classes.ts), so
 * the wallboard reads a bounded number of rows whatever the history.
 */
@Injectable()
export class CampaignRollupsQueries {
  constructor(private readonly em: EntityManager) {}

  /**
   * Attempts created since `since`: whole hours from the rollups, the part-hour before them from call_attempts.
   * Contacts as the KPI report counts them (kpi-report.queries.ts rolledUpAttempts): the whole hours' live
   * answers per code (attempt_kpi_rollups) whose code the campaign flags a contact or a success now, the
   * part-hour's attempts by contactSql with their code's flags. One statement: one snapshot of both rollups.
   */
  async attemptCounts(campaignId: string, since: Date): Promise<AttemptCounts> {
    const firstWholeHour = bucketCeil('hour', since);
    const [row] = await this.em.getConnection().execute<Record<string, string | null>[]>(
      `select sum(dials) as dials, sum(live_answers) as live_answers, sum(machines) as machines, sum(connects) as connects,
              sum(machine_connects) as machine_connects, sum(abandons) as abandons, sum(contacts) as contacts
         from (select dials, live_answers, machines, connects, machine_connects, abandons, 0 as contacts from attempt_rollups where campaign_id = ? and hour >= ?
               union all
               select 0, 0, 0, 0, 0, 0, r.live_answers from attempt_kpi_rollups r join disposition_codes d on d.campaign_id = r.campaign_id and d.code = r.disposition_code
                where r.campaign_id = ? and r.hour >= ? and ${contactCodeSql('d')}
               union all
               select count(*) filter (where ${countsAsCallSql('a')}), count(*) filter (where ${liveAnswerSql('a')}), count(*) filter (where ${MACHINE}),
                      count(*) filter (where ${connectSql('a')}), count(*) filter (where ${machineConnectSql('a')}), count(*) filter (where ${abandonedSql('a')}),
                      count(*) filter (where ${contactSql('a', 'd')})
                 from call_attempts a left join disposition_codes d on d.campaign_id = a.campaign_id and d.code = a.disposition_code
                where a.campaign_id = ? and a.created_at >= ? and a.created_at < ?) counts`,
      [campaignId, firstWholeHour, campaignId, firstWholeHour, campaignId, since, firstWholeHour],
    );
    const n = (value: string | null) => Number(value ?? 0);
    return {
      dials: n(row.dials),
      liveAnswers: n(row.live_answers),
      machines: n(row.machines),
      connects: n(row.connects),
      machineConnects: n(row.machine_connects),
      abandons: n(row.abandons),
      contacts: n(row.contacts),
    };
  }

  /** Leads of the campaign's active lists, by status (statuses with none left out). */
  async leadStatuses(campaignId: string): Promise<Record<string, number>> {
    const rows = await this.em.getConnection().execute<{ status: string; leads: string }[]>(
      `select r.status, sum(r.leads) as leads from lead_status_rollups r join campaign_lists cl on cl.list_id = r.list_id
        where cl.campaign_id = ? and cl.active group by r.status having sum(r.leads) <> 0`,
      [campaignId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.leads)]));
  }
}
