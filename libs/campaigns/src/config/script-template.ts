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

/** Renders a script for the screen: plain text, no HTML (the desktop escapes it). */
export function renderScript(template: string, context: ScriptContext): string {
  // Text, not HTML: no escaping here; the desktop shows it as text.
  return Mustache.render(template, context, {}, { escape: (value: string) => value });
}

/** Fields a template names that the context cannot fill, for validation at save time. */
export function unknownScriptFields(template: string): string[] {
  const known = new Set(['firstName', 'lastName', 'phone', 'email', 'externalId', 'region', 'postalCode', 'agent.name', 'localTime']);
  const names = (Mustache.parse(template) as unknown[][])
    .filter((token) => token[0] === 'name' || token[0] === '&')
    .map((token) => String(token[1]));
  return [...new Set(names.filter((name) => !known.has(name) && !name.startsWith('custom.')))];
}
