import { Migration20261122120000InitialSchema } from './20261122120000-initial-schema.migration';
import { Migration20261122150000LeadImport } from './20261122150000-lead-import.migration';
import { Migration20261122160000CallEvents } from './20261122160000-call-events.migration';
import { Migration20261122170000DialerRuntime } from './20261122170000-dialer-runtime.migration';
import { Migration20261123090000DispositionRefusal } from './20261123090000-disposition-refusal.migration';

/** Every migration, in order. Listed explicitly so bundled builds need no file globbing. */
export const MIGRATIONS = [
  { name: 'Migration20261122120000InitialSchema', class: Migration20261122120000InitialSchema },
  { name: 'Migration20261122150000LeadImport', class: Migration20261122150000LeadImport },
  { name: 'Migration20261122160000CallEvents', class: Migration20261122160000CallEvents },
  { name: 'Migration20261122170000DialerRuntime', class: Migration20261122170000DialerRuntime },
  { name: 'Migration20261123090000DispositionRefusal', class: Migration20261123090000DispositionRefusal },
];

/** Their names, in the order they apply. */
export const MIGRATION_NAMES = MIGRATIONS.map((migration) => migration.name);
