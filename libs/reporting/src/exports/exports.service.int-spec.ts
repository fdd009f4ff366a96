import { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Papa from 'papaparse';
import { AuditModule } from '@dialer/audit';
import { JobLiveness, ManualClock } from '@dialer/core';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { ReportingModule } from '../reporting.module';
import { ExportsService } from './exports.service';

const COMPLIANCE = { id: '00000000-0000-4000-8000-00000000c0c0', role: 'compliance' };

/** The call-results export against the real PostgreSQL: every column from the tables the dialer writes. */
describe('attempts export (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let exports: ExportsService;
  let dir: string;
  const clock = new ManualClock('2026-12-01T00:00:00Z');
  let campaignId: string;
  let answeredId: string;
  let abandonedId: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'exports-'));
    ctx = await createTestContext({ EXPORT_DIR: dir, EXPORT_TTL_HOURS: '2' });
    app = await bootModules(ctx.config, [AuditModule, ReportingModule], clock);
    exports = app.get(ExportsService);
    const campaign = await seedCampaign(app, {
      kind: 'survey',
      mode: 'predictive',
      jurisdiction: 'JP',
      settings: {
        product: '光回線',
        identity: { seller: '山田電力', purpose: 'アンケート' },
        survey: { questions: [{ id: 'q1', prompt: '?', answers: ['1', '2'] }, { id: 'q2', prompt: '?', answers: ['1', '2'] }] },
      },
      dispositions: [{ code: 'COMPLETED', isFinal: true, isContact: true }],
    });
    campaignId = campaign.id;
    const [leadA, leadB] = await seedLeads(app, campaign.listId, [
      { phone: '+81312345678', zones: ['Asia/Tokyo'], firstName: '=HYPERLINK("http://evil","x")', externalId: 'EXT-1', phoneType: 'fixed_line' },
      { phone: '+81312345679', zones: ['Asia/Tokyo'], firstName: '花子' },
    ]);
    // 😀 has no place in Windows-31J; 髙 has (an IBM extension).
    await query(app, `update leads set last_name = '髙橋😀' where id = ?`, [leadA]);
    const [agent] = await query(app, `insert into users (email, display_name, password_hash, role) values ('a@example.com', '佐藤', 'x', 'agent') returning id`);
    const evidence = {
      dnc: { passed: true, code: 'OK', checkedAt: '2026-11-30T01:00:00.000Z' },
      timezone: { passed: true, code: 'OK', zones: ['Asia/Tokyo'] },
      calling_window: { passed: true, code: 'OK', localTimes: { 'Asia/Tokyo': '2026-11-30T10:00:00.000+09:00' } },
      attempt_limits: { passed: true, code: 'OK', total: 2, today: 1, limits: { lifetime: 5, perDay: 3 } },
      redial_after_abandon: { passed: true, code: 'OK' },
      consent: { passed: true, code: 'OK' },
      state_rules: { passed: true, code: 'OK', state: 'FL' },
      dialLevel: 1.5,
      taken: { status: 'new' },
    };
    [{ id: answeredId }] = (await query(
      app,
      `insert into call_attempts (campaign_id, lead_id, phone, caller_id, provider_call_sid, state, mode, created_at, initiated_at, ringing_at, answered_at, connected_at,
         ended_at, answered_by, agent_id, disposition_code, disposition_data, disposition_at, duration_sec, outcome, compliance_evidence)
       values (?, ?, '+81312345678', '+81300000000', 'CA1', 'completed', 'predictive', '2026-11-30T01:00:00Z', '2026-11-30T01:00:00.5Z', '2026-11-30T01:00:01Z',
         '2026-11-30T01:00:07Z', '2026-11-30T01:00:08.25Z', '2026-11-30T01:03:00Z', 'human', ?, 'COMPLETED', '{}', '2026-11-30T01:03:30Z', 173, 'human', ?)
       returning id`,
      [campaignId, leadA, agent.id, JSON.stringify(evidence)],
    )) as { id: string }[];
    [{ id: abandonedId }] = (await query(
      app,
      `insert into call_attempts (campaign_id, lead_id, phone, provider_call_sid, state, mode, created_at, initiated_at, ringing_at, answered_at, ended_at,
         answered_by, abandoned, outcome, compliance_evidence)
       values (?, ?, '+81312345679', 'CA2', 'completed', 'predictive', '2026-11-30T02:00:00Z', '2026-11-30T02:00:00Z', '2026-11-30T02:00:02Z', '2026-11-30T02:00:05Z',
         '2026-11-30T02:00:15Z', 'human', true, 'abandoned', ?) returning id`,
      [campaignId, leadB, JSON.stringify({ ...evidence, abandonMessage: { playedAt: '2026-11-30T02:00:07.100Z' } })],
    )) as { id: string }[];
    await query(
      app,
      `insert into call_events (attempt_id, call_sid, kind, dedupe_key, sequence_number, status, params, received_at) values
        (?, 'CA1', 'amd', 'amd', null, null, '{"AnsweredBy":"human"}', '2026-11-30T01:00:09Z'),
        (?, 'CA1', 'status', '1', 1, 'ringing', '{}', '2026-11-30T01:00:01Z'),
        (?, 'CA1', 'status', '3', 3, 'completed', '{"RecordingSid":"RE123","RecordingUrl":"https://api.twilio.com/rec/RE123"}', '2026-11-30T01:03:00Z')`,
      [answeredId, answeredId, answeredId],
    );
    await query(app, `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, 'q1', '2', 'ivr'), (?, ?, ?, 'q2', '1', 'ivr')`, [
      answeredId,
      campaignId,
      leadA,
      answeredId,
      campaignId,
      leadA,
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function exportFile(format: 'csv' | 'xlsx', encoding: 'utf-8' | 'shift_jis', campaignIds = [campaignId]) {
    const job = await exports.request({ kind: 'attempts', format, encoding, filters: { campaignIds } }, COMPLIANCE);
    expect(await exports.run(job.id)).toBe(true);
    const file = await exports.file(job.id, COMPLIANCE);
    file.stream.destroy();
    const view = exports.view(await exports.get(job.id, COMPLIANCE));
    return { view, bytes: await readFile(path.join(dir, file.fileName)) };
  }

  function rowsOf(text: string): Record<string, string>[] {
    return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  }

  it('writes one formula-safe UTF-8 row per attempt with times in the callee’s zone and UTC, AMD, safe harbour, survey and evidence', () =>
    withOrmContext(app, async () => {
    const { view, bytes } = await exportFile('csv', 'utf-8');
    expect(view).toMatchObject({ state: 'completed', rowsTotal: 2, rowsWritten: 2, progress: 100, replacedCharacters: 0 });
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [answered, abandoned] = rowsOf(bytes.toString('utf8').slice(1));
    expect(answered).toMatchObject({
      attempt_id: answeredId,
      campaign_kind: 'survey',
      jurisdiction: 'JP',
      product: '光回線',
      seller: '山田電力',
      external_id: 'EXT-1',
      first_name: `'=HYPERLINK("http://evil","x")`,
      last_name: '髙橋😀',
      called_number: `'+81312345678`,
      number_type: 'fixed_line',
      caller_id: `'+81300000000`,
      dial_mode: 'predictive',
      dial_level: '1.5',
      callee_zone: 'Asia/Tokyo',
      placed_at_local: '2026-11-30 10:00:00',
      placed_at_utc: '2026-11-30T01:00:00.500Z',
      answered_at_local: '2026-11-30 10:00:07',
      agent_connected_at_utc: '2026-11-30T01:00:08.250Z',
      ring_seconds: '6.0',
      answer_to_agent_seconds: '1.250',
      amd_verdict: 'human',
      amd_verdict_at_local: '2026-11-30 10:00:09',
      abandoned: 'false',
      safe_harbour_message_played: 'false',
      safe_harbour_message_at_utc: '',
      agent_name: '佐藤',
      disposition_code: 'COMPLETED',
      disposition_label: 'COMPLETED',
      'survey:q1': '2',
      'survey:q2': '1',
      twilio_status: 'completed',
      recording_sid: 'RE123',
      recording_url: 'https://api.twilio.com/rec/RE123',
      dial_local_time: 'Asia/Tokyo 2026-11-30T10:00:00.000+09:00',
      dial_zones: 'Asia/Tokyo',
      calling_hours_result: 'OK',
      dnc_checked_at: '2026-11-30T01:00:00.000Z',
      dnc_lists_checked: 'global, campaign, product 光回線',
      attempts_lifetime_before: '2',
      attempts_today_before: '1',
      consent_result: 'OK',
      identity_statement: '山田電力 / アンケート',
    });
    expect(JSON.parse(answered.other_gates_evidence)).toEqual({ state_rules: { passed: true, code: 'OK', state: 'FL' } });
    expect(JSON.parse(answered.evidence_json)).toMatchObject({ dialLevel: 1.5, dnc: { code: 'OK' } });
    expect(abandoned).toMatchObject({
      attempt_id: abandonedId,
      first_name: '花子',
      abandoned: 'true',
      safe_harbour_message_played: 'true',
      safe_harbour_message_at_local: '2026-11-30 11:00:07',
      safe_harbour_message_at_utc: '2026-11-30T02:00:07.100Z',
      answer_to_agent_seconds: '',
      'survey:q1': '',
    });
    const audit = await query(app, `select action, actor_id from audit_log where entity_id = ? order by seq`, [view.id]);
    expect(audit).toEqual([
      { action: 'export.requested', actor_id: COMPLIANCE.id },
      { action: 'export.downloaded', actor_id: COMPLIANCE.id },
    ]);
  }));

  it('writes Shift_JIS that opens with its Japanese intact, and marks and counts what it cannot hold', () =>
    withOrmContext(app, async () => {
    const { view, bytes } = await exportFile('csv', 'shift_jis');
    expect(view.replacedCharacters).toBe(1);
    expect(bytes.subarray(0, 3)).not.toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [answered, abandoned] = rowsOf(iconv.decode(bytes, 'cp932'));
    expect(answered).toMatchObject({ last_name: '髙橋〓', agent_name: '佐藤', product: '光回線', first_name: `'=HYPERLINK("http://evil","x")` });
    expect(abandoned.first_name).toBe('花子');
  }));

  it('writes XLSX with numbers as numbers, and text as the text, a formula’s look included, never as a formula', () =>
    withOrmContext(app, async () => {
    const { bytes } = await exportFile('xlsx', 'utf-8');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('attempts')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const cell = (row: number, header: string) => sheet.getRow(row).getCell(headers.indexOf(header) + 1);
    expect(sheet.rowCount).toBe(3);
    // No apostrophe for Excel to show: a workbook's text cell is never evaluated.
    expect(cell(2, 'first_name').value).toBe(`=HYPERLINK("http://evil","x")`);
    expect(cell(2, 'first_name').type).toBe(ExcelJS.ValueType.String);
    expect(String(cell(2, 'called_number').value)).toMatch(/^\+\d+$/);
    expect(cell(2, 'last_name').value).toBe('髙橋😀');
    expect(cell(2, 'ring_seconds').value).toBe(6);
    expect(cell(3, 'abandoned').value).toBe(true);
  }));

  it('writes XLSX text that Excel shows as written (`_x0041_` escaped) and cuts a cell past Excel’s limit, marking it and listing it on a notes sheet', () =>
    withOrmContext(app, async () => {
    const campaign = await seedCampaign(app, { dispositions: [{ code: 'NOTED', isFinal: true }] });
    const [lead] = await seedLeads(app, campaign.listId, [{ phone: '+12025550100', firstName: '_x0041_ and _x00e9_' }]);
    const notes = 'あ'.repeat(40_000);
    await query(
      app,
      `insert into call_attempts (campaign_id, lead_id, phone, provider_call_sid, state, mode, created_at, ended_at, disposition_code, disposition_data, outcome)
       values (?, ?, '+12025550100', 'CA-LONG', 'completed', 'predictive', '2026-11-30T03:00:00Z', '2026-11-30T03:01:00Z', 'NOTED', ?, 'human')`,
      [campaign.id, lead, JSON.stringify({ notes })],
    );
    const { bytes } = await exportFile('xlsx', 'utf-8', [campaign.id]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('attempts')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const cell = (header: string) => String(sheet.getRow(2).getCell(headers.indexOf(header) + 1).value);
    // As stored in the file (exceljs does not decode a `str` cell): Excel reads `_x005F_` as the underscore.
    expect(cell('first_name')).toBe('_x005F_x0041_ and _x005F_x00e9_');
    const cut = cell('notes');
    expect(cut).toHaveLength(32_767);
    expect(cut.startsWith('あああ')).toBe(true);
    expect(cut).toMatch(/…\[cut: 40000 characters, Excel's limit is 32767\]$/);
    expect(cell('disposition_data')).toHaveLength(32_767);
    // Never silently: the notes sheet says which cells were cut.
    const noted = workbook.getWorksheet('notes')!;
    expect(String(noted.getRow(1).getCell(1).value)).toMatch(/^2 cell\(s\) of sheet "attempts" .* were cut/);
    expect((noted.getRow(2).values as unknown[]).slice(1)).toEqual(['row', 'column', 'characters']);
    expect((noted.getRow(3).values as unknown[]).slice(1)).toEqual([2, 'notes', 40_000]);
    expect((noted.getRow(4).values as unknown[]).slice(1)).toEqual([2, 'disposition_data', '{"notes": ""}'.length + 40_000]);
    // The first export's file has no notes sheet: nothing was cut.
    const whole = new ExcelJS.Workbook();
    await whole.xlsx.load((await exportFile('xlsx', 'utf-8')).bytes as unknown as ArrayBuffer);
    expect(whole.getWorksheet('notes')).toBeUndefined();
  }));

  it('writes an agent’s note holding U+FFFE, controls and a carriage return into an XLSX that still opens, each as Excel’s escape', () =>
    withOrmContext(app, async () => {
    const campaign = await seedCampaign(app, { dispositions: [{ code: 'NOTED', isFinal: true }] });
    const [lead] = await seedLeads(app, campaign.listId, [{ phone: '+12025550101', firstName: 'Pasted' }]);
    await query(
      app,
      `insert into call_attempts (campaign_id, lead_id, phone, provider_call_sid, state, mode, created_at, ended_at, disposition_code, disposition_data, outcome)
       values (?, ?, '+12025550101', 'CA-ODD', 'completed', 'predictive', '2026-11-30T03:00:00Z', '2026-11-30T03:01:00Z', 'NOTED', ?, 'human')`,
      [campaign.id, lead, JSON.stringify({ notes: 'from \uFFFE the\u0001 wiki\r\nend' })],
    );
    const workbook = new ExcelJS.Workbook();
    // Before the escapes, one U+FFFE made the sheet's XML malformed: this load threw.
    await workbook.xlsx.load((await exportFile('xlsx', 'utf-8', [campaign.id])).bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('attempts')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(String(sheet.getRow(2).getCell(headers.indexOf('notes') + 1).value)).toBe('from _xFFFE_ the_x0001_ wiki_x000D_\nend');
  }));

  it('refuses Shift_JIS for XLSX and a range that ends before it starts, naming the field', () =>
    withOrmContext(app, async () => {
    await expect(exports.request({ kind: 'attempts', format: 'xlsx', encoding: 'shift_jis' }, COMPLIANCE)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'encoding' }] },
    });
    await expect(
      exports.request({ kind: 'attempts', format: 'csv', filters: { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' } }, COMPLIANCE),
    ).rejects.toMatchObject({ details: { fields: [{ field: 'filters.to' }] } });
  }));

  it('names the direct stream’s fields as its query does (from, to), not as an export’s body', () =>
    withOrmContext(app, async () => {
    await expect(
      exports.streamCsv({ from: '2026-12-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }, 'utf-8', COMPLIANCE, new PassThrough()),
    ).rejects.toMatchObject({ details: { fields: [{ field: 'to', messages: ['must be after from'] }] } });
  }));

  it('gives the survey columns in the order of the survey’s questions, then answered questions it no longer has', () =>
    withOrmContext(app, async () => {
    const survey = await seedCampaign(app, {
      kind: 'survey',
      jurisdiction: 'US',
      settings: { survey: { questions: [{ id: 'zeta', prompt: '?', answers: ['1'] }, { id: 'alpha', prompt: '?', answers: ['1'] }] } },
    });
    const [lead] = await seedLeads(app, survey.listId, [{ phone: '+12125550901', zones: ['America/New_York'] }]);
    const [{ id: attemptId }] = await query(app, `insert into call_attempts (campaign_id, lead_id, phone, state) values (?, ?, '+12125550901', 'completed') returning id`, [
      survey.id,
      lead,
    ]);
    await query(
      app,
      `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, 'alpha', '1', 'ivr'), (?, ?, ?, 'zeta', '1', 'ivr'), (?, ?, ?, 'dropped', '1', 'ivr')`,
      [attemptId, survey.id, lead, attemptId, survey.id, lead, attemptId, survey.id, lead],
    );
    const job = await exports.request({ kind: 'attempts', format: 'csv', filters: { campaignIds: [survey.id] } }, COMPLIANCE);
    await exports.run(job.id);
    const file = await exports.file(job.id, COMPLIANCE);
    file.stream.destroy();
    const header = (await readFile(path.join(dir, file.fileName), 'utf8')).slice(1).split('\r\n')[0].split(',');
    expect(header.filter((h) => h.startsWith('survey:'))).toEqual(['survey:zeta', 'survey:alpha', 'survey:dropped']);
  }));

  it('filters by outcome, and deletes files once they expire', () =>
    withOrmContext(app, async () => {
    const job = await exports.request({ kind: 'attempts', format: 'csv', filters: { campaignIds: [campaignId], outcomes: ['abandoned'] } }, COMPLIANCE);
    await exports.run(job.id);
    const done = exports.view(await exports.get(job.id, COMPLIANCE));
    expect(done).toMatchObject({ rowsWritten: 1, expiresAt: '2026-12-01T02:00:00.000Z' });
    const file = path.join(dir, done.fileName!);
    expect(await exports.cleanUp()).toBe(0);
    clock.advance(2 * 3600_000);
    // Expired but not yet cleaned up: the file is still on disk, and refused.
    await expect(exports.file(job.id, COMPLIANCE)).rejects.toMatchObject({ code: 'EXPORT_EXPIRED' });
    expect(await exports.cleanUp()).toBeGreaterThanOrEqual(1);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    expect(exports.view(await exports.get(job.id, COMPLIANCE)).state).toBe('expired');
    await expect(exports.file(job.id, COMPLIANCE)).rejects.toMatchObject({ code: 'EXPORT_EXPIRED' });
    const audit = await query(app, `select actor_role from audit_log where entity_id = ? and action = 'export.expired'`, [job.id]);
    expect(audit).toEqual([{ actor_role: 'system' }]);
  }));

  it('queues again an export whose job the queue lost, and fails one whose job died, once untouched a while', () =>
    withOrmContext(app, async () => {
      const request = () => exports.request({ kind: 'attempts', format: 'csv', filters: { campaignIds: [campaignId] } }, COMPLIANCE);
      const [lost, died, live, recent] = [await request(), await request(), await request(), await request()];
      const untouched = new Date(clock.now().getTime() - 3 * 60_000);
      await query(app, `update export_jobs set updated_at = ? where id in (?, ?, ?)`, [untouched, lost.id, died.id, live.id]);
      await query(app, `update export_jobs set updated_at = ? where id = ?`, [clock.now(), recent.id]);
      const requeued: string[] = [];
      const states: Record<string, JobLiveness> = { [lost.id]: { state: 'missing' }, [died.id]: { state: 'dead', reason: 'job stalled more than allowable limit' } };
      const report = await exports.settleOrphans(
        { liveness: async (id) => states[id] ?? { state: 'live' }, requeue: async (id) => void requeued.push(id) },
        2 * 60_000,
      );
      expect(report).toEqual({ requeued: [lost.id], failed: [died.id] });
      expect(requeued).toEqual([lost.id]);
      const view = async (id: string) => exports.view(await exports.get(id, COMPLIANCE));
      expect(await view(died.id)).toMatchObject({
        state: 'failed',
        error: 'The export stopped and will not be retried (job stalled more than allowable limit): export again',
        errorCode: 'EXPORT_ABANDONED',
      });
      for (const id of [lost.id, live.id, recent.id]) expect((await view(id)).state).toBe('queued');
    }));

  it('stores why an export failed as a code and its figures beside the English sentence', () =>
    withOrmContext(app, async () => {
      const request = () => exports.request({ kind: 'attempts', format: 'csv', filters: { campaignIds: [campaignId] } }, COMPLIANCE);
      const [gaveUp, unqueued] = [await request(), await request()];
      await exports.fail(gaveUp.id, 3, new Error('disk full'));
      await exports.abandon(unqueued, new Error('Redis is down'));
      const view = async (id: string) => exports.view(await exports.get(id, COMPLIANCE));
      expect(await view(gaveUp.id)).toMatchObject({
        state: 'failed',
        error: 'The export stopped after 3 attempts: disk full',
        errorCode: 'EXPORT_ATTEMPTS_FAILED',
        errorParams: { attempts: 3 },
      });
      expect(await view(unqueued.id)).toMatchObject({ state: 'failed', error: 'not queued: Redis is down', errorCode: 'EXPORT_NOT_QUEUED', errorParams: null });
    }));

  it('hides one person’s exports from another manager', () =>
    withOrmContext(app, async () => {
    const job = await exports.request({ kind: 'attempts', format: 'csv' }, { id: '00000000-0000-4000-8000-0000000000a1', role: 'manager' });
    await expect(exports.get(job.id, { id: '00000000-0000-4000-8000-0000000000a2', role: 'manager' })).rejects.toMatchObject({ code: 'EXPORT_NOT_FOUND' });
    await expect(exports.get(job.id, COMPLIANCE)).resolves.toMatchObject({ id: job.id });
  }));
});
