import { INestApplicationContext } from '@nestjs/common';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { bootModules, createTestContext, query, TestContext, withOrmContext } from '@dialer/testing';
import { CampaignsModule } from './campaigns.module';
import { CampaignsService, NewCampaign } from './campaigns.service';

/** A new campaign's outcome buttons speak its creator's language: the agent desk shows these labels as they are. */
describe('A new campaign’s default dispositions (integration)', () => {
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

  const create = (input: Omit<NewCampaign, 'dialingMode'>) =>
    withOrmContext(app, () => app.get(CampaignsService).create({ dialingMode: 'progressive', ...input }, SYSTEM_ACTOR));
  const labels = async (campaignId: string) =>
    Object.fromEntries(
      (await query(app, `select code, label from disposition_codes where campaign_id = ? order by position`, [campaignId])).map((row) => [row.code, row.label]),
    );

  it('labels them in Japanese for a campaign created in Japanese, the codes unchanged', async () => {
    const campaign = await create({ name: '光回線 秋', kind: 'telemarketing', jurisdiction: 'JP', locale: 'ja' });
    expect(await labels(campaign.id)).toEqual({
      SALE: '成約',
      APPOINTMENT: 'アポイント獲得',
      INTERESTED: '見込みあり（要フォロー）',
      NOT_INTERESTED: 'お断り（再勧誘の禁止）',
      CALLBACK: '再架電予約',
      DNC: '架電禁止（今後電話しない）',
      WRONG_NUMBER: '番号違い',
    });
    const collections = await create({ name: '督促 12月', kind: 'collections', jurisdiction: 'JP', locale: 'ja' });
    expect(await labels(collections.id)).toMatchObject({ PROMISE_TO_PAY: '支払約束', PAID: '支払済み', REFUSED: '支払拒否' });
    const survey = await create({ name: '満足度調査', kind: 'survey', jurisdiction: 'JP', locale: 'ja' });
    expect(await labels(survey.id)).toMatchObject({ COMPLETED: '回答完了', PARTIAL: '一部回答' });
  });

  it('labels them in English for a campaign created without a language (or in English)', async () => {
    const campaign = await create({ name: 'Fiber fall', kind: 'telemarketing', jurisdiction: 'JP' });
    expect(await labels(campaign.id)).toMatchObject({ SALE: 'Sale', APPOINTMENT: 'Appointment set', CALLBACK: 'Call back later', WRONG_NUMBER: 'Wrong number' });
    const english = await create({ name: 'Collections Dec', kind: 'collections', jurisdiction: 'US', locale: 'en' });
    expect(await labels(english.id)).toMatchObject({ PROMISE_TO_PAY: 'Promise to pay' });
  });
});
