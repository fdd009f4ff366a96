import { instantOfLocalInput } from '../../ui/date-time-input';

/** The audit trail's filters as the person fills them (`from`/`to` are datetime-local values). */
export interface AuditFilters {
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  from: string;
  to: string;
}
export const NO_FILTERS: AuditFilters = { actorId: '', action: '', entityType: '', entityId: '', from: '', to: '' };

/** The api's filters: only what was filled in, the range as instants (an unreadable one as typed, so the api names it). */
export function queryOf(filters: AuditFilters) {
  const trimmed = (value: string) => value.trim() || undefined;
  return {
    actorId: trimmed(filters.actorId),
    action: trimmed(filters.action),
    entityType: trimmed(filters.entityType),
    entityId: trimmed(filters.entityId),
    from: instantOfLocalInput(filters.from) ?? trimmed(filters.from),
    to: instantOfLocalInput(filters.to) ?? trimmed(filters.to),
  };
}
