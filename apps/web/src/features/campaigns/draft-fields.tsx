import { createContext, ReactNode, useContext, useId } from 'react';
import { invalidControl, useFieldMessages, useIssueText } from '../../ui/field-errors';
import type { Issue, Settings } from './campaign-types';
import { fromLines, fromNumber, fromPercent, getAt, issuesAt, toPercent } from './settings-draft';

/** What every field of the settings form reads: the draft, the settings in force, the readiness issues, the last save's error. */
export interface DraftState {
  draft: Settings;
  set: (path: string, value: unknown) => void;
  effective?: Record<string, unknown>;
  problems?: Issue[];
  warnings?: Issue[];
  error?: unknown;
}

export const DraftContext = createContext<DraftState | null>(null);

export function useDraft(): DraftState {
  const state = useContext(DraftContext);
  if (!state) throw new Error('useDraft outside a DraftContext');
  return state;
}

/** What is said of a field: readiness problems (blocking) and warnings, the api's refusal on the last save (in the page's language). */
function useNotes(field: string, exact = false) {
  const { problems, warnings, error } = useDraft();
  const messagesAt = useFieldMessages();
  return { blocking: issuesAt(problems, field, exact), worth: issuesAt(warnings, field, exact), refused: exact ? [] : messagesAt(error, field) };
}

/**
 * Beside a field: the readiness problems (blocking) and warnings about it, and
 * what the api said of it on the last save. `field` is the api's path
 * (`settings.callerIds.numbers`, `name`); `exact` for a group whose fields show their own.
 */
export function FieldNotes({ field, id, exact }: { field: string; id?: string; exact?: boolean }) {
  const { blocking, worth, refused } = useNotes(field, exact);
  const issueText = useIssueText();
  if (blocking.length + worth.length + refused.length === 0) return null;
  return (
    <div id={id} className="cmp-notes">
      {blocking.map((issue) => (
        <p key={`p-${issue.field}-${issue.code}`} className="field-error" data-readiness={issue.code}>
          {issueText(issue)}
        </p>
      ))}
      {refused.map((message) => (
        <p key={`e-${message}`} className="field-error" data-refused>
          {message}
        </p>
      ))}
      {worth.map((issue) => (
        <p key={`w-${issue.field}-${issue.code}`} className="warn" data-readiness-warning={issue.code}>
          {issueText(issue)}
        </p>
      ))}
    </div>
  );
}

/** A control's attributes: described by its notes; invalid while a problem or the last save's refusal concerns it (marked for ErrorNotice then). */
type ControlProps = { 'aria-describedby': string; 'aria-invalid'?: true; 'data-invalid-field'?: string };

/** A labelled control bound to a settings path, with its notes below it. */
function Labelled({ path, label, hint, children }: { path: string; label: string; hint?: ReactNode; children: (id: string, control: ControlProps) => ReactNode }) {
  const id = useId();
  const notes = `${id}-notes`;
  const field = `settings.${path}`;
  const { blocking, refused } = useNotes(field);
  const control: ControlProps = refused.length > 0 ? invalidControl(field, notes) : { 'aria-describedby': notes, ...(blocking.length > 0 ? { 'aria-invalid': true } : {}) };
  return (
    <div className="cmp-field" data-field={field}>
      <label htmlFor={id}>{label}</label>
      {children(id, control)}
      {hint && <p className="hint">{hint}</p>}
      <FieldNotes field={field} id={notes} />
    </div>
  );
}

const placeholderOf = (effective: Record<string, unknown> | undefined, path: string, asPercent = false) => {
  const value = getAt(effective, path);
  if (value === undefined || value === null || typeof value === 'object') return undefined;
  return asPercent ? toPercent(value) : String(value);
};

export function NumberField({ path, label, hint, percent, min, max, step }: { path: string; label: string; hint?: ReactNode; percent?: boolean; min?: number; max?: number; step?: number }) {
  const { draft, set, effective } = useDraft();
  const value = getAt(draft, path);
  return (
    <Labelled path={path} label={label} hint={hint}>
      {(id, control) => (
        <input
          id={id}
          name={path}
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step ?? (percent ? 0.1 : 1)}
          {...control}
          placeholder={placeholderOf(effective, path, percent)}
          value={percent ? toPercent(value) : typeof value === 'number' ? String(value) : ''}
          onChange={(event) => set(path, percent ? fromPercent(event.target.value) : fromNumber(event.target.value))}
        />
      )}
    </Labelled>
  );
}

export function TextField({ path, label, hint, multiline, maxLength }: { path: string; label: string; hint?: ReactNode; multiline?: boolean; maxLength?: number }) {
  const { draft, set, effective } = useDraft();
  const value = getAt(draft, path);
  const props = {
    name: path,
    maxLength,
    placeholder: placeholderOf(effective, path),
    value: typeof value === 'string' ? value : '',
  };
  return (
    <Labelled path={path} label={label} hint={hint}>
      {(id, control) =>
        multiline ? (
          <textarea id={id} rows={3} {...control} {...props} onChange={(event) => set(path, event.target.value === '' ? undefined : event.target.value)} />
        ) : (
          <input id={id} {...control} {...props} onChange={(event) => set(path, event.target.value === '' ? undefined : event.target.value)} />
        )
      }
    </Labelled>
  );
}

/** One item per line (caller ids, holidays). */
export function LinesField({ path, label, hint }: { path: string; label: string; hint?: ReactNode }) {
  const { draft, set } = useDraft();
  const value = getAt(draft, path);
  return (
    <Labelled path={path} label={label} hint={hint}>
      {(id, control) => (
        <textarea
          id={id}
          name={path}
          rows={3}
          {...control}
          defaultValue={Array.isArray(value) ? value.join('\n') : ''}
          onChange={(event) => set(path, fromLines(event.target.value))}
        />
      )}
    </Labelled>
  );
}

export function SelectField({ path, label, options, hint }: { path: string; label: string; options: { value: string; label: string }[]; hint?: ReactNode }) {
  const { draft, set, effective } = useDraft();
  const value = getAt(draft, path);
  const inForce = placeholderOf(effective, path);
  const inForceLabel = options.find((option) => option.value === inForce)?.label ?? inForce;
  return (
    <Labelled path={path} label={label} hint={hint}>
      {(id, control) => (
        <select id={id} name={path} {...control} value={typeof value === 'string' ? value : ''} onChange={(event) => set(path, event.target.value || undefined)}>
          <option value="">{inForceLabel ? `— ${inForceLabel} —` : '—'}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

export function CheckField({ path, label, hint }: { path: string; label: string; hint?: ReactNode }) {
  const { draft, set, effective } = useDraft();
  const value = getAt(draft, path);
  const checked = typeof value === 'boolean' ? value : getAt(effective, path) === true;
  return (
    <div className="cmp-field" data-field={`settings.${path}`}>
      <label className="check">
        <input type="checkbox" name={path} checked={checked} onChange={(event) => set(path, event.target.checked)} />
        {label}
      </label>
      {hint && <p className="hint">{hint}</p>}
      <FieldNotes field={`settings.${path}`} />
    </div>
  );
}

/** A titled group of the form (a `<fieldset>`), with the issues naming the group itself. */
export function Section({ id, title, field, children }: { id: string; title: string; field?: string; children: ReactNode }) {
  return (
    <fieldset className="cmp-section" id={`section-${id}`}>
      <legend>{title}</legend>
      {field && <FieldNotes field={field} exact />}
      <div className="cmp-grid">{children}</div>
    </fieldset>
  );
}
