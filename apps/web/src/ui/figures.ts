import type { TFunction } from 'i18next';

/**
 * The figures the api states beside a code (`params`: a limit, a count, a
 * row), by name. One it does not give (absent, null, undefined) is missing:
 * a record stored before the api gave it has a code and no figures.
 */
export type Figures = Readonly<Record<string, unknown>>;

const isGiven = (value: unknown) => value !== null && value !== undefined;
const given = (params: Figures | null | undefined, name: string) => !!params && Object.hasOwn(params, name) && isGiven(params[name]);

/** `template` with each {{name}} replaced by its figure; undefined when a figure it names is not given. */
export function withFigures(template: string, params: Figures | null | undefined): string | undefined {
  let complete = true;
  const text = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!given(params, name)) complete = false;
    return complete ? String(params![name]) : '';
  });
  return complete ? text : undefined;
}

/**
 * The first of `keys` (i18next keys, the sentence with the most figures first)
 * that exists and whose every {{figure}} `params` gives; else `otherwise`. A
 * page never shows a raw `{{…}}`: a sentence is only used whole.
 */
export function sentenceWithFigures(t: TFunction, keys: readonly string[], params: Figures | null | undefined, otherwise: string): string {
  const figures: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params ?? {})) if (isGiven(value)) figures[name] = value;
  for (const key of keys) {
    let complete = true;
    const text = t(key, {
      ...figures,
      defaultValue: '',
      missingInterpolationHandler: () => {
        complete = false;
        return '';
      },
    });
    if (complete && text !== '') return text;
  }
  return otherwise;
}
