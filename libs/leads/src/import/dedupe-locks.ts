import { pgArrayLiteral } from '@dialer/db';
import type { DedupeScope } from '../entities/lead-list.entity';

/**
 * Transaction-level advisory locks that serialise everything that reads or
 * changes the leads a dedupe depends on: an import's finalisation and an
 * undo. Under READ COMMITTED two finalisations of one scope would each miss
 * the other's uncommitted leads and both insert the file; an undo committing
 * while a finalisation counts duplicates would leave neither's leads.
 *
 * Each list has a lock; a finalisation takes, exclusively, the lock of every
 * list its dedupe reads or it writes (its own, and for `campaign` scope every
 * list of its campaigns), and shares a global lock that a `global`-scope
 * finalisation (which reads every list) and a DNC import (which flags leads
 * of every list) take exclusively. Locks are taken in one order (global
 * first, then lists by id), so two finalisations never deadlock. The
 * two-int key space of PostgreSQL's advisory locks does not overlap the
 * one-bigint space the runner's per-import lock uses.
 */
export interface DedupeLocks {
  global: 'shared' | 'exclusive';
  /** Lists locked exclusively. */
  listIds: readonly string[];
}

/** The locks of a lead import into `listId` (`scopeListIds`: LeadListsService.scopeListIds), or of its undo. */
export function leadDedupeLocks(listId: string, scope: DedupeScope, scopeListIds: readonly string[]): DedupeLocks {
  if (scope === 'global') return { global: 'exclusive', listIds: [] };
  return { global: 'shared', listIds: [...new Set([listId, ...scopeListIds])].sort() };
}

/** A DNC import, or its undo, may block or unblock leads of any list. */
export const DNC_DEDUPE_LOCKS: DedupeLocks = { global: 'exclusive', listIds: [] };

/** What an undo of a lead import into `listId` changes: that list's leads, which any finalisation reading them waits for. */
export const listLeadsLocks = (listId: string): DedupeLocks => leadDedupeLocks(listId, 'none', []);

/**
 * Statements (run in order, in the transaction) that take the locks, waiting
 * as long as it takes; `placeholder` is the driver's first parameter (`$1` for
 * pg, `?` for MikroORM).
 */
export function dedupeLockStatements(locks: DedupeLocks, placeholder: '$1' | '?'): { sql: string; params: unknown[] }[] {
  const take = locks.global === 'exclusive' ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
  const statements = [{ sql: `select ${take}(hashtext('leads-dedupe-global'), 0)`, params: [] as unknown[] }];
  if (locks.listIds.length > 0) {
    statements.push({
      // The ordered subquery fixes the order the locks are taken in.
      sql: `select count(pg_advisory_xact_lock(hashtext('leads-dedupe-list'), hashtext(id)))
            from (select id from unnest(${placeholder}::text[]) id order by id) ids`,
      params: [pgArrayLiteral(locks.listIds)], // a literal: MikroORM would spread an array into several parameters
    });
  }
  return statements;
}
