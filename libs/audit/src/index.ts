export { AuditEntry } from './entities/audit-entry.entity';
export { AuditService, AuditRecord } from './audit.service';
export { AuditModule } from './audit.module';
export { Actor, SYSTEM_ACTOR } from './actor';
export { AuditLogQueries, AuditFilters, AuditEntryView, AuditPage, AuditVerification, AuditBreak } from './audit-log.queries';
export { AUDIT_ACTIONS, AuditAction, AUDIT_ENTITY_TYPES, AuditEntityType, AUDIT_ACTOR_ROLES } from './audit-actions';
