import { INestApplicationContext } from '@nestjs/common';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { DomainError } from '@dialer/core';
import { bootModules, createTestContext, query, seedAttempt, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { CampaignsModule } from './campaigns.module';
import { CampaignsService } from './campaigns.service';

const LAWFUL = {
  callerIds: { numbers: ['+14155550100'] },
  abandon: { message: { callerName: 'Codes Co', callbackNumber: '+18005550100', optOut: 'To stop our calls, press 9' } },
};

/**
 * A campaign's lists and outcome codes are changed under the rules a PATCH
 * follows: never on a closed campaign, never so that a live one could no
 * longer dial or close a call; a code calls have recorded is retired, not lost.
 */
describe('A campaign’s lists and disposition codes under its status (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, CampaignsModule]);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const service = () => app.get(CampaignsService);
  const run = <T>(work: (campaigns: CampaignsService) => Promise<T>) => withOrmContext(app, () => work(service()));
  /** The error's kind and code, or 'ok'. */
  const outcome = (work: (campaigns: CampaignsService) => Promise<unknown>) =>
    run(work).then(
      () => 'ok',
      (error: unknown) => (error instanceof DomainError ? `${error.kind} ${error.code}` : `unexpected: ${String(error)}`),
    );
  const live = (status = 'active') =>
    seedCampaign(app, {
      status,
      mode: 'progressive',
      settings: LAWFUL,
      dispositions: [
        { code: 'SALE', isFinal: true },
        { code: 'NO_ANSWER' },
      ],
    });

  it('refuses to detach or switch off the last list of an active or paused campaign; another list may go', async () => {
    for (const status of ['active', 'paused']) {
      const campaign = await live(status);
      expect(await outcome((c) => c.detachList(campaign.id, campaign.listId, SYSTEM_ACTOR))).toBe('unprocessable CAMPAIGN_CHANGE_REFUSED');
      expect(await outcome((c) => c.attachList(campaign.id, campaign.listId, { active: false }, SYSTEM_ACTOR))).toBe('unprocessable CAMPAIGN_CHANGE_REFUSED');
      expect(await query(app, `select active from campaign_lists where campaign_id = ?`, [campaign.id])).toEqual([{ active: true }]);

      const [{ id: second }] = await query(app, `insert into lead_lists (name, default_country) values ('Second', 'US') returning id`);
      expect(await outcome((c) => c.attachList(campaign.id, second as string, {}, SYSTEM_ACTOR))).toBe('ok');
      expect(await outcome((c) => c.detachList(campaign.id, campaign.listId, SYSTEM_ACTOR))).toBe('ok');
    }
    // A draft is being set up: its lists come and go freely.
    const draft = await live('draft');
    expect(await outcome((c) => c.detachList(draft.id, draft.listId, SYSTEM_ACTOR))).toBe('ok');
  });

  it('refuses to remove, or make non-final, the last final code of an active campaign; the refusal changes nothing', async () => {
    const campaign = await live();
    expect(await outcome((c) => c.removeDisposition(campaign.id, 'SALE', SYSTEM_ACTOR))).toBe('unprocessable CAMPAIGN_CHANGE_REFUSED');
    expect(await outcome((c) => c.updateDisposition(campaign.id, 'SALE', { isFinal: false }, SYSTEM_ACTOR))).toBe('unprocessable CAMPAIGN_CHANGE_REFUSED');
    expect(await outcome((c) => c.removeDisposition(campaign.id, 'NO_ANSWER', SYSTEM_ACTOR))).toBe('ok');
    expect(await run((c) => c.dispositions(campaign.id))).toEqual([expect.objectContaining({ code: 'SALE', isFinal: true })]);
    const audited = await query(app, `select action from audit_log where entity_id = ? order by id`, [campaign.id]);
    expect(audited.map((row) => row.action)).toEqual(['disposition.removed']);
  });

  it('retires a code calls have recorded: offered to no new call, kept for their history, back when added again', async () => {
    const campaign = await live();
    const [leadId] = await seedLeads(app, campaign.listId, [{ phone: '+14155550123' }]);
    await seedAttempt(app, { campaignId: campaign.id, leadId, phone: '+14155550123', at: new Date(), dispositionCode: 'NO_ANSWER' });

    expect(await outcome((c) => c.removeDisposition(campaign.id, 'NO_ANSWER', SYSTEM_ACTOR))).toBe('ok');
    expect((await run((c) => c.dispositions(campaign.id))).map((d) => d.code)).toEqual(['SALE']);
    expect(await outcome((c) => c.disposition(campaign.id, 'NO_ANSWER'))).toBe('not_found DISPOSITION_NOT_FOUND');
    const [kept] = await query(app, `select retired_at is not null as retired from disposition_codes where campaign_id = ? and code = 'NO_ANSWER'`, [campaign.id]);
    expect(kept).toEqual({ retired: true });
    const [audit] = await query(app, `select action from audit_log where entity_id = ? order by id desc limit 1`, [campaign.id]);
    expect(audit.action).toBe('disposition.retired');

    const back = await run((c) => c.addDisposition(campaign.id, { code: 'NO_ANSWER', label: 'No answer (again)', isFinal: true }, SYSTEM_ACTOR));
    expect(back).toMatchObject({ code: 'NO_ANSWER', label: 'No answer (again)', isFinal: true, retiredAt: null });
    expect((await run((c) => c.dispositions(campaign.id))).map((d) => d.code)).toEqual(['SALE', 'NO_ANSWER']);
    expect(await outcome((c) => c.addDisposition(campaign.id, { code: 'SALE', label: 'Twice' }, SYSTEM_ACTOR))).toBe('conflict DISPOSITION_CODE_TAKEN');
  });

  it('refuses every change of lists and codes on a completed or archived campaign, as a PATCH is refused', async () => {
    for (const status of ['completed', 'archived']) {
      const campaign = await live(status);
      const [{ id: other }] = await query(app, `insert into lead_lists (name, default_country) values ('Late', 'US') returning id`);
      const refused = `conflict CAMPAIGN_CLOSED`;
      expect(await outcome((c) => c.attachList(campaign.id, other as string, {}, SYSTEM_ACTOR))).toBe(refused);
      expect(await outcome((c) => c.attachList(campaign.id, campaign.listId, { priority: 3 }, SYSTEM_ACTOR))).toBe(refused);
      expect(await outcome((c) => c.detachList(campaign.id, campaign.listId, SYSTEM_ACTOR))).toBe(refused);
      expect(await outcome((c) => c.addDisposition(campaign.id, { code: 'LATE', label: 'Late' }, SYSTEM_ACTOR))).toBe(refused);
      expect(await outcome((c) => c.updateDisposition(campaign.id, 'SALE', { label: 'Renamed' }, SYSTEM_ACTOR))).toBe(refused);
      expect(await outcome((c) => c.removeDisposition(campaign.id, 'NO_ANSWER', SYSTEM_ACTOR))).toBe(refused);
      expect(await query(app, `select count(*)::int as n from campaign_lists where campaign_id = ?`, [campaign.id])).toEqual([{ n: 1 }]);
      expect((await run((c) => c.dispositions(campaign.id))).map((d) => `${d.code}:${d.label}`)).toEqual(['SALE:SALE', 'NO_ANSWER:NO_ANSWER']);
    }
  });
});
