import { twilioErrors } from './twilio-rest.errors';

/** A parsed `application/x-www-form-urlencoded` body or query: strings, or arrays for repeated names. */
export type FormParams = Record<string, unknown>;

/** One string parameter (the first, if repeated); undefined when absent or empty. */
export function text(params: FormParams, name: string): string | undefined {
  const value = params[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** A repeated parameter (`StatusCallbackEvent=a&StatusCallbackEvent=b`), also accepting one space-separated value. */
export function list(params: FormParams, name: string): string[] {
  const value = params[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((item) => (typeof item === 'string' ? item.split(/[\s,]+/).filter(Boolean) : []));
}

export function integer(params: FormParams, name: string, min: number, max: number): number | undefined {
  const raw = text(params, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw twilioErrors.invalidParameter(name, raw, `an integer from ${min} to ${max}`);
  }
  return value;
}

export function bool(params: FormParams, name: string): boolean | undefined {
  const raw = text(params, name);
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw twilioErrors.invalidParameter(name, raw, 'true or false');
}

export function oneOf<T extends string>(params: FormParams, name: string, values: readonly T[]): T | undefined {
  const raw = text(params, name);
  if (raw === undefined) return undefined;
  const found = values.find((value) => value.toLowerCase() === raw.toLowerCase());
  if (!found) throw twilioErrors.invalidParameter(name, raw, values.join(' or '));
  return found;
}

/** An absolute http(s) URL; Twilio keeps the fragment (connection overrides) as given. */
export function absoluteUrl(params: FormParams, name: string): string | undefined {
  const raw = text(params, name);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  throw twilioErrors.invalidUrl(name, raw);
}
