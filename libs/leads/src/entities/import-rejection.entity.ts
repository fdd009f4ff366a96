import { Entity, Index, ManyToOne, PrimaryKeyProp, PrimaryKey, Property } from '@mikro-orm/core';
import { ImportJob } from './import-job.entity';

/** A source row that did not become a lead, with the reason in words. */
@Entity({ tableName: 'import_rejections' })
// An undo looks up the rejections that name its leads (or entries): only those that name one are indexed.
@Index({
  name: 'import_rejections_duplicate_of_idx',
  expression: `create index "import_rejections_duplicate_of_idx" on "import_rejections" ("duplicate_of") where "duplicate_of" is not null`,
})
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

  /** A row rejected as already there: the lead (or do-not-call entry) it matched, which its import now counts on. */
  @Property({ type: 'uuid', nullable: true })
  duplicateOf?: string | null;
}
