import { ValidateIf } from 'class-validator';
import type { FieldProblem } from '@dialer/core';

const NULL_ALLOWED = Symbol('dialer:nullAllowed');

/**
 * The field may be `null`, and null means something (a day without calls, no
 * auto-dial). Everywhere else an explicit null is refused: `@IsOptional()`
 * lets null through unvalidated, and a service would then write it to a NOT
 * NULL column or read a property of it.
 */
export function NullAllowed(): PropertyDecorator {
  return (target, property) => {
    ValidateIf((_object, value) => value !== null)(target, property as string);
    Reflect.defineMetadata(NULL_ALLOWED, true, target, property);
  };
}

function isDto(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype !== null && prototype !== Object.prototype && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Fields of a validated DTO (and the DTOs nested in it) that hold an explicit
 * null where the class does not allow it, named as `a.b[2].c`.
 */
export function nullFieldsOf(dto: object): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: dto, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]` }));
      continue;
    }
    if (value === null || typeof value !== 'object' || !isDto(value)) continue;
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (item === null) {
        if (Reflect.getMetadata(NULL_ALLOWED, value, key) !== true) problems.push({ field, messages: [`${field} must not be null; leave it out to keep its value`] });
      } else {
        stack.push({ value: item, path: field });
      }
    }
  }
  return problems.reverse();
}
