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

/**
 * One reason a script cannot be used: `code` is stable (a client words it in
 * its own language from it), `params` name what the message names (the tag as
 * written, the field), `message` is English, for logs and scripts.
 */
export interface ScriptProblem {
  code: string;
  message: string;
  params: Record<string, string | number>;
}

/** The longest a tag is quoted in a message: an unclosed tag runs to the end of the script. */
const QUOTED_TAG_MAX = 40;
const quoted = (text: string) => (text.length > QUOTED_TAG_MAX ? `${text.slice(0, QUOTED_TAG_MAX)}…` : text);

/** Mustache's parse error as a problem with a code, naming the tag it is about where Mustache says which. */
function parseProblem(template: string, reason: string): ScriptProblem {
  const message = `script is not a valid template: ${reason}`;
  const unclosedTag = /^Unclosed tag at (\d+)$/.exec(reason);
  if (unclosedTag) {
    const at = Number(unclosedTag[1]);
    const start = template.lastIndexOf('{{', at);
    // Where the tag opens, as a person counts (the first character is 1).
    if (start >= 0) return { code: 'SCRIPT_UNCLOSED_TAG', message, params: { tag: quoted(template.slice(start, at).trimEnd()), position: start + 1 } };
  }
  const section = /^Unclosed section "(.*)" at \d+$/.exec(reason);
  if (section) {
    const tag = template.includes(`{{^${section[1]}}}`) && !template.includes(`{{#${section[1]}}}`) ? `{{^${section[1]}}}` : `{{#${section[1]}}}`;
    return { code: 'SCRIPT_UNCLOSED_SECTION', message, params: { tag: quoted(tag) } };
  }
  const unopened = /^Unopened section "(.*)" at \d+$/.exec(reason);
  if (unopened) return { code: 'SCRIPT_UNOPENED_SECTION', message, params: { tag: quoted(`{{/${unopened[1]}}}`) } };
  return { code: 'SCRIPT_INVALID_TEMPLATE', message, params: { reason } };
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
export function scriptTagProblems(template: string): (ScriptProblem & { tag: string })[] {
  const tokens = tokensOf(template);
  if (!tokens) return [];
  const problems: (ScriptProblem & { tag: string })[] = [];
  const refuse = (tag: string, code: string, message: string) => problems.push({ tag, code, message, params: { tag: quoted(tag) } });
  const walk = (list: Token[]) => {
    for (const token of list) {
      const [type, name] = token;
      if (type === 'text' || type === '!') continue;
      const tag = tagText(template, token);
      if (type === 'name' && (name === '.' || !/^[^.]+(\.[^.]+)*$/.test(name))) refuse(tag, 'SCRIPT_NO_FIELD_NAME', `${tag} names no field: write {{field}}`);
      else if (type === 'name') continue;
      else if (type === '#' || type === '^') refuse(tag, 'SCRIPT_SECTION', `${tag} opens a section: a script has only plain field tags such as {{firstName}}`);
      else if (type === '&') refuse(tag, 'SCRIPT_UNESCAPED_TAG', `${tag} is an unescaped tag: write {{${name}}} (scripts are plain text, nothing is escaped)`);
      else if (type === '>') refuse(tag, 'SCRIPT_PARTIAL', `${tag} includes another template: a script has only plain field tags`);
      else if (type === '=') refuse(tag, 'SCRIPT_DELIMITERS', `${tag} changes the tag delimiters: a script uses {{ and }}`);
      else refuse(tag, 'SCRIPT_NOT_A_FIELD_TAG', `${tag} is not a field tag`);
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

/** Every reason a script cannot be saved, each with its code and naming the tag, or an empty list. */
export function scriptProblems(template: string): ScriptProblem[] {
  const parse = scriptTemplateProblem(template);
  if (parse !== null) return [parseProblem(template, parse)];
  return [
    ...scriptTagProblems(template).map(({ code, message, params }) => ({ code, message, params })),
    ...unknownScriptFields(template).map((name) => ({
      code: 'SCRIPT_UNKNOWN_FIELD',
      message: `{{${name}}} names no field a lead has (use ${FIELDS.map((field) => `{{${field}}}`).join(', ')} or {{custom.<column>}})`,
      params: { tag: quoted(`{{${name}}}`), field: name },
    })),
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
  /** Why there is no text, one by one with its code and the tag it names (empty when there is text). */
  problems: ScriptProblem[];
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
  const problems = problem !== null ? [parseProblem(template, problem)] : tags.map(({ code, message, params }) => ({ code, message, params }));
  return { text: refused === null ? renderScript(template, context) : null, problem: refused, problems, unknownFields: unknownScriptFields(template) };
}
