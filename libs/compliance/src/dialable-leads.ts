/**
 * Lead statuses still in the dialing pool (when due): fresh, awaiting a retry,
 * or a booked callback. Every other status is in a call (`dialing`) or closed
 * (`done`, `exhausted`, `blocked`). The one home of this rule for the hopper,
 * campaign readiness, "why", manual dials and DNC suppression; it lives here,
 * the lowest lib that needs it (lead statuses themselves are `LEAD_STATUSES`
 * in @dialer/leads, which imports this lib). Ordered as the hopper takes them.
 */
export const DIALABLE_LEAD_STATUSES = ['callback', 'retry', 'new'] as const;
export type DialableLeadStatus = (typeof DIALABLE_LEAD_STATUSES)[number];

export function isDialableLeadStatus(status: string): status is DialableLeadStatus {
  return (DIALABLE_LEAD_STATUSES as readonly string[]).includes(status);
}

/** SQL: `<alias>.status` is dialable, e.g. `dialableStatusSql('l')` → `l.status in ('callback', 'retry', 'new')`. */
export function dialableStatusSql(alias?: string): string {
  return `${alias ? `${alias}.` : ''}status in (${DIALABLE_LEAD_STATUSES.map((s) => `'${s}'`).join(', ')})`;
}

/**
 * The skip code of a lead whose personal fields were erased at the person's
 * request: closed for good. Nothing that gives leads back to the dialing pool
 * (a DNC entry removed) may reopen one.
 */
export const ERASED_SKIP_CODE = 'PERSONAL_DATA_ERASED';
