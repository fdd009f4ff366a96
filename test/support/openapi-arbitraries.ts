import fc from 'fast-check';

/** The parts of an OpenAPI 3 document (as @nestjs/swagger writes it) that generation reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** `/campaigns/{id}/lists/{listId}` */
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, if the operation takes one (any other content type: null). */
  body: Schema | null;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, with its JSON body schema when it has one. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({
        method,
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      })),
  );
}

function resolve(schema: Schema, document: OpenApiDocument): Schema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    current = document.components?.schemas?.[current.$ref.replace('#/components/schemas/', '')] ?? {};
  }
  const composed = current.allOf ?? current.oneOf ?? current.anyOf;
  return composed?.length ? resolve(composed[0]!, document) : current;
}

/** Values the schema allows (as far as the document says: DTO rules it does not state still refuse some). */
export function valueOf(schema: Schema, document: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, document);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const example = s.example !== undefined ? [fc.constant(s.example)] : [];
  switch (s.type) {
    case 'string': {
      const byFormat =
        s.format === 'uuid'
          ? fc.uuid()
          : s.format === 'email'
            ? fc.emailAddress()
            : s.format === 'date-time'
              ? fc.date({ noInvalidDate: true }).map((date) => date.toISOString())
              : fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) });
      return fc.oneof(...example, byFormat);
    }
    case 'integer':
      return fc.oneof(...example, fc.integer({ min: s.minimum ?? -1_000, max: s.maximum ?? 100_000 }));
    case 'number':
      return fc.oneof(...example, fc.double({ min: s.minimum ?? -1_000, max: s.maximum ?? 100_000, noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(valueOf(s.items ?? {}, document, depth + 1), { maxLength: 3 });
    default: {
      if (!s.properties) return fc.oneof(...example, fc.jsonValue({ maxDepth: 2 }));
      if (depth > 4) return fc.constant({});
      const properties = Object.fromEntries(Object.entries(s.properties).map(([name, property]) => [name, valueOf(property, document, depth + 1)]));
      // Half the time every property: the mutations then have real fields to bend.
      const all = fc.record(properties);
      return fc.oneof(...example, all, fc.record(properties, { requiredKeys: s.required ?? [] }));
    }
  }
}

/** Keys that reach Object.prototype or shadow its methods when an object is keyed by input. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

/** A leaf no well-behaved client sends: refused with a 4xx, never a 500. */
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constantFrom('\u0000', 'a\u0000b', '%00', '\uffff', '\ud800', '𝒳'.repeat(50), ' ', ''),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.1, -0),
  fc.constantFrom(true, false),
  fc.constantFrom([], {}, [null], [[[]]], { a: { b: { c: {} } } }),
  fc.constantFrom('x'.repeat(20_000), '9'.repeat(400), '1e999', 'NaN', 'Infinity'),
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** JSON text: what a client can send that JSON.stringify of a plain value cannot express. */
export type Body = { json: unknown } | { text: string };

const nested = (depth: number, open: string, close: string, leaf = '1') => `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;

/** Paths (`['settings', 'pacing']`) of every object and array in a value, root first. */
function containersOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    out.push(path);
    for (const [key, item] of Object.entries(value)) containersOf(item, [...path, Array.isArray(value) ? Number(key) : key], out);
  }
  return out;
}

function at(value: unknown, path: (string | number)[]): Record<string, unknown> {
  return path.reduce<unknown>((current, key) => (current as Record<string | number, unknown>)[key], value) as Record<string, unknown>;
}

/**
 * A valid-looking body bent one way: a field set to a hostile leaf, a
 * prototype key added, the whole body swapped for another JSON type, or JSON
 * nested thousands deep.
 */
export function hostileBody(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Body> {
  const bent = fc.tuple(valid, fc.nat(), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...PROTOTYPE_KEYS)), hostileLeaf, fc.boolean()).map(
    ([value, pick, key, leaf, replaceExisting]): Body => {
      const copy = structuredClone(value ?? {});
      const containers = containersOf(copy);
      if (containers.length === 0) return { json: leaf };
      const target = at(copy, containers[pick % containers.length]!);
      const existing = Object.keys(target);
      const name = replaceExisting && existing.length > 0 ? existing[pick % existing.length]! : key;
      // Defined, not assigned: `__proto__` stays an own key, as JSON.parse makes it on the server.
      Object.defineProperty(target, name, { value: leaf, enumerable: true, writable: true, configurable: true });
      return { json: copy };
    },
  );
  // One existing field, anywhere in the body, set to what clients get wrong most: null, a NUL, another type.
  const field = fc
    .tuple(valid, fc.nat(), fc.constantFrom<unknown>(null, 'x\u0000y', '\ud800', [], {}, 1, 'text', true))
    .map(([value, pick, leaf]): Body => {
      const copy = structuredClone(value ?? {});
      const fields = containersOf(copy).flatMap((path) => Object.keys(at(copy, path)).map((key) => ({ path, key })));
      if (fields.length === 0) return { json: leaf };
      const { path, key } = fields[pick % fields.length]!;
      at(copy, path)[key] = leaf;
      return { json: copy };
    });
  const swapped = hostileLeaf.map((leaf): Body => ({ json: leaf }));
  const deep = fc.constantFrom<Body>(
    { text: nested(5_000, '{"a":', '}') },
    { text: nested(5_000, '[', ']') },
    { text: `{"settings":${nested(2_000, '{"pacing":', '}', '{}')}}` },
    { text: '{"__proto__":{"role":"admin","isAdmin":true},"constructor":{"prototype":{"polluted":1}}}' },
    { text: '{"a":1,"a":2,"name":"\\u0000"}' },
    { text: '{"unterminated": ' },
  );
  return fc.oneof({ weight: 5, arbitrary: field }, { weight: 4, arbitrary: bent }, { weight: 2, arbitrary: swapped }, { weight: 1, arbitrary: deep });
}

/** Every field path the schema names (`['settings', 'pacing', 'maxAbandonRate']`; arrays as index 0), parents first. */
export function fieldPathsOf(schema: Schema, document: OpenApiDocument, depth = 0): (string | number)[][] {
  const s = resolve(schema, document);
  if (depth > 4) return [];
  if (s.type === 'array' && s.items) return fieldPathsOf(s.items, document, depth + 1).map((path) => [0, ...path]);
  return Object.entries(s.properties ?? {}).flatMap(([name, property]) => [
    [name],
    ...fieldPathsOf(property, document, depth + 1).map((path) => [name, ...path]),
  ]);
}

/** The smallest body that puts `leaf` at `path`. */
export function bodyWithLeafAt(path: (string | number)[], leaf: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), leaf);
}

/** What every field gets in the sweep: null, text PostgreSQL cannot store, text that is not Unicode, the wrong JSON type. */
export const SWEEP_LEAVES: readonly unknown[] = [null, 'x\u0000y', '\ud800', [], {}, 12345678];
