import { Entity, Enum, ManyToOne, Opt, Property } from '@mikro-orm/core';
import type { DncScope } from '@dialer/compliance';
import { UuidEntity } from '@dialer/db';
import { LeadList } from './lead-list.entity';

export const IMPORT_STATES = ['queued', 'running', 'completed', 'failed', 'undone'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** What the rows become: leads of the list, or do-not-call entries. */
export const IMPORT_TARGETS = ['leads', 'dnc', 'consents'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

export interface ImportCounts {
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  dncFlagged: number;
  noTimezone: number;
}

/** How the file is read and where its rows go, fixed when the upload is accepted. */
export interface ImportOptions {
  /** False for plain lists of numbers (registry extracts): the first line is data. */
  hasHeader: boolean;
  /** The file's first 256 KiB were plain ASCII: its encoding is told where other bytes start (the job's `encoding` then says which). */
  encodingUndecided?: boolean;
  /** The file opens with Excel's `sep=X` line (its delimiter): skipped, neither header nor row. */
  sepLine?: boolean;
  /** For DNC imports: the country of numbers in national format, and where the entries apply. */
  dnc?: {
    defaultCountry: string;
    scope: DncScope;
    campaignId?: string;
    product?: string;
    source: 'import' | 'registry';
    /** A registry extract: the date of the national registry copy (its age is checked at campaign readiness). */
    registryDate?: string;
    /** When the loaded entries stop blocking. */
    expiresAt?: string;
  };
  /** A consent list: the country of national numbers, and the campaign the consents are for (none: every campaign). */
  consents?: { defaultCountry: string; campaignId?: string };
}

export const EMPTY_IMPORT_COUNTS: ImportCounts = {
  rowsRead: 0,
  accepted: 0,
  rejected: 0,
  duplicates: 0,
  dncFlagged: 0,
  noTimezone: 0,
};

@Entity({ tableName: 'import_jobs' })
export class ImportJob extends UuidEntity {
  /** Null for a DNC import that is not tied to a list. */
  @ManyToOne(() => LeadList, { nullable: true, deleteRule: 'cascade' })
  list?: LeadList;

  @Enum({ items: () => IMPORT_TARGETS, type: 'text', default: 'leads' })
  target: Opt<ImportTarget> = 'leads';

  @Enum({ items: () => IMPORT_STATES, type: 'text', default: 'queued' })
  state: Opt<ImportState> = 'queued';

  @Property({ type: 'text' })
  fileName!: string;

  /** Where the upload was streamed to; removed once the import settles. */
  @Property({ type: 'text' })
  filePath!: string;

  @Property({ type: 'bigint' })
  fileSize!: number;

  /** Given by the uploader, or detected from the upload's first 256 KiB (if those were plain ASCII: where other bytes start, set once the import is done). */
  @Property({ type: 'text', nullable: true })
  encoding?: string;

  @Property({ type: 'text', nullable: true })
  delimiter?: string;

  /** Column names (the header made unique, or "column 1"… without one): what mappings and custom fields use. */
  @Property({ type: 'jsonb', nullable: true })
  columns?: string[];

  /** Column → field mapping, explicit or suggested. */
  @Property({ type: 'jsonb', nullable: true })
  mapping?: Record<string, string>;

  @Property({ type: 'jsonb', default: '{}' })
  options: Opt<ImportOptions> = { hasHeader: true };

  @Property({ type: 'jsonb', default: JSON.stringify(EMPTY_IMPORT_COUNTS) })
  counts: Opt<ImportCounts> = { ...EMPTY_IMPORT_COUNTS };

  /** 0–90 while the file is read (by bytes), 100 once committed. */
  @Property({ type: 'smallint', default: 0 })
  progress: Opt<number> = 0;

  /** Why the whole import failed (bad file, no phone column...). */
  @Property({ type: 'jsonb', nullable: true })
  error?: { code: string; message: string };

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string;

  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date;
}
