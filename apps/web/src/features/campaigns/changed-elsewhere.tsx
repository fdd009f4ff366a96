import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorNotice } from '../../ui/error-notice';
import { useSingleFlightMutation } from '../../ui/use-single-flight';
import type { Campaign, Settings } from './campaign-types';

/** The api refused a change made from a version of the campaign someone else has changed since (409). */
export const isChangedElsewhere = (error: unknown): boolean => error instanceof ApiError && error.code === 'CAMPAIGN_CHANGED';

/**
 * Someone else changed the campaign since the form read it (its save was
 * refused with CAMPAIGN_CHANGED): says so, names the sections of the reader's
 * own changes, and loads the campaign as stored now. `onReloaded` gets it and
 * keeps the form's changes on top (with the new version), to be checked and
 * saved again. Shows nothing for any other error.
 */
export function ChangedElsewhere({ campaignId, error, changed, onReloaded }: { campaignId: string; error: unknown; changed: () => string[]; onReloaded: (fresh: Campaign) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reload = useMutation({
    mutationFn: async () => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns', campaignId] });
      return queryClient.getQueryData<Campaign>(['campaigns', campaignId]);
    },
    onSuccess: (fresh) => {
      if (fresh) onReloaded(fresh);
    },
  });
  if (!isChangedElsewhere(error)) return null;
  return (
    <>
      <div className="cmp-conflict" role="status">
        <p>{t('campaigns.conflict.yourChanges', { sections: changed().join(t('campaigns.conflict.separator')) })}</p>
        <button type="button" className="primary" disabled={reload.isPending} onClick={() => reload.mutate()}>
          {t('campaigns.conflict.reload')}
        </button>
      </div>
      <ErrorNotice error={reload.error} />
    </>
  );
}

/** The key of every write of the campaign from its page (a tab's save, a start or pause): `useOwnWrites` follows them. */
export const campaignWriteKey = (campaignId: string | undefined) => ['campaigns', campaignId, 'write'] as const;

/**
 * The version to hold after this page's own write made `written`: taken when
 * it is the next one after `held` (nothing else changed the campaign between
 * the version held and this write), else the held one stays, so a change by
 * someone else meanwhile is still refused (409) and offered for a reload.
 */
export const followVersion = (held: number, written: number) => (written === held + 1 ? written : held);

/**
 * Calls `follow` with the version each successful write of the campaign from
 * this page makes (those run with `campaignWriteKey`: the page's start, pause
 * or resume, a tab's save), for an editor to move its held version on with
 * `followVersion`: the person's own start or save elsewhere on the page bumps
 * the version, and must not make their next save look like someone else's.
 */
export function useOwnWrites(campaignId: string | undefined, follow: (written: number) => void) {
  const queryClient = useQueryClient();
  const latest = useRef(follow);
  useEffect(() => {
    latest.current = follow;
  });
  useEffect(() => {
    if (!campaignId) return undefined;
    const [, , write] = campaignWriteKey(campaignId);
    return queryClient.getMutationCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      const key = event.mutation.options.mutationKey;
      const written = (event.action.data as { version?: unknown } | undefined)?.version;
      if (key?.[0] === 'campaigns' && key[1] === campaignId && key[2] === write && typeof written === 'number') latest.current(written);
    });
  }, [queryClient, campaignId]);
}

/**
 * Saves one tab's sections of the settings (the script, the survey) from the
 * campaign's version the tab read: a campaign changed meanwhile elsewhere is
 * refused (409), not overwritten. The version is kept, not read from the
 * page's query, so a refetch in the background never makes a stale edit look
 * current; it moves on with each save (`onSaved` gets the campaign saved),
 * with `reloaded` (for the tab's `ChangedElsewhere` handler, which keeps the
 * tab's edits), and with the page's own other writes (`useOwnWrites`).
 */
export function useSectionSave(campaign: Campaign, settings: () => Settings, onSaved?: (saved: Campaign) => void) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(campaign.version);
  useOwnWrites(campaign.id, (written) => setVersion((held) => followVersion(held, written)));
  const save = useSingleFlightMutation({
    mutationKey: campaignWriteKey(campaign.id),
    mutationFn: () => unwrap(api.PATCH('/campaigns/{id}', { params: { path: { id: campaign.id } }, body: { settings: settings(), version } })),
    onSuccess: (saved) => {
      setVersion(saved.version);
      onSaved?.(saved);
      return queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    },
  });
  const reloaded = (fresh: Campaign) => {
    setVersion(fresh.version);
    save.reset();
  };
  return { save, reloaded };
}
