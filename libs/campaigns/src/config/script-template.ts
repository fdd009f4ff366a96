import Mustache from 'mustache';

/** The fields a talk script can use: the lead's, its custom fields, and the agent's name. */
export interface ScriptContext {
  firstName?: string | null;
  lastName?: string | null;
  phone: string;
  email?: string | null;
  externalId?: string | null;
  region?: string | null;
  postalCode?: string | null;
  custom: Record<string, string>;
  agent: { name: string };
  /** The callee's local time when the call connected, e.g. "14:05". */
  localTime?: string;
}

/**
 * Our own Mustache writer without a template cache: the default one keeps
 * every template it ever parsed for the life of the process, and the
 * editor's live preview sends a new template at each keystroke (any manager
 * could grow the api's memory without bound).
 */
const writer = new Mustache.Writer();
(writer as unknown as { templateCache: undefined }).templateCache = undefined;

/**
 * The context as Mustache may see it: own fields only. Mustache looks names up
 * with `in`, so on plain objects `{{constructor}}`, `{{__proto__}}` or
 * `{{custom.constructor.constructor}}` reach Object.prototype (and call the
 * Function constructor); null-prototype copies leave them blank like any
 * unknown field.
 */
function ownFieldsOnly(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, field] of Object.entries(value)) copy[key] = ownFieldsOnly(field);
  return copy;
}

/** Renders a script for the screen: plain text, no HTML (the desktop escapes it). */
export function renderScript(template: string, context: ScriptContext): string {
  // Text, not HTML: no escaping here; the desktop shows it as text.
  return writer.render(template, ownFieldsOnly(context), {}, { escape: (value: string) => value });
}

function parseScript(template: string): unknown[][] {
  return writer.parse(template) as unknown[][];
}

/** Why Mustache cannot read a template (an unclosed section or tag), or null when it can. */
export function scriptTemplateProblem(template: string): string | null {
  try {
    parseScript(template);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Fields a template names that the context cannot fill, for validation at save time (none for a template that does not parse). */
export function unknownScriptFields(template: string): string[] {
  if (scriptTemplateProblem(template) !== null) return [];
  const known = new Set(['firstName', 'lastName', 'phone', 'email', 'externalId', 'region', 'postalCode', 'agent.name', 'localTime']);
  const names = parseScript(template)
    .filter((token) => token[0] === 'name' || token[0] === '&')
    .map((token) => String(token[1]));
  return [...new Set(names.filter((name) => !known.has(name) && !name.startsWith('custom.')))];
}

/** The lead a script editor previews against when the manager names no field of their own. */
export const SAMPLE_SCRIPT_CONTEXT: ScriptContext = {
  firstName: 'Hanako',
  lastName: 'Yamada',
  phone: '+81312345678',
  email: 'hanako@example.com',
  externalId: 'CUST-0001',
  region: 'Tokyo',
  postalCode: '100-0001',
  custom: { plan: 'Gold' },
  agent: { name: 'Sato' },
  localTime: '14:05',
};

export interface ScriptPreview {
  /** The script as the agent would read it; null when the template does not parse. */
  text: string | null;
  problem: string | null;
  unknownFields: string[];
}

/** What the editor shows as the manager types: the rendering for a sample lead, or why there is none. */
export function previewScript(template: string, sample: Partial<ScriptContext> = {}): ScriptPreview {
  const problem = scriptTemplateProblem(template);
  const context: ScriptContext = {
    ...SAMPLE_SCRIPT_CONTEXT,
    ...sample,
    custom: { ...SAMPLE_SCRIPT_CONTEXT.custom, ...sample.custom },
    agent: sample.agent ?? SAMPLE_SCRIPT_CONTEXT.agent,
  };
  return { text: problem === null ? renderScript(template, context) : null, problem, unknownFields: unknownScriptFields(template) };
}
