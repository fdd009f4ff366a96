import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorNotice, fieldMessages } from '../../ui/error-notice';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import { campaignLocaleOf } from './campaign-locale';
import { campaignPath } from './campaign-paths';
import { ChangedElsewhere, campaignWriteKey, followVersion, useOwnWrites } from './changed-elsewhere';
import { Campaign, Issue, JURISDICTIONS, KINDS, MODES, Settings } from './campaign-types';
import { DraftContext, FieldNotes } from './draft-fields';
import { SettingsSections } from './settings-sections';
import { changedSettings, sectionOf, setAt, withChanges } from './settings-draft';

type Basics = Pick<Campaign, 'name' | 'kind' | 'dialingMode' | 'jurisdiction'>;
/** The campaign as the form last read or saved it: what its changes are made from. */
type Base = Pick<Campaign, 'name' | 'dialingMode' | 'settings' | 'version'>;

const baseOf = ({ name, dialingMode, settings, version }: Base): Base => ({ name, dialingMode, settings: structuredClone(settings), version });

/** A PATCH's body: what the form changed since `base`, and the version it was made from. */
function changesSince(base: Base, basics: Basics, draft: Settings) {
  const settings = changedSettings(draft, base.settings);
  return {
    ...(basics.name !== base.name ? { name: basics.name } : {}),
    ...(basics.dialingMode !== base.dialingMode ? { dialingMode: basics.dialingMode } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
  };
}

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
 * page) or an existing one (PATCH of what the form changed, from the version
 * it read: a campaign changed meanwhile elsewhere is refused, not undone), with
 * the readiness problems and the api's refusals beside the fields they concern.
 */
export function SettingsForm({ campaign, problems, warnings, dispositionCodes }: { campaign?: Campaign; problems?: Issue[]; warnings?: Issue[]; dispositionCodes: string[] }) {
  const { t, i18n } = useTranslation();
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
  // Kept, not read from the page's query: a refetch in the background must not make a stale form look current.
  const [base, setBase] = useState<Base | null>(() => (campaign ? baseOf(campaign) : null));
  const [draft, setDraft] = useState<Settings>(() => structuredClone(campaign?.settings ?? {}));
  const [saved, setSaved] = useState(false);
  // The page's own start, pause or save elsewhere moves the version on: taken when nothing else came between.
  useOwnWrites(campaign?.id, (written) => setBase((current) => current && { ...current, version: followVersion(current.version, written) }));
  // A double click submits once (useSingleFlightMutation), where a disabled button would come too late.
  const save = useSingleFlightMutation({
    mutationKey: campaignWriteKey(campaign?.id),
    mutationFn: async () => {
      // A new campaign's default outcome labels are written in its creator's language.
      if (!campaign || !base) return unwrap(api.POST('/campaigns', { body: { ...basics, settings: draft, locale: campaignLocaleOf(i18n.resolvedLanguage) } }));
      const changes = changesSince(base, basics, draft);
      if (Object.keys(changes).length === 0) return campaign;
      return unwrap(api.PATCH('/campaigns/{id}', { params: { path: { id: campaign.id } }, body: { ...changes, version: base.version } }));
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      if (!campaign) void navigate(campaignPath(result.id));
      else {
        // Saved: later changes are made from what is stored now.
        setBase(baseOf(result));
        setSaved(true);
      }
    },
  });
  // The campaign as stored now, with this form's changes on top: they stay on screen, to check and save again.
  const reloaded = (fresh: Campaign) => {
    if (!base) return;
    const changes = changesSince(base, basics, draft);
    setBase(baseOf(fresh));
    setBasics((current) => ({ ...current, name: changes.name ?? fresh.name, dialingMode: changes.dialingMode ?? fresh.dialingMode }));
    setDraft(withChanges(structuredClone(fresh.settings), changes.settings ?? {}));
    save.reset();
  };
  const changedSections = () => {
    if (!base) return [];
    const { name, dialingMode, settings = {} } = changesSince(base, basics, draft);
    const sections = new Set(Object.keys(settings).map((key) => t(`campaigns.sections.${sectionOf(key)}`, { defaultValue: key })));
    return [...(name !== undefined ? [t('campaigns.fields.name')] : []), ...(dialingMode ? [t('campaigns.fields.dialingMode')] : []), ...sections];
  };
  // A new campaign shows what its jurisdiction, kind and mode would give (calling hours…), as a saved one shows what is in force.
  const defaults = useQuery({
    queryKey: ['campaigns', 'defaults', basics.kind, basics.dialingMode, basics.jurisdiction],
    queryFn: () => unwrap(api.GET('/campaigns/defaults', { params: { query: { kind: basics.kind, dialingMode: basics.dialingMode, jurisdiction: basics.jurisdiction } } })),
    enabled: !campaign,
    placeholderData: keepPreviousData,
  });
  const effective = campaign ? campaign.effective : defaults.data?.effective;
  const state = useMemo(
    () => ({
      draft,
      set: (path: string, value: unknown) => {
        setSaved(false);
        setDraft((current) => setAt(current, path, value));
      },
      effective,
      problems,
      warnings,
      error: save.error,
    }),
    [draft, effective, problems, warnings, save.error],
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
        {campaign && <ChangedElsewhere campaignId={campaign.id} error={save.error} changed={changedSections} onReloaded={reloaded} />}
      </form>
    </DraftContext.Provider>
  );
}
