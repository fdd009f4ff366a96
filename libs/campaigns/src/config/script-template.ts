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
 * could grow the api's memory without bound). It only parses: rendering is
 * ours (renderScript), over the tags a script may use.
 */
const writer = new Mustache.Writer();
(writer as unknown as { templateCache: undefined }).templateCache = undefined;

/** The lead's and the agent's fields a script can name, besides `custom.<key>`. */
const FIELDS = ['firstName', 'lastName', 'phone', 'email', 'externalId', 'region', 'postalCode', 'agent.name', 'localTime'] as const;
const KNOWN_FIELDS: ReadonlySet<string> = new Set(FIELDS);
const CUSTOM_FIELD = /^custom\.([^.]+)$/;

/** [type, value, start, end, children?]: Mustache's token, as its parser returns it. */
type Token = [string, string, number, number, Token[]?];

/** Whether a tag names something a script can fill: a lead field, `agent.name`, `localTime` or `custom.<key>`. */
const isKnownField = (name: string) => KNOWN_FIELDS.has(name) || CUSTOM_FIELD.test(name);

function parseScript(template: string): Token[] {
  return writer.parse(template) as Token[];
}

/** The template's tokens, or null when Mustache cannot read it. */
function tokensOf(template: string): Token[] | null {
  try {
    return parseScript(template);
  } catch {
    return null;
  }
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

/** How a tag reads in the template, for a message that names it. */
const tagText = (template: string, token: Token) => template.slice(token[2], token[3]);

/**
 * The tags a script may not use, each named as written with why. A script is
 * text with plain tags of fields ({{firstName}}, {{custom.plan}}): sections,
 * inverted sections, partials, unescaped or delimiter-changing tags, `{{.}}`
 * and paths into a field ({{firstName.length}}) would reach an object, a
 * JavaScript member or another template, none of which an agent should read.
 * Unknown plain names are not here: see unknownScriptFields.
 */
export function scriptTagProblems(template: string): { tag: string; message: string }[] {
  const tokens = tokensOf(template);
  if (!tokens) return [];
  const problems: { tag: string; message: string }[] = [];
  const walk = (list: Token[]) => {
    for (const token of list) {
      const [type, name] = token;
      if (type === 'text' || type === '!') continue;
      const tag = tagText(template, token);
      if (type === 'name' && (name === '.' || !/^[^.]+(\.[^.]+)*$/.test(name))) problems.push({ tag, message: `${tag} names no field: write {{field}}` });
      else if (type === 'name') continue;
      else if (type === '#' || type === '^') problems.push({ tag, message: `${tag} opens a section: a script has only plain field tags such as {{firstName}}` });
      else if (type === '&') problems.push({ tag, message: `${tag} is an unescaped tag: write {{${name}}} (scripts are plain text, nothing is escaped)` });
      else if (type === '>') problems.push({ tag, message: `${tag} includes another template: a script has only plain field tags` });
      else if (type === '=') problems.push({ tag, message: `${tag} changes the tag delimiters: a script uses {{ and }}` });
      else problems.push({ tag, message: `${tag} is not a field tag` });
      // A section's own tags too (a partial's fifth element is its indentation, not tokens).
      if ((type === '#' || type === '^') && Array.isArray(token[4])) walk(token[4]);
    }
  };
  walk(tokens);
  return problems;
}

/** Fields a template names that the context cannot fill, for validation at save time (none for a template that does not parse). */
export function unknownScriptFields(template: string): string[] {
  const tokens = tokensOf(template);
  if (!tokens) return [];
  const names = tokens.filter((token) => token[0] === 'name' && /^[^.]+(\.[^.]+)*$/.test(token[1])).map((token) => token[1]);
  return [...new Set(names.filter((name) => !isKnownField(name)))];
}

/** Every reason a script cannot be saved, each naming the tag, or an empty list. */
export function scriptProblems(template: string): string[] {
  const parse = scriptTemplateProblem(template);
  if (parse !== null) return [`script is not a valid template: ${parse}`];
  return [
    ...scriptTagProblems(template).map((problem) => problem.message),
    ...unknownScriptFields(template).map((name) => `{{${name}}} names no field a lead has (use ${FIELDS.map((field) => `{{${field}}}`).join(', ')} or {{custom.<column>}})`),
  ];
}

/** A field's value as the script shows it: text as is, a number or a boolean written out, anything else blank. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * The context as the script sees it: a Map of tag name to text, own fields
 * only. A tag is looked up by its whole name, so nothing a script writes
 * can reach a JavaScript member (`constructor`, `__proto__`, `length`) nor
 * an object to stringify.
 */
function fieldValues(context: ScriptContext): Map<string, string> {
  const values = new Map<string, string>();
  const lead = context as unknown as Record<string, unknown>;
  for (const field of FIELDS) {
    if (field === 'agent.name') continue;
    if (Object.prototype.hasOwnProperty.call(lead, field)) values.set(field, asText(lead[field]));
  }
  const agent = context.agent as unknown;
  if (agent !== null && typeof agent === 'object' && Object.prototype.hasOwnProperty.call(agent, 'name')) {
    values.set('agent.name', asText((agent as Record<string, unknown>).name));
  }
  const custom = context.custom as unknown;
  if (custom !== null && typeof custom === 'object' && !Array.isArray(custom)) {
    for (const [key, value] of Object.entries(custom)) values.set(`custom.${key}`, asText(value));
  }
  return values;
}

/**
 * Renders a script for the screen: plain text, no HTML (the desktop shows it
 * as text). Only plain tags of known fields are filled; any other tag (one
 * stored before scripts were checked) renders blank, a section with its
 * content. Never throws: a template that does not parse shows as written.
 */
export function renderScript(template: string, context: ScriptContext): string {
  const tokens = tokensOf(template);
  if (!tokens) return template;
  const values = fieldValues(context);
  let text = '';
  for (const [type, name] of tokens) {
    if (type === 'text') text += name;
    else if (type === 'name' && isKnownField(name)) text += values.get(name) ?? '';
  }
  return text;
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
  /** The script as the agent would read it; null when the template does not parse or uses a tag a script may not. */
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
  const tags = scriptTagProblems(template);
  const refused = problem ?? (tags.length > 0 ? tags.map((tag) => tag.message).join('; ') : null);
  return { text: refused === null ? renderScript(template, context) : null, problem: refused, unknownFields: unknownScriptFields(template) };
}
