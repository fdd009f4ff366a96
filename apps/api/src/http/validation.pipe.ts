import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { FieldProblem, ValidationFailedError } from '@dialer/core';
import { freeKeysOf, hostileFields, wrapFreeKeys } from './hostile-input';
import { nullFieldsOf } from './null-allowed';

/** Flattens nested class-validator errors into `a.b[2].c: message` form. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints), rules: Object.keys(error.constraints) }] : [];
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/** An explicit null refused (`nullFieldsOf`) as a flat error; `toFieldProblems` keeps its dotted name. */
const asValidationError = ({ field, messages }: FieldProblem): ValidationError =>
  ({ property: field, constraints: { notNull: messages.join('; ') }, children: [] });

/**
 * Besides the DTO's own rules, every value is refused if it holds a NUL
 * character (whatever its type: body, query, path parameter; PostgreSQL cannot
 * store one), and a DTO field may not be an explicit null unless it says so
 * (`@NullAllowed()`).
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const freeKeys = metadata.type === 'body' ? freeKeysOf(metadata.metatype) : undefined;
      const withNul = hostileFields(value, metadata.type === 'body' ? '' : (metadata.data ?? ''), freeKeys);
      if (withNul.length > 0) throw new ValidationFailedError(withNul);
      if (freeKeys) wrapFreeKeys(value, freeKeys);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const named = new Set(toFieldProblems(errors).map((problem) => problem.field));
    return [...errors, ...nullFieldsOf(object).filter((problem) => !named.has(problem.field)).map(asValidationError)];
  }
}

/** Unknown fields are refused, not silently dropped; every refusal names its field. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(toFieldProblems(errors)),
  });
}
