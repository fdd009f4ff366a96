import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { BootedWithTempDir, bootModulesWithTempDir, withOrmContext } from '@dialer/testing';
import { LeadsModule } from '../leads.module';
import { LeadListsService } from '../lead-lists.service';
import { ImportRunner } from './import-runner.service';
import { ImportsService } from './imports.service';

/** What a row's cells become beyond the number: its extension, its country, its zones — preview and import alike. */
describe('Import of extensions, countries and zones (integration)', () => {
  let booted: BootedWithTempDir;
  let app: INestApplicationContext;
  let dir: string;
  let em: EntityManager;

  beforeAll(async () => {
    booted = await bootModulesWithTempDir([AuditModule, LeadsModule], 'import-row-fields-');
    ({ app, dir } = booted);
    em = app.get(MikroORM).em.fork() as EntityManager;
  });

  afterAll(() => booted?.close());

  const inContext = <T>(work: () => Promise<T>) => withOrmContext(app, work);

  it('keeps an extension in phone_extension and says so in the preview; rejects a country cell that names no country; zones every country', async () => {
    const list = await inContext(() => app.get(LeadListsService).create({ name: 'world', defaultCountry: 'US' }, SYSTEM_ACTOR));
    const csv = [
      'name,phone,country',
      'Ann,212-555-0146 ext 12,',
      'Bob,020 7946 0958,XX',
      'Cid,+971 50 123 4567,',
      'Dee,01481 256789,GG',
      'Eve,0412 345 678,Australia',
      'Fay,91 234 56 78,ES',
      'Gus,03-2222-1113（内線12）,JP',
      '',
    ].join('\n');

    const preview = await inContext(() =>
      app.get(ImportsService).preview(list.id, { bytes: Buffer.from(csv), complete: true }, {}),
    );
    expect(preview.rows[0]).toMatchObject({
      outcome: 'lead',
      notes: [{ code: 'EXTENSION_KEPT', message: expect.stringContaining('extension 12'), params: { extension: '12' } }],
      lead: { phone: '+12125550146', phoneExtension: '12' },
    });
    expect(preview.rows[1]).toMatchObject({ outcome: 'rejected', rejection: { code: 'INVALID_COUNTRY', message: expect.stringContaining('"XX"') } });
    // 内線, the Japanese "ext.", as ext is read.
    expect(preview.rows[6]).toMatchObject({
      outcome: 'lead',
      notes: [{ code: 'EXTENSION_KEPT', message: expect.stringContaining('extension 12'), params: { extension: '12' } }],
      lead: { phone: '+81322221113', phoneExtension: '12' },
    });

    const file = path.join(dir, 'world.csv');
    await writeFile(file, csv);
    const job = await inContext(() => app.get(ImportsService).createLeadImport(list.id, { path: file, fileName: 'world.csv', size: Buffer.byteLength(csv) }, {}, SYSTEM_ACTOR));
    expect(await inContext(() => app.get(ImportRunner).run(job.id))).toBe('completed');
    const view = await inContext(async () => app.get(ImportsService).view(await app.get(ImportsService).get(job.id)));
    expect(view.counts).toMatchObject({ rowsRead: 7, accepted: 6, rejected: 1, noTimezone: 0 });

    const leads = await em.execute<{ phone: string; phone_extension: string | null; status: string; timezone: string | null; timezone_candidates: string[] }[]>(
      `select phone, phone_extension, status, timezone, timezone_candidates from leads where import_id = ? order by import_row`,
      [job.id],
    );
    expect(leads.map((l) => [l.phone, l.phone_extension, l.status, l.timezone])).toEqual([
      ['+12125550146', '12', 'new', 'America/New_York'],
      ['+971501234567', null, 'new', 'Asia/Dubai'],
      ['+441481256789', null, 'new', 'Europe/London'],
      ['+61412345678', null, 'new', null],
      ['+34912345678', null, 'new', 'Europe/Madrid'],
      ['+81322221113', '12', 'new', 'Asia/Tokyo'],
    ]);
    expect(leads[3].timezone_candidates).toEqual(expect.arrayContaining(['Australia/Perth', 'Australia/Sydney']));
    const [rejection] = await em.execute<{ row_number: number; reason_code: string }[]>(`select row_number, reason_code from import_rejections where job_id = ?`, [job.id]);
    expect(rejection).toEqual({ row_number: 2, reason_code: 'INVALID_COUNTRY' });
  });
});
