import { Entity, Enum, Index, Opt, Property } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';

export const EXPORT_STATES = ['queued', 'running', 'completed', 'failed', 'expired'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];
export const EXPORT_KINDS = ['attempts'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_ENCODINGS = ['utf-8', 'shift_jis'] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

/** Which attempts an export holds; every field narrows (all given values of one field are OR-ed). */
/** Why an export failed: not queued, every attempt failed, or its job was lost (abandoned). */
export const EXPORT_FAILURE_CODES = ['EXPORT_NOT_QUEUED', 'EXPORT_ATTEMPTS_FAILED', 'EXPORT_ABANDONED'] as const;
export type ExportFailureCode = (typeof EXPORT_FAILURE_CODES)[number];

/** A failure as stored: its code and figures (for a page to word) beside the English sentence. */
export interface ExportFailure {
  code: ExportFailureCode;
  message: string;
  params?: Record<string, string | number>;
}

export interface AttemptFilters {
  campaignIds?: string[];
  listIds?: string[];
  /** Attempts created at or after (ISO instant). */
  from?: string;
  /** Attempts created before (ISO instant). */
  to?: string;
  dispositions?: string[];
  agentIds?: string[];
  outcomes?: string[];
}

/** One requested export file: who asked for what, how far the worker got, where the file is. */
@Entity({ tableName: 'export_jobs' })
@Index({ properties: ['requestedBy', 'createdAt'] })
export class ExportJob extends UuidEntity {
  @Enum({ items: () => EXPORT_KINDS, type: 'text' })
  kind!: ExportKind;

  @Enum({ items: () => EXPORT_FORMATS, type: 'text' })
  format!: ExportFormat;

  @Enum({ items: () => EXPORT_ENCODINGS, type: 'text', default: 'utf-8' })
  encoding: Opt<ExportEncoding> = 'utf-8';

  @Property({ type: 'jsonb', default: '{}' })
  filters: Opt<AttemptFilters> = {};

  @Enum({ items: () => EXPORT_STATES, type: 'text', default: 'queued' })
  state: Opt<ExportState> = 'queued';

  @Property({ type: 'uuid', nullable: true })
  requestedBy?: string;

  @Property({ type: 'text' })
  requestedRole!: string;

  /** Rows the export will hold, counted when it starts. */
  @Property({ type: 'integer', nullable: true })
  rowsTotal?: number;

  @Property({ type: 'integer', default: 0 })
  rowsWritten: Opt<number> = 0;

  /** Characters Shift_JIS cannot hold, written as 〓 instead. */
  @Property({ type: 'integer', default: 0 })
  replacedCharacters: Opt<number> = 0;

  @Property({ type: 'text', nullable: true })
  fileName?: string;

  @Property({ type: 'text', nullable: true })
  filePath?: string;

  @Property({ type: 'bigint', nullable: true })
  fileSize?: number;

  /** Why it failed, in English. */
  @Property({ type: 'text', nullable: true })
  error?: string;

  /** Why it failed, as a stable code (ExportFailureCode) a page words in its reader's language. */
  @Property({ type: 'text', nullable: true })
  errorCode?: string;

  /** The figures of the failure's sentence (e.g. the attempts made). */
  @Property({ type: 'jsonb', nullable: true })
  errorParams?: Record<string, string | number>;

  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date;

  /** When the file is deleted (the cleanup job); set once it is written. */
  @Property({ type: 'timestamptz', nullable: true })
  @Index()
  expiresAt?: Date;
}
