/**
 * What went wrong, in terms a transport can map: the HTTP filter turns a kind
 * into a status, a job processor decides from it whether a retry can help.
 */
export type DomainErrorKind =
  | 'invalid' // the request itself is wrong (400)
  | 'unauthenticated' // who are you? (401)
  | 'forbidden' // you may not (403)
  | 'not_found' // (404)
  | 'conflict' // the state of things forbids it now (409)
  | 'too_large' // (413)
  | 'unprocessable' // understood but cannot be acted on (422)
  | 'rate_limited' // slow down (429)
  | 'unavailable'; // a dependency is down; retrying may help (503)

/**
 * The one error type the domain throws. `code` is stable and documented:
 * clients and tests match on it, never on the message.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Whether a job that hit this error should be retried by the queue. */
  get retryable(): boolean {
    return this.kind === 'unavailable';
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super(`${entity.toUpperCase()}_NOT_FOUND`, `${entity} ${id} does not exist`, 'not_found', { id });
  }
}

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `settings.ringTimeoutSec`. */
  field: string;
  messages: string[];
  /**
   * The rule each message reports (class-validator's name: `isPhoneNumber`,
   * `notBefore`…), in the same order: a client words the refusal in its own
   * language from it; the messages stay English, for logs and scripts.
   */
  rules?: string[];
  /**
   * The figures each message names (a tag, an id, a limit), in the same order,
   * where the rule has any: a client's sentence names them as the message does.
   */
  params?: (Record<string, string | number> | undefined)[];
}

export class ValidationFailedError extends DomainError {
  constructor(readonly fields: FieldProblem[]) {
    super(
      'VALIDATION_FAILED',
      fields.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | ') || 'Invalid request',
      'invalid',
      { fields },
    );
  }
}
