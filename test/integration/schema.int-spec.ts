import { useMigratedOrm } from '../support/migrated-orm';

/** The schema the migrations build is the one the entities describe, plus the rules only SQL can state. */
describe('database schema (integration)', () => {
  const { orm, fork } = useMigratedOrm();

  it('matches the entity metadata exactly (no pending schema change)', async () => {
    const diff = await orm().getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('keeps the audit log append-only', async () => {
    const em = fork();
    await em.execute(`insert into audit_log (actor_role, action, entity_type) values ('system', 'test.wrote', 'test')`);
    await expect(em.execute(`update audit_log set action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(em.execute(`delete from audit_log`)).rejects.toThrow(/append-only/);
    await expect(em.execute(`truncate audit_log`)).rejects.toThrow(/append-only/);
  });

  it('allows at most one live call attempt per lead', async () => {
    const em = fork();
    const [{ id: listId }] = await em.execute(`insert into lead_lists (name, default_country) values ('l', 'US') returning id`);
    const [{ id: leadId }] = await em.execute(`insert into leads (list_id, phone) values (?, '+14155550100') returning id`, [listId]);
    const [{ id: campaignId }] = await em.execute(
      `insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('c', 'telemarketing', 'progressive', 'US') returning id`,
    );
    const attempt = (state: string) =>
      em.execute(`insert into call_attempts (campaign_id, lead_id, phone, state) values (?, ?, '+14155550100', ?)`, [
        campaignId,
        leadId,
        state,
      ]);

    await attempt('ringing');
    await expect(attempt('queued')).rejects.toThrow(/call_attempts_one_live_per_lead/);
    await em.execute(`update call_attempts set state = 'completed' where lead_id = ?`, [leadId]);
    await expect(attempt('queued')).resolves.toBeDefined();
  });

  it('counts an update of an attempt once: its rollups share one update trigger (a rollup recreated with its own would count twice)', async () => {
    const triggers = await fork().execute<{ tgname: string }[]>(
      `select tgname from pg_trigger where tgrelid = 'call_attempts'::regclass and not tgisinternal and tgtype & 16 <> 0 and tgname like '%rollups%' order by tgname`,
    );
    expect(triggers.map((t) => t.tgname)).toEqual(['call_attempts_rollups_update']);
  });
});
