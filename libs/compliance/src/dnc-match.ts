/**
 * The DNC entries that apply to a call: global ones, those of the campaigns
 * in question, and those of the products these campaigns sell (a JP refusal
 * bars the product for good) — and not lapsed (a registry extract's entries
 * carry the extract's expiry). A SQL condition on a `dnc_entries` alias, so
 * set-based scrubs (a million-lead import) and single checks share one rule.
 * `campaignIds` is a SQL expression of type uuid[] (usually a parameter).
 */
export function dncMatchSql(alias: string, campaignIds: string): string {
  return `(${alias}.expires_at is null or ${alias}.expires_at > now()) and (${alias}.scope = 'global'
    or (${alias}.scope = 'campaign' and ${alias}.campaign_id = any(${campaignIds}))
    or (${alias}.scope = 'product' and ${alias}.product in (
      select c.settings->>'product' from campaigns c where c.id = any(${campaignIds}) and c.settings->>'product' is not null)))`;
}

/** SQL: a DNC entry (`d`) covers calls of a campaign (`c`, a `campaigns` row). */
const coversCampaignSql = (d: string, c: string) =>
  `(${d}.scope = 'global' or (${d}.scope = 'campaign' and ${d}.campaign_id = ${c}.id)
    or (${d}.scope = 'product' and ${d}.product = ${c}.settings->>'product'))`;

/**
 * The one rule by which a DNC entry (`d`) takes the leads of a list out of
 * the dialing pool (status `blocked`), whichever path lists the number — an
 * import scrubbing new leads, a DNC file flagging old ones, a single entry, a
 * revocation — and by which removing an entry gives them back. Not lapsed,
 * and either global, or covering every live campaign that dials the list
 * (`listId`, SQL of a uuid), of which there is at least one: where another
 * campaign still may call the number, the lead stays and the dial-time check
 * (dncMatchSql) skips it for the campaigns the entry covers.
 */
export function dncBlocksListSql(d: string, listId: string): string {
  const attached = `campaign_lists cl join campaigns c on c.id = cl.campaign_id where cl.list_id = ${listId}`;
  return `(${d}.expires_at is null or ${d}.expires_at > now()) and (${d}.scope = 'global' or (
      exists (select 1 from ${attached})
      and not exists (select 1 from ${attached} and c.status not in ('completed', 'archived') and not ${coversCampaignSql(d, 'c')})))`;
}
