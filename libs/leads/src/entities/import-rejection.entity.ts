import { Entity, ManyToOne, PrimaryKeyProp, PrimaryKey, Property } from '@mikro-orm/core';
import { ImportJob } from './import-job.entity';

/** A source row that did not become a lead, with the reason in words. */
@Entity({ tableName: 'import_rejections' })
export class ImportRejection {
  [PrimaryKeyProp]?: ['job', 'rowNumber'];

  @ManyToOne(() => ImportJob, { primary: true, deleteRule: 'cascade' })
  job!: ImportJob;

  /** 1-based data row (the header is row 0). */
  @PrimaryKey({ type: 'integer' })
  rowNumber!: number;

  /** The cells exactly as read. */
  @Property({ type: 'jsonb' })
  cells!: string[];

  /** Stable code, e.g. `INVALID_PHONE`, `RAGGED_ROW`, `DUPLICATE`. */
  @Property({ type: 'text' })
  reasonCode!: string;

  @Property({ type: 'text' })
  message!: string;
}
