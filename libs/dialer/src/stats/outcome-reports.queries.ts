import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CampaignsService } from '@dialer/campaigns';
import { CLOCK, Clock, NotFoundError } from '@dialer/core';
import { countsAsCallSql, liveAnswerSql } from '../attempts/attempt-classes';
import { MAX_AMOUNT_MINOR_UNITS } from '../dispositions/disposition-data';

/** The passes the penetration report tells apart (a lead's 1st to 5th call). */
export const PENETRATION_PASSES = 5;

export interface PenetrationReport {
  listId: string;
  leads: number;
  /** Pass n: leads called at least n times, and leads whose first live answer came on their n-th call. */
  passes: { pass: number; attempted: number; reached: number }[];
  /** Still to be called (new, due for a retry or a callback, being dialed). */
  remaining: number;
  done: number;
  exhausted: number;
  blocked: { reason: string; leads: number }[];
}

export interface SurveyReport {
  campaignId: string;
  /** Answers per question, most given first; `respondents` is the calls that answered the question. */
  questions: { questionId: string; prompt: string | null; respondents: number; answers: { answer: string; count: number }[] }[];
}

export interface PromisesReport {
  campaignId: string;
  /**
   * Per currency: promises made, their amount (minor units), kept (a payment
   * recorded on the lead by the promised date), broken (the date passed
   * without one), pending; and unreadable: promises whose stored amount or date
   * cannot be read (recorded before validation bounded them), counted but left
   * out of the amounts (an unreadable amount) or pending (an unreadable date).
   */
  currencies: { currency: string; count: number; amount: number; kept: number; keptAmount: number; broken: number; pending: number; unreadable: number }[];
}

/**
 * A promise's amount as numeric when it is a JSON whole number from 1 to
 * MAX_AMOUNT_MINOR_UNITS, else null: never a cast that can fail, so a bad row
 * already stored (`1e308`, `"12"`, `1.5`) cannot break the report.
 */
const PROMISE_AMOUNT_SQL = `(select case when n between 1 and ${MAX_AMOUNT_MINOR_UNITS} and n = trunc(n) then n end
   from (select case when jsonb_typeof(a.disposition_data->'amount') = 'number' then (a.disposition_data->'amount')::numeric end as n) v)`;

/**
 * A promise's date when it is a real date YYYY-MM-DD that PostgreSQL stores,
 * else null, without a cast that can fail: the first of the month is built
 * from a checked year and month, the day added, and a day that overflowed
 * the month (02-30) is dropped.
 */
const PROMISE_DATE_SQL = `(select case when to_char(d, 'YYYY-MM-DD') = v.text then d end
   from (select a.disposition_data->>'date' as text) v
   cross join lateral (select case when v.text ~ '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' and left(v.text, 4) <> '0000'
                                   then (left(v.text, 8) || '01')::date + (right(v.text, 2)::int - 1) end as d) parsed)`;

/**
 * The list and outcome reports of issue 10 §6: list penetration by pass,
 * survey answers per question, collections promises to pay. Read-only, with
 * the dialer's one classification of attempts (attempt-classes.ts).
 */
