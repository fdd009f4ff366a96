import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, Max, ValidateNested } from 'class-validator';
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

  it('passes a valid body through, transformed to its class', async () => {
    const value = await createValidationPipe().transform({ ringTimeoutSec: 20, hours: [{ start: 9 }] }, metadata);
    expect(value).toBeInstanceOf(Settings);
  });
});
