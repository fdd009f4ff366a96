import { ArgumentMetadata } from '@nestjs/common';
import { ValidationFailedError } from '@dialer/core';
import { DncListQuery } from '../compliance/dnc.dto';
import { ExportListQuery } from '../reporting/export.dto';
import { createValidationPipe } from './validation.pipe';

/** An offset past PostgreSQL's bigint reached the query and came back as a 500 (bigint out of range). */
describe.each([
  ['GET /dnc', DncListQuery],
  ['GET /exports', ExportListQuery],
])('%s offset', (_route, metatype) => {
  const metadata: ArgumentMetadata = { type: 'query', metatype };

  it.each(['9223372036854775807', '99999999999999999999'])('refuses %s with a 400 naming offset', async (offset) => {
    const error = await createValidationPipe()
      .transform({ offset }, metadata)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).fields.map((f) => f.field)).toEqual(['offset']);
  });

  it('takes a large but safe offset', async () => {
    await expect(createValidationPipe().transform({ offset: '99999999999' }, metadata)).resolves.toMatchObject({ offset: 99999999999 });
  });
});