@Injectable()
export class OutcomeReportsQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async penetration(listId: string): Promise<PenetrationReport> {
    const connection = this.em.getConnection();
    const [list] = await connection.execute<{ id: string }[]>(`select id from lead_lists where id = ?`, [listId]);
    if (!list) throw new NotFoundError('list', listId);
    const [statuses, passes, blocked] = await Promise.all([
      connection.execute<{ status: string; leads: string }[]>(`select status, sum(leads) as leads from lead_status_rollups where list_id = ? group by status`, [listId]),
      connection.execute<{ pass: number; attempted: string; reached: string }[]>(
        `with calls as (
           select a.lead_id, row_number() over (partition by a.lead_id order by a.created_at, a.id) as pass, ${liveAnswerSql('a')} as live
             from call_attempts a join leads l on l.id = a.lead_id where l.list_id = ? and ${countsAsCallSql('a')}),
         first_reach as (select lead_id, min(pass) as pass from calls where live group by lead_id)
         select p.pass, (select count(distinct lead_id) from calls where calls.pass = p.pass) as attempted,
                (select count(*) from first_reach where first_reach.pass = p.pass) as reached
           from generate_series(1, ${PENETRATION_PASSES}) as p(pass) order by p.pass`,
        [listId],
      ),
      connection.execute<{ reason: string | null; leads: string }[]>(
        `select blocked_reason as reason, count(*) as leads from leads where list_id = ? and status = 'blocked' group by 1 order by 2 desc`,
        [listId],
      ),
    ]);
    const by = (status: string) => Number(statuses.find((row) => row.status === status)?.leads ?? 0);
    return {
      listId,
      leads: statuses.reduce((total, row) => total + Number(row.leads), 0),
      passes: passes.map((row) => ({ pass: Number(row.pass), attempted: Number(row.attempted), reached: Number(row.reached) })),
      remaining: by('new') + by('retry') + by('callback') + by('dialing'),
      done: by('done'),
      exhausted: by('exhausted'),
      blocked: blocked.map((row) => ({ reason: row.reason ?? 'unknown', leads: Number(row.leads) })),
    };
  }

  async survey(campaignId: string, from?: Date, to?: Date): Promise<SurveyReport> {
    const campaign = await this.campaigns.get(campaignId);
    const rows = await this.em.getConnection().execute<{ question_id: string; answer: string; count: string }[]>(
      `select question_id, answer, count(*) as count from survey_answers
        where campaign_id = ? and answered_at >= coalesce(?::timestamptz, '-infinity') and answered_at < coalesce(?::timestamptz, 'infinity')
        group by 1, 2 order by 1, 3 desc, 2`,
      [campaignId, from ?? null, to ?? null],
    );
    const prompts = new Map((this.campaigns.config(campaign).survey?.questions ?? []).map((question) => [question.id, question.prompt]));
    const questions = new Map<string, SurveyReport['questions'][number]>();
    for (const row of rows) {
      const question = questions.get(row.question_id) ?? { questionId: row.question_id, prompt: prompts.get(row.question_id) ?? null, respondents: 0, answers: [] };
      question.answers.push({ answer: row.answer, count: Number(row.count) });
      question.respondents += Number(row.count);
      questions.set(row.question_id, question);
    }
    return { campaignId, questions: [...questions.values()] };
  }

  async promises(campaignId: string, from?: Date, to?: Date): Promise<PromisesReport> {
    await this.campaigns.get(campaignId);
    const today = this.clock.now().toISOString().slice(0, 10);
    const rows = await this.em.getConnection().execute<
      { currency: string; count: string; amount: string; kept: string; kept_amount: string; broken: string; unreadable: string }[]
    >(
      `with promises as (
         select a.lead_id, a.disposition_at, ${PROMISE_AMOUNT_SQL} as amount, a.disposition_data->>'currency' as currency, ${PROMISE_DATE_SQL} as due
           from call_attempts a
          where a.campaign_id = ? and a.disposition_code = 'PROMISE_TO_PAY'
            and a.created_at >= coalesce(?::timestamptz, '-infinity') and a.created_at < coalesce(?::timestamptz, 'infinity')),
       judged as (
         select p.*, p.amount is null or p.due is null as unreadable,
                exists (select 1 from call_attempts paid where paid.lead_id = p.lead_id and paid.disposition_code = 'PAID'
                         and paid.disposition_at > p.disposition_at and paid.disposition_at::date <= p.due) as kept
           from promises p)
       select currency, count(*) as count, coalesce(sum(amount), 0) as amount, count(*) filter (where kept) as kept,
              coalesce(sum(amount) filter (where kept), 0) as kept_amount, count(*) filter (where not kept and due < ?::date) as broken,
              count(*) filter (where unreadable) as unreadable
         from judged group by currency order by currency`,
      [campaignId, from ?? null, to ?? null, today],
    );
    return {
      campaignId,
      currencies: rows.map((row) => ({
        currency: row.currency,
        count: Number(row.count),
        amount: Number(row.amount),
        kept: Number(row.kept),
        keptAmount: Number(row.kept_amount),
        broken: Number(row.broken),
        pending: Number(row.count) - Number(row.kept) - Number(row.broken),
        unreadable: Number(row.unreadable),
      })),
    };
  }
}
