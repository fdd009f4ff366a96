import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { RebasingRequestClient } from '@dialer/telephony';

/** Twilio's official description of the 2010-04-01 API (OpenAPI 3, no `required` lists). */
export const TWILIO_OPENAPI_PATH =
  process.env.TWILIO_OPENAPI_PATH ?? path.resolve(__dirname, '../../contract/twilio/twilio_api_v2010.json');

type Json = Record<string, unknown>;

/** Twilio's custom `format`s, as the description uses them. */
const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const FORMATS: Record<string, RegExp | true> = {
  'date-time-rfc-2822': RFC_2822,
  // Twilio's "uri" fields hold absolute URLs and API paths alike (`/2010-04-01/...`).
  uri: /^(https?:\/\/\S+|\/\S*)$/,
  'http-method': /^(GET|POST|PUT|PATCH|DELETE|HEAD)$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/,
  'phone-number': /^\+?[1-9]\d{1,14}$/,
  'iso-country-code': /^[A-Z]{2}$/,
  currency: /^[A-Z]{3}$/,
  endpoint: /^(\+?[1-9]\d{1,14}|client:\S+|sip:\S+)$/,
  twiml: /^\s*</,
  // Object-valued formats: ajv checks formats on strings only; our required lists check their content.
  'uri-map': true,
  'phone-number-capabilities': true,
  'ice-server': true,
};

/** What our product relies on being present (and not null), beyond the description. */
export const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  call: ['sid', 'account_sid', 'status', 'to', 'from', 'direction', 'api_version', 'date_created', 'date_updated', 'uri', 'subresource_uris', 'queue_time'],
  conference: ['sid', 'account_sid', 'friendly_name', 'status', 'date_created', 'date_updated', 'api_version', 'uri', 'subresource_uris'],
  participant: ['account_sid', 'call_sid', 'conference_sid', 'status', 'muted', 'hold', 'start_conference_on_enter', 'end_conference_on_exit', 'date_created', 'date_updated', 'uri'],
  page: ['first_page_uri', 'page', 'page_size', 'start', 'end', 'uri'],
  error: ['code', 'message', 'more_info', 'status'],
};
/** Present as keys even when null. */
const PAGE_NULLABLE_KEYS = ['next_page_uri', 'previous_page_uri'];
const LIST_KEYS: Record<string, string> = { ListCall: 'calls', ListConference: 'conferences', ListParticipant: 'participants' };
const ITEM_KIND: Record<string, string> = {
  CreateCall: 'call', FetchCall: 'call', UpdateCall: 'call', ListCall: 'call',
  FetchConference: 'conference', UpdateConference: 'conference', ListConference: 'conference',
  CreateParticipant: 'participant', FetchParticipant: 'participant', UpdateParticipant: 'participant', ListParticipant: 'participant',
};

/** Twilio's error body; the description defines none. */
const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    code: { type: 'integer' },
    message: { type: 'string' },
    more_info: { type: 'string', format: 'uri' },
    status: { type: 'integer' },
  },
};

interface Operation {
  id: string;
  method: string;
  pattern: RegExp;
  /** Response schemas by status, compiled on first use. */
  schemas: Map<number, Json>;
  validators: Map<number, ValidateFunction>;
}

export interface ContractCheck {
  operationId: string;
  method: string;
  path: string;
  status: number;
  problems: string[];
}

/**
 * Prepares the description for ajv: `$ref`s point at the registered document
 * instead of the schema's own root, and the few untyped `nullable` properties
 * (meaning "anything, or null") lose the keyword ajv cannot apply without a type.
 */
function forAjv(value: unknown, rebase: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => forAjv(item, rebase));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Json;
  return Object.fromEntries(
    Object.entries(object)
      .filter(([key]) => !(key === 'nullable' && !('type' in object)))
      .map(([key, item]) => [key, rebase && key === '$ref' && typeof item === 'string' ? `twilio.json${item}` : forAjv(item, rebase)]),
  );
}

/**
 * Enums the description reaches through a bare `$ref`, which cannot say
 * `nullable`, although their own text says they are null at times (and Twilio
 * sends null): "When a conference is in progress, will be `null`".
 */
const NULLABLE_ENUMS = ['conference_enum_reason_conference_ended'];

function withNullableEnums(components: Json): Json {
  const schemas = { ...(components.schemas as Record<string, Json>) };
  for (const name of NULLABLE_ENUMS) {
    const schema = schemas[name];
    if (schema) schemas[name] = { ...schema, nullable: true, enum: [...((schema.enum as unknown[]) ?? []), null] };
  }
  return { ...components, schemas };
}

