import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CLOCK, Clock } from '@dialer/core';
import { contactSql, countsAsCallSql, successSql } from '../attempts/attempt-classes';
import { checkReportTimeZone } from './report-time-zone';

/** An agent's figures for their day so far: counted as the KPI report counts them by agent. */
export interface AgentToday {
  /** The start of the day counted (the agent's midnight). */
  since: string;
  calls: number;
  contacts: number;
  successes: number;
}

/** The desk's "today" (UI.md): the agent's calls, contacts and successes since their midnight, every campaign. */
@Injectable()
export class AgentTodayQueries {
  constructor(
    private readonly em: EntityManager,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async today(agentId: string, timeZone: string): Promise<AgentToday> {
    await checkReportTimeZone(this.em, timeZone);
    const since = DateTime.fromJSDate(this.clock.now()).setZone(timeZone).startOf('day').toJSDate();
    const [row] = await this.em.getConnection().execute<{ calls: string; contacts: string; successes: string }[]>(
      `select count(*) filter (where ${countsAsCallSql('a')}) as calls,
              count(*) filter (where ${contactSql('a', 'd')}) as contacts, count(*) filter (where ${successSql('a', 'd')}) as successes
         from call_attempts a
         left join disposition_codes d on d.campaign_id = a.campaign_id and d.code = a.disposition_code
        where a.agent_id = ? and a.created_at >= ?`,
      [agentId, since],
    );
    return { since: since.toISOString(), calls: Number(row.calls), contacts: Number(row.contacts), successes: Number(row.successes) };
  }
}
