import { Entity, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';
import { Campaign } from './campaign.entity';

/** An outcome an agent (or the system) can record, with what it implies. */
@Entity({ tableName: 'disposition_codes' })
@Unique({ properties: ['campaign', 'code'] })
export class DispositionCode extends UuidEntity {
  @ManyToOne(() => Campaign, { deleteRule: 'cascade' })
  campaign!: Campaign;

  /** Stable machine code, e.g. `SALE`, `CALLBACK`, `DNC`. */
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  label!: string;

  /** The lead is finished: no retry. */
  @Property({ type: 'boolean', default: false })
  isFinal: Opt<boolean> = false;

  /** Counts toward conversion. */
  @Property({ type: 'boolean', default: false })
  isSuccess: Opt<boolean> = false;

  /** Requires a callback time. */
  @Property({ type: 'boolean', default: false })
  isCallback: Opt<boolean> = false;

  /** Puts the number on the do-not-call list. */
  @Property({ type: 'boolean', default: false })
  isDnc: Opt<boolean> = false;

  /** A conversation with the right party happened (collections: starts the 7-day quiet period). */
  @Property({ type: 'boolean', default: false })
  isContact: Opt<boolean> = false;

  /**
   * The callee refused to be solicited (telemarketing "not interested", a survey
   * refusal). Under JP 特定商取引法 Art. 17 such a refusal bars the number for the
   * campaign's product for good. Collections' "refused to pay" is not one.
   */
  @Property({ type: 'boolean', default: false })
  isRefusal: Opt<boolean> = false;

  @Property({ type: 'integer', default: 0 })
  position: Opt<number> = 0;

  /**
   * Set when the code was removed after calls had recorded it: offered for no
   * new call, kept for those calls' history and reports. Null: in use.
   */
  @Property({ type: 'timestamptz', nullable: true })
  retiredAt?: Date | null;
}
