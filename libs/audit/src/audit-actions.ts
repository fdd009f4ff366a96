/**
 * Every action the product records in the audit log, and every kind of thing
 * a record is about. `AuditService.record` takes only these (the compiler
 * holds every call to the list), so a page can name each in its reader's
 * language; a new action is added here, and its labels in the web app's
 * audit strings (a spec fails until it has them).
 */
export const AUDIT_ACTIONS = [
  'audit.exported',
  'auth.login',
  'auth.login_failed',
  'user.created',
  'user.updated',
  'list.created',
  'import.created',
  'import.completed',
  'import.undone',
  'campaign.created',
  'campaign.updated',
  'campaign.start',
  'campaign.pause',
  'campaign.resume',
  'campaign.complete',
  'campaign.archive',
  'campaign.list_attached',
  'campaign.list_detached',
  'disposition.created',
  'disposition.updated',
  'disposition.retired',
  'disposition.removed',
  'call.disposition',
  'agent.paused_by_supervisor',
  'agent.signed_out_by_supervisor',
  'agent.sign_out_after_call_by_supervisor',
  'agent.monitoring_started',
  'agent.monitoring_mode_changed',
  'agent.monitoring_stopped',
  'dnc.added',
  'dnc.requested_again',
  'dnc.removed',
  'dnc.import_detached',
  'dnc.expiry_cleared',
  'consent.recorded',
  'consent.revoked',
  'export.requested',
  'export.downloaded',
  'export.streamed',
  'export.expired',
  'subject.disclosed',
  'subject.erased',
  'retention.purged',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a record is about (`entity_type`). */
export const AUDIT_ENTITY_TYPES = [
  'audit_log',
  'user',
  'lead_list',
  'import_job',
  'campaign',
  'call_attempt',
  'dnc_entry',
  'consent',
  'consent_revocation',
  'export',
  'subject',
] as const;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** Who can act besides a signed-in user's role: the system itself, or someone not signed in (a refused sign-in). */
export const AUDIT_ACTOR_ROLES = ['admin', 'manager', 'agent', 'compliance', 'system', 'anonymous'] as const;
