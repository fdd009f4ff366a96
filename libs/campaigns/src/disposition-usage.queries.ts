import { EntityManager } from '@mikro-orm/postgresql';

/** Whether any call of the campaign recorded this outcome (read only: call_attempts is the calls lib's). */
export async function dispositionRecordedOnCalls(em: EntityManager, campaignId: string, code: string): Promise<boolean> {
  const [row] = await em.execute<{ used: boolean }[]>(
    `select exists (select 1 from call_attempts where campaign_id = ? and disposition_code = ?) as used`,
    [campaignId, code],
  );
  return row?.used === true;
}
