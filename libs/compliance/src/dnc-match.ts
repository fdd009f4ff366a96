/**
 * The DNC entries that apply to a call: global ones, those of the campaigns
 * in question, and those of the products these campaigns sell (a JP refusal
 * bars the product for good). A SQL condition on a `dnc_entries` alias, so
 * set-based scrubs (a million-lead import) and single checks share one rule.
 * `campaignIds` is a SQL expression of type uuid[] (usually a parameter).
 */
export function dncMatchSql(alias: string, campaignIds: string): string {
  return `(${alias}.scope = 'global'
    or (${alias}.scope = 'campaign' and ${alias}.campaign_id = any(${campaignIds}))
    or (${alias}.scope = 'product' and ${alias}.product in (
      select c.settings->>'product' from campaigns c where c.id = any(${campaignIds}) and c.settings->>'product' is not null)))`;
}
