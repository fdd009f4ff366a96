import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface PurgedCallRecords {
  attempts: number;
  events: number;
  twimlResponses: number;
}

/** The attempts `a` the retention schedule purges, placed before the cutoff (bound `?`): never a live call. */
const PURGED = (a: string) => `${a}.created_at < ? and ${a}.state not in ('queued', 'initiated', 'ringing', 'in_progress')`;

/** Writes to the call records asked for by personal-data requests and the retention schedule. */
@Injectable()
export class CallRecordsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Erases what a person told us on calls to a number: disposition data
   * (notes, amounts, answers) and survey answers. The record the law asks to
   * keep (TSR: numbers, times, duration, caller id, disposition code) and the
   * dial-time evidence stay. Returns how many attempts were touched.
   */
  async erasePersonalData(phone: string, em: EntityManager = this.em): Promise<{ attempts: number; surveyAnswers: number }> {
    const answers = await em.execute<{ id: string }[]>(
      `delete from survey_answers s using call_attempts a where a.id = s.attempt_id and a.phone = ? returning s.id`,
      [phone],
    );
    const attempts = await em.execute<{ id: string }[]>(
      `update call_attempts set disposition_data = null, updated_at = now() where phone = ? and disposition_data is not null returning id`,
      [phone],
    );
    return { attempts: attempts.length, surveyAnswers: answers.length };
  }

  /**
   * Deletes attempts placed before `cutoff` with what hangs off them (survey
   * answers by cascade), and webhook events and TwiML answers received before
   * it. Attempts still live are never touched, whatever their age. Agents'
   * state periods that named a purged call are kept, no longer naming it.
   */
  async purgeBefore(cutoff: Date, em: EntityManager = this.em): Promise<PurgedCallRecords> {
    const [{ count: events }] = await em.execute<{ count: string }[]>(
      `with gone as (delete from call_events where received_at < ? returning 1) select count(*) from gone`,
      [cutoff],
    );
    const [{ count: twimlResponses }] = await em.execute<{ count: string }[]>(
      `with gone as (delete from call_twiml_responses where claimed_at < ? returning 1) select count(*) from gone`,
      [cutoff],
    );
    // Agents' periods outlive the calls they followed: they stop naming them first, while the calls still
    // exist, so the agent-time rollups' triggers move a wrap-up from its call's list to none (as the KPI
    // report's scan of the log then reads it). Deleted first, the triggers could no longer see the list,
    // and the rollups kept the wrap-up under a list the scan no longer finds.
    await em.execute(`update agent_state_log set attempt_id = null where attempt_id in (select a.id from call_attempts a where ${PURGED('a')})`, [cutoff]);
    const [{ count: attempts }] = await em.execute<{ count: string }[]>(`with gone as (delete from call_attempts a where ${PURGED('a')} returning 1) select count(*) from gone`, [cutoff]);
    return { attempts: Number(attempts), events: Number(events), twimlResponses: Number(twimlResponses) };
  }
}
