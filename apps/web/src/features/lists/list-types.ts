import type { components } from '../../api/schema';

export type LeadList = components['schemas']['LeadListViewDto'];
export type LeadSummary = components['schemas']['LeadSummaryDto'];
export type LeadDetail = components['schemas']['LeadDetailDto'];

/** Lead statuses in the order a lead lives through them (the table's columns). */
export const LEAD_STATUSES = ['new', 'dialing', 'retry', 'callback', 'done', 'exhausted', 'blocked'] as const satisfies readonly (keyof LeadList['statusCounts'])[];

export const DEDUPE_SCOPES = ['list', 'campaign', 'global', 'none'] as const satisfies readonly LeadList['dedupeScope'][];

/** A lead's name as a person reads it: first/last in the language's order, else the file's full name. */
export function leadName(lead: Pick<LeadSummary, 'firstName' | 'lastName' | 'fullName'>, language: string | undefined): string {
  const parts = language?.startsWith('ja') ? [lead.lastName, lead.firstName] : [lead.firstName, lead.lastName];
  const joined = parts.filter(Boolean).join(' ');
  return joined || lead.fullName || '';
}

/**
 * Whether a page address names a record the api could hold (its ids are UUIDs), and whether the api said
 * there is none: either way the page says the list or lead does not exist, instead of the api's refusal with a retry.
 */
export const isRecordId = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
export const isMissing = (id: string, error: unknown) => !isRecordId(id) || (error as { status?: number } | null)?.status === 404;
