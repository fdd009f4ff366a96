import type { DeskScreenPop } from '@dialer/desk-events';
import { FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverNow } from '../../api/server-clock';
import { Banner } from '../../ui/banner';
import { useErrorText } from '../../ui/error-text';
import { useSingleFlight } from '../../ui/use-single-flight';
import { callMemory, DispositionDraft } from './call-memory';
import { CallingHours, checkCallback, zonedIso } from './calling-hours';
import { dispositionData, fieldsFor } from './disposition-fields';

export interface DispositionSubmission {
  code: string;
  data?: Record<string, unknown>;
  callbackAt?: string;
  personalCallback?: boolean;
  notes?: string;
}

interface Props {
  pop: DeskScreenPop;
  callingHours: CallingHours | null;
  /** A disposition may not be saved until this is null (e.g. the JP disclosure is unconfirmed). */
  blockedBy: string | null;
  onSubmit(submission: DispositionSubmission): Promise<void>;
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable);

/**
 * The call's outcome: the campaign's codes as buttons with number hotkeys, the
 * details the chosen code needs, a callback in the callee's local time, notes.
 * The draft survives a reload; the api's field errors show beside the form.
 */
export function DispositionForm({ pop, callingHours, blockedBy, onSubmit }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText({ withOriginal: true });
  const [draft, setDraft] = useState<DispositionDraft>(() => callMemory.loadDraft(pop.attemptId));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // `saving` turns on a render late: the guard refuses a second Enter or click at once.
  const once = useSingleFlight();
  const formRef = useRef<HTMLFormElement>(null);
  const zone = pop.localTime?.zone ?? 'UTC';
  const otherZones = useMemo(() => pop.localTime?.otherZones ?? [], [pop.localTime]);
  const kind = pop.campaign.kind;
  const chosen = pop.dispositions.find((d) => d.code === draft.code) ?? null;
  const fields = fieldsFor(kind, draft.code);

  const update = (change: Partial<DispositionDraft>) =>
    setDraft((current) => {
      const next = { ...current, ...change };
      callMemory.saveDraft(pop.attemptId, next);
      return next;
    });

  const callbackProblem = useMemo(() => {
    if (!chosen?.isCallback || !draft.callbackAt || !callingHours) return null;
    // In the past by the server's clock, which will refuse it, not the browser's.
    const check = checkCallback(draft.callbackAt, zone, callingHours, new Date(serverNow()), otherZones);
    if (check.ok) return null;
    if (check.reason === 'past') return t('desk.disposition.callbackPast');
    if (check.otherZone) {
      return t('desk.disposition.callbackOtherZone', { zone: check.otherZone });
    }
    if (check.reason === 'closed') return t('desk.disposition.callbackClosed');
    return t('desk.disposition.callbackOutside', { hours: check.window ? `${check.window.start}–${check.window.end}` : '' });
  }, [chosen, draft.callbackAt, callingHours, zone, otherZones, t]);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    const code = draft.code;
    if (!code || saving || blockedBy || callbackProblem) return;
    await once(async () => {
      setSaving(true);
      setError(null);
      try {
        const data = kind === 'survey' ? (Object.keys(draft.answers).length > 0 ? { answers: draft.answers } : undefined) : dispositionData(fields, draft.data, (local) => zonedIso(local, zone));
        await onSubmit({
          code,
          ...(data && Object.keys(data).length > 0 ? { data } : {}),
          ...(chosen?.isCallback ? { callbackAt: draft.callbackAt, personalCallback: draft.personalCallback } : {}),
          ...(draft.notes.trim() ? { notes: draft.notes.trim() } : {}),
        });
        callMemory.clearDraft(pop.attemptId);
      } catch (failure) {
        setError(errorText(failure));
      } finally {
        setSaving(false);
      }
    });
  }

  // Digits and F1–F9 pick a code while no field has focus; Ctrl+Enter saves; Esc comes back to the form.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey && event.key === 'Enter') {
        event.preventDefault();
        void saveRef.current();
        return;
      }
      if (event.key === 'Escape') {
        formRef.current?.querySelector<HTMLElement>('button[aria-pressed="true"], button.code')?.focus();
        return;
      }
      if (event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
      const digit = /^[1-9]$/.test(event.key) ? Number(event.key) : /^F[1-9]$/.test(event.key) ? Number(event.key.slice(1)) : null;
      if (digit === null) return;
      const code = pop.dispositions[digit - 1];
      if (!code) return;
      event.preventDefault();
      update({ code: code.code });
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pop]);

  return (
    <form ref={formRef} className="disposition" onSubmit={save} data-testid="disposition-form" aria-describedby="disposition-hint">
      <p id="disposition-hint" className="hint">
        {t('desk.disposition.hotkeyHint')}
      </p>
      <div className="codes" role="group" aria-label={t('desk.disposition.title')}>
        {pop.dispositions.map((d, index) => (
          <button
            key={d.code}
            type="button"
            className="code"
            aria-pressed={draft.code === d.code}
            data-code={d.code}
            onClick={() => update({ code: d.code })}
          >
            {index < 9 && <kbd>{index + 1}</kbd>} {d.label}
          </button>
        ))}
      </div>
      {fields.map((field) => (
        <label key={field.name}>
          {t(`desk.disposition.${field.kind === 'local-datetime' ? 'appointmentAt' : field.name}`)}
          <input
            name={`data-${field.name}`}
            required={field.required}
            type={field.kind === 'date' ? 'date' : field.kind === 'local-datetime' ? 'datetime-local' : field.kind === 'integer' ? 'number' : 'text'}
            inputMode={field.kind === 'integer' ? 'numeric' : undefined}
            maxLength={field.kind === 'currency' ? 3 : undefined}
            value={draft.data[field.name] ?? ''}
            onChange={(event) => update({ data: { ...draft.data, [field.name]: event.target.value } })}
          />
        </label>
      ))}
      {kind === 'survey' && pop.survey && (
        <fieldset>
          <legend>{t('desk.disposition.answers')}</legend>
          {pop.survey.map((question) => (
            <label key={question.id}>
              {question.prompt}
              <select
                name={`answer-${question.id}`}
                value={draft.answers[question.id] ?? ''}
                onChange={(event) => update({ answers: { ...draft.answers, [question.id]: event.target.value } })}
              >
                <option value="">—</option>
                {question.answers.map((answer) => (
                  <option key={answer}>{answer}</option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      {chosen?.isCallback && (
        <>
          <label>
            {t('desk.disposition.callbackAt', { zone })}
            <input
              name="callbackAt"
              type="datetime-local"
              required
              value={draft.callbackAt}
              aria-invalid={callbackProblem ? true : undefined}
              onChange={(event) => update({ callbackAt: event.target.value })}
            />
          </label>
          {callbackProblem && (
            <p className="field-error" role="alert" data-testid="callback-problem">
              {callbackProblem}
            </p>
          )}
          <label className="check">
            <input type="checkbox" checked={draft.personalCallback} onChange={(event) => update({ personalCallback: event.target.checked })} />
            {t('desk.disposition.personalCallback')}
          </label>
        </>
      )}
      <label>
        {t('desk.disposition.notes')}
        <textarea name="notes" rows={2} maxLength={2000} value={draft.notes} onChange={(event) => update({ notes: event.target.value })} />
      </label>
      {blockedBy && <p className="hint">{blockedBy}</p>}
      {error && <Banner tone="error">{t('desk.disposition.failed', { message: error })}</Banner>}
      <button type="submit" className="primary" disabled={!draft.code || saving || blockedBy !== null || callbackProblem !== null}>
        {t('desk.disposition.saveAndReady')} <kbd>Ctrl+Enter</kbd>
      </button>
    </form>
  );
}
