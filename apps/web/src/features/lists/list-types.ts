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

/** The country whose numbers a page language's users most likely upload in national format, when the browser names none. */
const COUNTRY_OF_LANGUAGE: Readonly<Record<string, string>> = { ja: 'JP', en: 'US' };

/**
 * A new list's preset country of national numbers: the browser's region where
 * one of its languages is the page's (en-GB → GB), else the page language's
 * (ja → JP, en → US), else none (the field is required). Shown and editable:
 * a preset, never a silent default.
 */
export function defaultCountryFor(language: string, browserLanguages: readonly string[] = []): string {
  const base = language.split('-')[0].toLowerCase();
  for (const tag of browserLanguages) {
    try {
      const locale = new Intl.Locale(tag);
      if (locale.language === base && locale.region && /^[A-Z]{2}$/.test(locale.region)) return locale.region;
    } catch {
      // Not a language tag: ignored.
    }
  }
  return COUNTRY_OF_LANGUAGE[base] ?? '';
}
