import { Entity, Enum, ManyToOne, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { CallAttempt } from './call-attempt.entity';

export const ANSWER_SOURCES = ['ivr', 'agent'] as const;
export type AnswerSource = (typeof ANSWER_SOURCES)[number];

/** One answer to one survey question on one call, keyed in by the callee (IVR) or recorded by an agent. */
@Entity({ tableName: 'survey_answers' })
@Unique({ properties: ['attempt', 'questionId'] })
export class SurveyAnswer {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => CallAttempt, { deleteRule: 'cascade' })
  attempt!: CallAttempt;

  @Property({ type: 'uuid' })
  campaignId!: string;

  @Property({ type: 'uuid' })
  leadId!: string;

  @Property({ type: 'text' })
  questionId!: string;

  @Property({ type: 'text' })
  answer!: string;

  @Enum({ items: () => ANSWER_SOURCES, type: 'text' })
  source!: AnswerSource;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  answeredAt: Opt<Date> = new Date();
}
