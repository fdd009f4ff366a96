/** openapi-fetch's answers, for specs that give a page a fake api client. */
export const answer = (data: unknown) => Promise.resolve({ data, response: { ok: true, status: 200, statusText: 'OK' } as Response });

/** A refusal as the api sends it: its code, English message and details (e.g. `fields`). */
export const refusal = (status: number, code: string, message: string, details: unknown = {}) =>
  Promise.resolve({ error: { code, message, details }, response: { ok: false, status, statusText: '' } as Response });
