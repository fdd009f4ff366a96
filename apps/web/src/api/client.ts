import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { serverClock } from './server-clock';

/** What the api said of one field: its messages (English) and, for a validation, the rule behind each (`isPhoneNumber`…). */
export interface FieldRefusal {
  field: string;
  messages: string[];
  rules?: string[];
  /** The figures each message states (a readiness problem's `params`), in the same order, where the api gives them. */
  params?: (Readonly<Record<string, string | number>> | undefined)[];
}

/** An api refusal as the page shows it: the server's code and message, and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldRefusal[] = [],
    /** The error's other details as the api sent them (e.g. a gate's `reasonCode` and `retryAt`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * The typed client (openapi-fetch over the generated `paths`): every route,
 * body and response is checked against the api's OpenAPI description.
 * `getToken` is read on every request, so signing in or out needs no new client.
 */
export function createApiClient(options: { baseUrl: string; getToken: () => string | null; fetch?: typeof fetch; onUnauthorized?: () => void }) {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  client.use({
    onRequest({ request }) {
      const token = options.getToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    // A token the api no longer accepts (expired, user deactivated) ends the session: the page
    // sends its user to sign in rather than showing "Unauthorized" in every panel.
    onResponse({ request, response }) {
      // The server's time to the second, until the desk's or wallboard's socket measures it better (server-clock.ts).
      serverClock.addDateHeader(response.headers.get('date'));
      if (response.status === 401 && request.headers.has('authorization')) options.onUnauthorized?.();
      return response;
    },
  });
  return client;
}

/** The data of an openapi-fetch answer, or an ApiError carrying the server's explanation. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { code?: string; message?: string; details?: unknown };
  type Field = FieldRefusal;
  // The api sends a validation failure's fields as `details.fields` (its message already names them).
  const listed = (body.details as { fields?: unknown } | undefined)?.fields;
  const validation = Array.isArray(body.details) ? (body.details as Field[]) : Array.isArray(listed) ? (listed as Field[]) : [];
  const detail = Array.isArray(body.details) && validation.length > 0 ? ` (${validation.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | ')})` : '';
  const fields = validation.length > 0 ? validation : problemFields(body.details);
  throw new ApiError(response.status, body.code ?? `HTTP_${response.status}`, `${body.message ?? response.statusText}${detail}`, fields, (body.details ?? {}) as Record<string, unknown>);
}

/**
 * A domain refusal that lists problems tied to settings (`details.problems`:
 * a campaign not ready to start, a change refused) as fields, so a form shows
 * each beside its field; the message already names them all.
 */
function problemFields(details: unknown): FieldRefusal[] {
  const problems = (details as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(problems)) return [];
  const byField = new Map<string, Required<FieldRefusal>>();
  for (const problem of problems as { field?: unknown; message?: unknown; code?: unknown; params?: unknown }[]) {
    if (typeof problem.field !== 'string' || typeof problem.message !== 'string') continue;
    const refusal = byField.get(problem.field) ?? { field: problem.field, messages: [], rules: [], params: [] };
    refusal.messages.push(problem.message);
    refusal.rules.push(typeof problem.code === 'string' ? problem.code : '');
    refusal.params.push(typeof problem.params === 'object' && problem.params !== null ? (problem.params as Record<string, string | number>) : undefined);
    byField.set(problem.field, refusal);
  }
  return [...byField.values()];
}
