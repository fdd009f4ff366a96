/**
 * `?a=1&b=x` from the given parameters, leaving out empty ones (undefined,
 * '' and empty lists); lists repeat their name. For links the typed client does
 * not build: authorised file downloads.
 */
export function queryString(params: Record<string, string | number | readonly string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) search.append(name, item);
    else search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
