import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, ValidateNested } from 'class-validator';
import { ValidationFailedError } from '@dialer/core';
import { createValidationPipe } from './validation.pipe';

class Hours {
  @IsInt()
  @Max(23)
  start!: number;
}

class Settings {
  @IsInt()
  ringTimeoutSec!: number;

  @IsOptional()
  @IsString()
  script?: string;

  @ValidateNested({ each: true })
  @Type(() => Hours)
  hours!: Hours[];
}

describe('validation pipe', () => {
  const metadata: ArgumentMetadata = { type: 'body', metatype: Settings };

  it('names nested fields with their path, and unknown fields', async () => {
    const error = await createValidationPipe()
      .transform({ ringTimeoutSec: 'soon', hours: [{ start: 8 }, { start: 30 }], colour: 'red' }, metadata)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).fields.map((f) => f.field).sort()).toEqual(['colour', 'hours[1].start', 'ringTimeoutSec']);
  });

  it('names the rule behind each message, so a page can word it in its own language', async () => {
    const error = await createValidationPipe()
      .transform({ ringTimeoutSec: 'soon', script: null, hours: [], colour: 'red' }, metadata)
      .catch((caught: unknown) => caught);
    const rules = new Map((error as ValidationFailedError).fields.map((f) => [f.field, f.rules]));
    expect(rules.get('colour')).toEqual(['whitelistValidation']);
    expect(rules.get('script')).toEqual(['notNull']);
    expect(rules.get('ringTimeoutSec')?.length).toBe((error as ValidationFailedError).fields.find((f) => f.field === 'ringTimeoutSec')?.messages.length);
  });

  it('passes a valid body through, transformed to its class', async () => {
    const value = await createValidationPipe().transform({ ringTimeoutSec: 20, hours: [{ start: 9 }] }, metadata);
    expect(value).toBeInstanceOf(Settings);
  });

  it('refuses an explicit null on an optional field instead of letting it through unvalidated', async () => {
    const error = await createValidationPipe()
      .transform({ ringTimeoutSec: 20, script: null, hours: [{ start: null }] }, metadata)
      .catch((caught: unknown) => caught);
    expect((error as ValidationFailedError).fields.map((f) => f.field).sort()).toEqual(['hours[0].start', 'script']);
  });

  it('refuses a NUL character in a body, a query or a path parameter, naming where it is', async () => {
    const pipe = createValidationPipe();
    const body = await pipe.transform({ ringTimeoutSec: 20, script: 'a\u0000', hours: [] }, metadata).catch((caught: unknown) => caught);
    expect((body as ValidationFailedError).fields).toEqual([{ field: 'script', messages: [expect.stringMatching(/NUL/)] }]);
    const param = await pipe.transform('SALE\u0000', { type: 'param', metatype: String, data: 'code' }).catch((caught: unknown) => caught);
    expect((param as ValidationFailedError).fields.map((f) => f.field)).toEqual(['code']);
    const query = await pipe.transform({ phone: '\u0000' }, { type: 'query', metatype: Object }).catch((caught: unknown) => caught);
    expect((query as ValidationFailedError).fields.map((f) => f.field)).toEqual(['phone']);
  });

  it('refuses keys named like inherited members (constructor, toString…), which class-transformer would drop unseen by the whitelist', async () => {
    const pipe = createValidationPipe();
    const body = JSON.parse('{"ringTimeoutSec":20,"hours":[{"start":9,"toString":"x"}],"constructor":"y"}') as object;
    const error = await pipe.transform(body, metadata).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).fields.map((f) => f.field).sort()).toEqual(['constructor', 'hours[0].toString']);
  });
});
