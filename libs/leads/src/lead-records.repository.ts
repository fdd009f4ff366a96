import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { dialableStatusSql, ERASED_SKIP_CODE } from '@dialer/compliance';

/** The skip code of a lead whose personal fields were erased (compliance's rule: closed for good). */
export const ERASED = ERASED_SKIP_CODE;

/** Writes to `leads` asked for by a personal-data request (the lookup reads through compliance's queries). */
@Injectable()
export class LeadRecordsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Erases what identifies the person behind a number from every lead with it
   * — name, e-mail, address parts, account id, other numbers, custom fields —
   * and closes those still waiting to be dialed. The number itself stays: the
   * attempts kept as evidence and the DNC entries point at it. Returns the ids
   * of the leads it erased now (not those an earlier request already erased).
   */
  async erasePersonalFields(phone: string, em: EntityManager = this.em): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `update leads l set first_name = null, last_name = null, email = null, postal_code = null, region = null, external_id = null,
              alt_phones = '{}', alt_phone_types = '{}', custom_fields = '{}',
              status = case when ${dialableStatusSql('l')} then 'done' else l.status end,
              next_attempt_at = null, callback_agent_id = null,
              skip_code = '${ERASED}', skip_reason = 'personal data erased at the person''s request', skipped_at = now(), updated_at = now()
        where l.phone = ? and l.status <> 'dialing' and l.skip_code is distinct from '${ERASED}'
        returning l.id`,
      [phone],
    );
    return rows.map((row) => row.id);
  }
}