/** Response validators for every operation in Twilio's description, compiled on first use. */
export class TwilioContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly operations: Operation[] = [];
  private readonly errorValidator: ValidateFunction;

  constructor(document: Json = JSON.parse(readFileSync(TWILIO_OPENAPI_PATH, 'utf8')) as Json) {
    for (const [name, format] of Object.entries(FORMATS)) {
      this.ajv.addFormat(name, format === true ? true : format);
    }
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema({ $id: 'twilio.json', components: withNullableEnums(forAjv(document.components, false) as Json) }, 'twilio.json');
    this.errorValidator = this.ajv.compile(ERROR_SCHEMA);

    for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
      const pattern = new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(item)) {
        if (typeof operation !== 'object' || !operation.operationId) continue;
        const schemas = new Map<number, Json>();
        for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
          const schema = (response.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema;
          if (schema) schemas.set(Number(status), schema);
        }
        this.operations.push({ id: String(operation.operationId), method: method.toUpperCase(), pattern, schemas, validators: new Map() });
      }
    }
  }

  operationFor(method: string, pathname: string): Operation | undefined {
    return this.operations.find((operation) => operation.method === method.toUpperCase() && operation.pattern.test(pathname));
  }

  /** Problems with one response: the description's schema, then our required fields. */
  check(method: string, pathname: string, status: number, body: unknown): ContractCheck {
    const operation = this.operationFor(method, pathname);
    const result: ContractCheck = { operationId: operation?.id ?? 'unknown', method, path: pathname, status, problems: [] };
    if (!operation) {
      result.problems.push(`no operation in Twilio's description for ${method} ${pathname}`);
      return result;
    }
    if (status >= 400) {
      if (!this.errorValidator(body)) result.problems.push(...this.describe(this.errorValidator));
      result.problems.push(...missing(body, REQUIRED_FIELDS.error));
      return result;
    }
    if (status === 204) return result;
    const validator = this.validator(operation, status);
    if (!validator) {
      result.problems.push(`${operation.id} does not answer ${status} in Twilio's description (answers ${[...operation.schemas.keys()].join(', ')})`);
      return result;
    }
    if (!validator(body)) result.problems.push(...this.describe(validator));

    const kind = ITEM_KIND[operation.id];
    const listKey = LIST_KEYS[operation.id];
    if (listKey) {
      result.problems.push(...missing(body, REQUIRED_FIELDS.page));
      for (const key of [...PAGE_NULLABLE_KEYS, listKey]) if (!(key in (body as Json))) result.problems.push(`${key} is absent`);
      const items = (body as Json)[listKey];
      if (Array.isArray(items) && kind) items.forEach((item, i) => result.problems.push(...missing(item, REQUIRED_FIELDS[kind], `${listKey}[${i}].`)));
    } else if (kind) {
      result.problems.push(...missing(body, REQUIRED_FIELDS[kind]));
    }
    return result;
  }

  private validator(operation: Operation, status: number): ValidateFunction | undefined {
    const schema = operation.schemas.get(status);
    if (!schema) return undefined;
    let validator = operation.validators.get(status);
    if (!validator) {
      validator = this.ajv.compile(forAjv(schema, true) as Json);
      operation.validators.set(status, validator);
    }
    return validator;
  }

  private describe(validator: ValidateFunction): string[] {
    return (validator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  }
}

function missing(body: unknown, fields: readonly string[] | undefined, prefix = ''): string[] {
  const object = (body ?? {}) as Json;
  return (fields ?? []).filter((field) => object[field] === undefined || object[field] === null).map((field) => `${prefix}${field} is missing or null`);
}

/**
 * The SDK's transport to the emulator, checking every response against
 * Twilio's description on its way to the SDK (which then parses it). Tests
 * assert `violations()` is empty and see which operations were covered.
 */
export class ContractCheckingRequestClient extends RebasingRequestClient {
  readonly checks: ContractCheck[] = [];

  constructor(
    baseUrl: string,
    private readonly contract: TwilioContract,
  ) {
    super(baseUrl);
  }

  override async request<TData>(options: RequestClient.RequestOptions<TData>) {
    const response = await super.request<TData>(options);
    const body = typeof response.body === 'string' && response.body ? (JSON.parse(response.body) as unknown) : response.body;
    this.checks.push(this.contract.check(options.method, new URL(options.uri).pathname, response.statusCode, body));
    return response;
  }

  violations(): ContractCheck[] {
    return this.checks.filter((check) => check.problems.length > 0);
  }

  operationsSeen(): string[] {
    return [...new Set(this.checks.map((check) => check.operationId))].sort();
  }
}
