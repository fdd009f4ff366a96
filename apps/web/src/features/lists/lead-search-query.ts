/** The api's limit on a search term (LeadSearchQuery.q): the field stops there instead of answering with a refusal. */
export const SEARCH_MAX = 200;

/** The search a page's address names, if any: an offset that is not a whole number from 0 (a mangled link) is the first page. */
export function searchOf(params: URLSearchParams): { q: string; offset: number } | null {
  const q = params.get('q');
  if (q === null) return null;
  const offset = Number(params.get('offset') ?? 0);
  return { q: q.slice(0, SEARCH_MAX), offset: Number.isSafeInteger(offset) && offset >= 0 ? offset : 0 };
}
