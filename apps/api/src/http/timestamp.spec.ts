import { ArgumentMetadata } from '@nestjs/common';
import { ValidationFailedError } from '@dialer/core';
import { AuditPageQuery, AuditQuery } from '../audit/audit.dto';
import { AttemptsCsvQuery, CreateExportDto } from '../reporting/export.dto';
import { KpiQuery, OptionalRangeQuery, RangeQuery } from '../reporting/kpi-report.dto';
import { RevocationReportQuery } from '../compliance/consents.dto';
import { DncListQuery } from '../compliance/dnc.dto';
import { parseTimestamp } from './timestamp';
import { createValidationPipe } from './validation.pipe';

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

async function refusedFields(value: object, metatype: ArgumentMetadata['metatype']): Promise<string[]> {
  const error = await createValidationPipe()
    .transform(value, query(metatype))
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationFailedError);
  return (error as ValidationFailedError).fields.map((f) => f.field);
}

describe('parseTimestamp', () => {
  it.each(['2028-02-29', '2026-12-31T23:59:59Z', '2026-12-01', '2026-12-01T09:30:00Z', '2026-12-01T09:30:00.123+09:00', '1900-01-01T00:00:00Z'])('reads %s', (text) => {
    expect(parseTimestamp(text)).toEqual(new Date(text));
  });

  it.each(['+257391-04-02T20:04:52.920Z', '1', '12/01/2026', 'now', '1899-12-31T23:59:59Z', '2026-13-01', '', '2026-02-30', '2026-02-29T00:00:00Z', '2026-04-31T10:00', '2026-01-01T24:00:00Z', '2026-01-01T10:60'])('refuses %s', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});

/** A year past 9999 passed `@Type(() => Date)` and reached PostgreSQL, which answered with a 500. */
describe('date-time query fields', () => {
  it('refuses years PostgreSQL cannot parse with a 400 naming the field', async () => {
    expect(await refusedFields({ from: '+257391-04-02T20:04:52.920Z', to: '1969-12-31T23:59:59.959Z' }, RevocationReportQuery)).toEqual(['from']);
    expect(await refusedFields({ addedTo: '+031400-08-20T23:46:52.838Z' }, DncListQuery)).toEqual(['addedTo']);
  });

  it('refuses a day the calendar does not have (JavaScript would read 2026-02-30 as 2 March) with a 400 naming the field', async () => {
    expect(await refusedFields({ addedFrom: '2026-02-30' }, DncListQuery)).toEqual(['addedFrom']);
  });

  it('refuses a range whose end comes before its start', async () => {
    expect(await refusedFields({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }, RevocationReportQuery)).toEqual(['to']);
    expect(await refusedFields({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }, AuditQuery)).toEqual(['to']);
  });

  it('turns a good range into dates', async () => {
    await expect(createValidationPipe().transform({ from: '2026-12-01', to: '2026-12-02T00:00:00Z' }, query(RevocationReportQuery))).resolves.toMatchObject({
      from: new Date('2026-12-01'),
      to: new Date('2026-12-02T00:00:00Z'),
    });
  });
});

/**
 * class-validator's ISO 8601 also takes week and ordinal dates (2026-W01-1, 2026-001) that
 * JavaScript cannot read or reads differently: GET /audit and the survey and promises
 * reports answered them with 500s. Every range filter of the compliance records takes what
 * parseTimestamp takes, and hands it on as one UTC instant PostgreSQL reads the same way.
 */
describe('range filters of the compliance records', () => {
  const kpis = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', groupBy: 'day' };
  it.each<[string, string, ArgumentMetadata['metatype'], object]>([
    ['GET /audit', 'from', AuditPageQuery, {}],
    ['GET /audit/export.csv', 'to', AuditQuery, {}],
    ['GET /reports/attempts.csv', 'from', AttemptsCsvQuery, {}],
    ['GET /reports/campaigns/:id/survey and /promises', 'to', OptionalRangeQuery, {}],
    // Took them (class-validator's IsISO8601), then read them as dates JavaScript gets wrong or cannot read.
    ['GET /reports/campaigns/:id/kpis', 'from', KpiQuery, kpis],
    ['GET /reports/campaigns/:id/kpis', 'to', KpiQuery, kpis],
  ])('%s refuses a week or ordinal date in %s with a 400 naming the field', async (_route, field, metatype, rest) => {
    for (const value of ['2026-W01-1', '2026-001', '2026-W01']) expect(await refusedFields({ ...rest, [field]: value }, metatype)).toEqual([field]);
  });

  it('GET /reports/campaigns/:id/kpis hands its range on as UTC instants, refusing a day the calendar does not have', async () => {
    await expect(
      createValidationPipe().transform({ from: '2026-11-01', to: '2026-12-01T09:00:00+09:00', groupBy: 'agent' }, query(KpiQuery)),
    ).resolves.toMatchObject({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(await refusedFields({ from: '2026-02-30', to: '2026-03-02', groupBy: 'day' }, KpiQuery)).toEqual(['from']);
    expect(await refusedFields({ from: '2026-11-01', groupBy: 'week' }, KpiQuery)).toEqual(['to', 'groupBy']);
  });

  it('POST /exports refuses a week date in its filters, naming filters.from', async () => {
    const error = await createValidationPipe()
      .transform({ kind: 'attempts', format: 'csv', filters: { from: '2026-W01-1' } }, { type: 'body', metatype: CreateExportDto })
      .catch((caught: unknown) => caught);
    expect((error as ValidationFailedError).fields.map((f) => f.field)).toEqual(['filters.from']);
  });

  it('hands a range on as UTC instants, whatever offset or precision it was written with', async () => {
    await expect(createValidationPipe().transform({ from: '2026-12-01', to: '2026-12-02T09:00:00+09:00' }, query(AttemptsCsvQuery))).resolves.toMatchObject({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
    });
    await expect(createValidationPipe().transform({ from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }, query(RangeQuery))).resolves.toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
    });
  });
});

