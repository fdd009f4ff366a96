import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { invalidControl, refusalText } from '../../ui/field-errors';
import { WEEKDAYS } from './campaign-types';
import { CheckField, FieldNotes, LinesField, NumberField, Section, SelectField, TextField, useDraft } from './draft-fields';
import { getAt } from './settings-draft';

type Window = { start: string; end: string } | null;

const WEEK_FIELD = 'settings.callingHours.weekly';

/**
 * Calling hours: the jurisdiction's, or the campaign's own week (a day off, or
 * a window per day). The own week starts from the hours in force (on a new
 * campaign, those its jurisdiction would give): it is only offered once they
 * are known, so it never starts empty.
 */
function WeeklyHours() {
  const { t, i18n } = useTranslation();
  const { draft, set, effective, error } = useDraft();
  const own = getAt(draft, 'callingHours.weekly') as Record<string, Window | undefined> | undefined;
  const known = getAt(effective, 'callingHours.weekly') as Record<string, Window | undefined> | undefined;
  const inForce = known ?? {};
  const ownId = useId();
  const refusedId = useId();
  // What the last save said of the week as a whole (no day called); a day's own refusal shows on its row.
  const language = i18n.resolvedLanguage ?? i18n.language;
  const refused = error instanceof ApiError ? error.fields.filter((field) => field.field === WEEK_FIELD).flatMap((field) => refusalText(field, language)) : [];
  return (
    <div className="cmp-field cmp-wide" data-field={WEEK_FIELD}>
      <label className="check" htmlFor={ownId}>
        <input
          id={ownId}
          type="checkbox"
          name="callingHours.ownWeek"
          checked={own !== undefined}
          disabled={own === undefined && known === undefined}
          {...(refused.length > 0 ? invalidControl(WEEK_FIELD, refusedId) : {})}
          onChange={(event) => set('callingHours.weekly', event.target.checked ? { ...inForce } : undefined)}
        />
        {t('campaigns.hours.ownWeek')}
      </label>
      {refused.length > 0 && (
        <p id={refusedId} className="field-error" data-refused>
          {[...new Set(refused)].join(' ')}
        </p>
      )}
      <FieldNotes field={WEEK_FIELD} exact />
      <table className="data cmp-week">
        <thead>
          <tr>
            <th scope="col">{t('campaigns.hours.day')}</th>
            <th scope="col">{t('campaigns.hours.calls')}</th>
            <th scope="col">{t('campaigns.hours.start')}</th>
            <th scope="col">{t('campaigns.hours.end')}</th>
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day) => {
            const window = own ? own[day] : inForce[day];
            const label = t(`campaigns.hours.days.${day}`);
            const setDay = (next: Window) => set(`callingHours.weekly.${day}`, next);
            return (
              <tr key={day} data-day={day}>
                <th scope="row">{label}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('campaigns.hours.callsOn', { day: label })}
                    disabled={!own}
                    checked={!!window}
                    onChange={(event) => setDay(event.target.checked ? (inForce[day] ?? { start: '09:00', end: '20:00' }) : null)}
                  />
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={t('campaigns.hours.startOn', { day: label })}
                    disabled={!own || !window}
                    value={window?.start ?? ''}
                    onChange={(event) => window && setDay({ ...window, start: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={t('campaigns.hours.endOn', { day: label })}
                    disabled={!own || !window}
                    value={window?.end ?? ''}
                    onChange={(event) => window && setDay({ ...window, end: event.target.value })}
                  />
                  <FieldNotes field={`settings.callingHours.weekly.${day}`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Retry rules: how long to wait after an outcome or a disposition code before the lead is dialed again. */
function RetryRules({ suggestions }: { suggestions: string[] }) {
  const { t } = useTranslation();
  const { draft, set, effective } = useDraft();
  const own = getAt(draft, 'retryRules') as Record<string, { afterMinutes: number }> | undefined;
  const rules = Object.entries(own ?? (getAt(effective, 'retryRules') as Record<string, { afterMinutes: number }> | undefined) ?? {});
  const [key, setKey] = useState('');
  const [minutes, setMinutes] = useState('');
  const listId = useId();
  const write = (entries: [string, { afterMinutes: number }][]) => set('retryRules', Object.fromEntries(entries));
  return (
    <div className="cmp-field cmp-wide" data-field="settings.retryRules">
      <p className="cmp-label">{t('campaigns.retry.title')}</p>
      <p className="hint">{own ? t('campaigns.retry.own') : t('campaigns.retry.defaults')}</p>
      <table className="data cmp-retry">
        <thead>
          <tr>
            <th scope="col">{t('campaigns.retry.key')}</th>
            <th scope="col" className="num">
              {t('campaigns.retry.afterMinutes')}
            </th>
            <th scope="col">
              <span className="cmp-sr-only">{t('campaigns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map(([name, rule]) => (
            <tr key={name}>
              <td>{t(`campaigns.retry.outcomes.${name}`, { defaultValue: name })}</td>
              <td className="num">
                <input
                  type="number"
                  min={1}
                  max={525600}
                  aria-label={t('campaigns.retry.minutesFor', { key: name })}
                  value={rule.afterMinutes}
                  onChange={(event) => write(rules.map(([k, r]) => [k, k === name ? { afterMinutes: Number(event.target.value) } : r]))}
                />
              </td>
              <td>
                <button type="button" onClick={() => write(rules.filter(([k]) => k !== name))}>
                  {t('campaigns.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label>
          {t('campaigns.retry.key')}
          <input list={listId} name="retry-key" value={key} onChange={(event) => setKey(event.target.value.trim())} />
          <datalist id={listId}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label>
          {t('campaigns.retry.afterMinutes')}
          <input type="number" name="retry-minutes" min={1} value={minutes} onChange={(event) => setMinutes(event.target.value)} />
        </label>
        <button
          type="button"
          disabled={!key || !minutes}
          onClick={() => {
            write([...rules.filter(([k]) => k !== key), [key, { afterMinutes: Number(minutes) }]]);
            setKey('');
            setMinutes('');
          }}
        >
          {t('campaigns.retry.add')}
        </button>
      </div>
      <FieldNotes field="settings.retryRules" />
    </div>
  );
}

/** Every campaign setting but the script and the survey (their own tabs), grouped as UI.md lists them. */
export function SettingsSections({ dispositionCodes }: { dispositionCodes: string[] }) {
  const { t } = useTranslation();
  const { effective } = useDraft();
  const window = getAt(effective, 'abandon.windowHours');
  const retrySuggestions = [...Object.keys((getAt(effective, 'retryRules') as object | undefined) ?? {}), ...dispositionCodes];
  return (
    <>
      <Section id="pacing" title={t('campaigns.sections.pacing')} field="settings.pacing">
        <NumberField path="ringTimeoutSec" label={t('campaigns.fields.ringTimeoutSec')} min={15} max={600} />
        <NumberField path="pacing.maxAbandonRate" label={t('campaigns.fields.maxAbandonRate')} percent min={0} max={100} />
        <NumberField path="pacing.targetAbandonRate" label={t('campaigns.fields.targetAbandonRate')} percent min={0} max={100} />
        <NumberField path="pacing.powerRatio" label={t('campaigns.fields.powerRatio')} min={1} max={10} step={0.1} />
        <NumberField path="pacing.maxLinesPerAgent" label={t('campaigns.fields.maxLinesPerAgent')} min={1} max={10} step={0.1} />
        <NumberField path="pacing.agentlessLines" label={t('campaigns.fields.agentlessLines')} min={1} max={1000} />
      </Section>
      <Section id="product" title={t('campaigns.sections.product')}>
        <TextField path="product" label={t('campaigns.fields.product')} hint={t('campaigns.hints.product')} maxLength={200} />
      </Section>
      <Section id="hours" title={t('campaigns.sections.hours')} field="settings.callingHours">
        <WeeklyHours />
        <LinesField path="callingHours.holidays" label={t('campaigns.fields.holidays')} hint={t('campaigns.hints.holidays')} />
        <TextField path="callingHours.holidayCalendar" label={t('campaigns.fields.holidayCalendar')} hint={t('campaigns.hints.holidayCalendar')} maxLength={2} />
      </Section>
      <Section id="attempts" title={t('campaigns.sections.attempts')} field="settings.attemptLimits">
        <NumberField path="attemptLimits.lifetime" label={t('campaigns.fields.lifetime')} min={1} max={100} />
        <NumberField path="attemptLimits.perDay" label={t('campaigns.fields.perDay')} min={1} max={20} />
        <RetryRules suggestions={retrySuggestions} />
      </Section>
      <Section id="caller-ids" title={t('campaigns.sections.callerIds')}>
        <LinesField path="callerIds.numbers" label={t('campaigns.fields.callerIds')} hint={t('campaigns.hints.callerIds')} />
        <CheckField path="callerIds.localPresence" label={t('campaigns.fields.localPresence')} hint={t('campaigns.hints.localPresence')} />
      </Section>
      <Section id="amd" title={t('campaigns.sections.amd')} field="settings.amd">
        <SelectField
          path="amd.mode"
          label={t('campaigns.fields.amdMode')}
          options={(['off', 'async', 'sync'] as const).map((value) => ({ value, label: t(`campaigns.amdModes.${value}`) }))}
        />
        <SelectField
          path="amd.onMachine"
          label={t('campaigns.fields.onMachine')}
          options={(['hangup', 'voicemail'] as const).map((value) => ({ value, label: t(`campaigns.machineActions.${value}`) }))}
        />
        <TextField path="amd.voicemailMessage" label={t('campaigns.fields.voicemailMessage')} multiline maxLength={2000} />
        <NumberField path="amd.falsePositiveRate" label={t('campaigns.fields.falsePositiveRate')} percent min={0} max={99} hint={t('campaigns.hints.falsePositiveRate')} />
      </Section>
      <Section id="abandon" title={t('campaigns.sections.abandon')} field="settings.abandon.message">
        <NumberField
          path="abandon.capRate"
          label={t('campaigns.fields.capRate')}
          percent
          min={0}
          max={100}
          hint={typeof window === 'number' ? t('campaigns.hints.window', { hours: window }) : undefined}
        />
        <TextField path="abandon.message.callerName" label={t('campaigns.fields.callerName')} maxLength={100} />
        <TextField path="abandon.message.callbackNumber" label={t('campaigns.fields.callbackNumber')} hint={t('campaigns.hints.e164')} />
        <TextField path="abandon.message.optOut" label={t('campaigns.fields.optOut')} maxLength={300} />
        <TextField path="abandon.message.optOutDigit" label={t('campaigns.fields.optOutDigit')} maxLength={1} hint={t('campaigns.hints.key')} />
      </Section>
      <Section id="identity" title={t('campaigns.sections.identity')} field="settings.identity">
        <TextField path="identity.seller" label={t('campaigns.fields.seller')} maxLength={200} />
        <TextField path="identity.purpose" label={t('campaigns.fields.purpose')} maxLength={300} />
      </Section>
      <Section id="recording" title={t('campaigns.sections.recording')}>
        <CheckField path="recording.enabled" label={t('campaigns.fields.recordingEnabled')} />
        <TextField path="recording.disclosure" label={t('campaigns.fields.disclosure')} multiline maxLength={1000} />
      </Section>
      <Section id="wrap-up" title={t('campaigns.sections.wrapUp')}>
        <NumberField path="wrapUp.seconds" label={t('campaigns.fields.wrapUpSeconds')} min={0} max={3600} />
        <NumberField path="wrapUp.maxSeconds" label={t('campaigns.fields.wrapUpMaxSeconds')} min={0} max={3600} hint={t('campaigns.hints.wrapUpMaxSeconds')} />
        <CheckField path="wrapUp.autoReady" label={t('campaigns.fields.autoReady')} />
        <LinesField path="pauseReasons" label={t('campaigns.fields.pauseReasons')} hint={t('campaigns.hints.pauseReasons')} />
      </Section>
      <Section id="preview" title={t('campaigns.sections.preview')}>
        <NumberField path="preview.autoDialAfterSec" label={t('campaigns.fields.autoDialAfterSec')} min={3} max={600} hint={t('campaigns.hints.autoDial')} />
      </Section>
      <Section id="cps" title={t('campaigns.sections.cps')}>
        <NumberField path="cps" label={t('campaigns.fields.cps')} min={1} max={100} />
      </Section>
    </>
  );
}
