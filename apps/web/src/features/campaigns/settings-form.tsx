import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorNotice, fieldMessages } from '../../ui/error-notice';
import { campaignPath } from './campaign-paths';
import { Campaign, Issue, JURISDICTIONS, KINDS, MODES, Settings } from './campaign-types';
import { DraftContext, FieldNotes } from './draft-fields';
import { SettingsSections } from './settings-sections';
import { setAt, withClearedAsNull } from './settings-draft';

type Basics = Pick<Campaign, 'name' | 'kind' | 'dialingMode' | 'jurisdiction'>;

/** A select of the basics, with the api's messages about it below. */
function BasicSelect<T extends string>({ name, label, value, options, disabled, error, onChange }: { name: string; label: string; value: T; options: readonly { value: T; label: string }[]; disabled?: boolean; error: unknown; onChange: (value: T) => void }) {
  const id = useId();
  return (
    <div className="cmp-field" data-field={name}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {fieldMessages(error, name).map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
      <FieldNotes field={name} />
    </div>
  );
}

/**
 * Every setting of a campaign, in sections: for a new campaign (POST, then its
 * page) or an existing one (PATCH of the basics and every section shown), with
 * the readiness problems and the api's refusals beside the fields they concern.
 */
export function SettingsForm({ campaign, problems, warnings, dispositionCodes }: { campaign?: Campaign; problems?: Issue[]; warnings?: Issue[]; dispositionCodes: string[] }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const nameId = useId();
  const [basics, setBasics] = useState<Basics>(() => ({
    name: campaign?.name ?? '',
    kind: campaign?.kind ?? 'telemarketing',
    dialingMode: campaign?.dialingMode ?? 'progressive',
    jurisdiction: campaign?.jurisdiction ?? 'JP',
  }));
  // What the form started from: a setting emptied on it is one the form had (not one saved meanwhile in another tab).
  const [initial, setInitial] = useState<Settings>(() => structuredClone(campaign?.settings ?? {}));
  const [draft, setDraft] = useState<Settings>(() => structuredClone(initial));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: async () => {
      if (!campaign) return unwrap(api.POST('/campaigns', { body: { ...basics, settings: draft } }));
      return unwrap(api.PATCH('/campaigns/{id}', { params: { path: { id: campaign.id } }, body: { name: basics.name, dialingMode: basics.dialingMode, settings: withClearedAsNull(draft, initial) } }));
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      if (!campaign) void navigate(campaignPath(result.id));
      else {
        // Saved: the form now starts from what it sent (a setting it adds and empties again is cleared too).
        setInitial(structuredClone(draft));
        setSaved(true);
      }
    },
  });
  const state = useMemo(
    () => ({
      draft,
      set: (path: string, value: unknown) => {
        setSaved(false);
        setDraft((current) => setAt(current, path, value));
      },
      effective: campaign?.effective,
      problems,
      warnings,
      error: save.error,
    }),
    [draft, campaign?.effective, problems, warnings, save.error],
  );
  const closed = campaign?.status === 'completed' || campaign?.status === 'archived';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const change = (patch: Partial<Basics>) => {
    setSaved(false);
    setBasics((current) => ({ ...current, ...patch }));
  };

  return (
    <DraftContext.Provider value={state}>
      <form className="cmp-form" onSubmit={submit} aria-label={campaign ? t('campaigns.editTitle') : t('campaigns.newTitle')}>
        <fieldset className="cmp-section" id="section-kind" disabled={closed}>
          <legend>{t('campaigns.sections.kind')}</legend>
          <FieldNotes field="mode" exact />
          <div className="cmp-grid">
            <div className="cmp-field" data-field="name">
              <label htmlFor={nameId}>{t('campaigns.fields.name')}</label>
              <input id={nameId} name="name" required maxLength={200} value={basics.name} onChange={(event) => change({ name: event.target.value })} />
              {fieldMessages(save.error, 'name').map((message) => (
                <p key={message} className="field-error">
                  {message}
                </p>
              ))}
            </div>
            <BasicSelect
              name="kind"
              label={t('campaigns.fields.kind')}
              value={basics.kind}
              disabled={!!campaign}
              error={save.error}
              options={KINDS.map((value) => ({ value, label: t(`campaigns.kinds.${value}`) }))}
              onChange={(kind) => change({ kind })}
            />
            <BasicSelect
              name="dialingMode"
              label={t('campaigns.fields.dialingMode')}
              value={basics.dialingMode}
              error={save.error}
              options={MODES.map((value) => ({ value, label: t(`campaigns.modes.${value}`) }))}
              onChange={(dialingMode) => change({ dialingMode })}
            />
          </div>
        </fieldset>
        <fieldset className="cmp-section" id="section-jurisdiction" disabled={closed}>
          <legend>{t('campaigns.sections.jurisdiction')}</legend>
          <div className="cmp-grid">
            <BasicSelect
              name="jurisdiction"
              label={t('campaigns.fields.jurisdiction')}
              value={basics.jurisdiction}
              disabled={!!campaign}
              error={save.error}
              options={JURISDICTIONS.map((value) => ({ value, label: t(`campaigns.jurisdictions.${value}`) }))}
              onChange={(jurisdiction) => change({ jurisdiction })}
            />
          </div>
          <p className="hint">{campaign ? t('campaigns.hints.fixedAfterCreate') : t('campaigns.hints.jurisdiction')}</p>
        </fieldset>
        <fieldset className="cmp-sections" disabled={closed}>
          <legend className="cmp-sr-only">{t('campaigns.settingsTitle')}</legend>
          <SettingsSections dispositionCodes={dispositionCodes} />
        </fieldset>
        <div className="cmp-save-bar">
          <button type="submit" className="primary" disabled={save.isPending || closed}>
            {save.isPending ? t('campaigns.saving') : campaign ? t('campaigns.save') : t('campaigns.create')}
          </button>
          {saved && (
            <span className="ok" role="status">
              {t('campaigns.saved')}
            </span>
          )}
          {closed && <span className="muted">{t('campaigns.closedHint')}</span>}
        </div>
        <ErrorNotice error={save.error} />
      </form>
    </DraftContext.Provider>
  );
}
