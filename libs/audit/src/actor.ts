/** Who is doing something, for authorisation and for the audit log. */
export interface Actor {
  /** Null for the system itself: the dialer, a webhook, a scheduled job. */
  id: string | null;
  role: string;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, role: 'system' };
