import { ValidationFailedError } from '@dialer/core';
import { DncImportFieldsDto, ImportFieldsDto, parseImportFields } from './import-fields.dto';

const fieldsOf = (entries: [string, string][]) => {
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of entries) fields[name] = value;
  return fields;
};

const problemsOf = (fields: Record<string, string>) => {
  try {
    parseImportFields(ImportFieldsDto, fields);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return JSON.stringify((error as ValidationFailedError).details);
  }
  throw new Error('expected a validation failure');
};

describe('parseImportFields', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('keeps a mapping key %s as a column name, in a null-prototype object', (key) => {
    const dto = parseImportFields(ImportFieldsDto, fieldsOf([['mapping', `{${JSON.stringify(key)}: "phone", "b": "email"}`]]));
    expect(Object.getPrototypeOf(dto.mapping)).toBeNull();
    expect(Object.entries(dto.mapping!)).toEqual([
      [key, 'phone'],
      ['b', 'email'],
    ]);
  });

  it('names a mapping that is not an object, or whose values are not field names', () => {
    expect(problemsOf(fieldsOf([['mapping', '["phone"]']]))).toContain('mapping must be a JSON object');
    expect(problemsOf(fieldsOf([['mapping', '{"constructor": 1}']]))).toContain('not so for \\"constructor\\"');
    expect(problemsOf(fieldsOf([['mapping', '{not json']]))).toContain('mapping must be JSON');
  });

  it('refuses a NUL in a mapping key or value, as a JSON body would (\\u0000 in the JSON text)', () => {
    expect(problemsOf(fieldsOf([['mapping', '{"ph\\u0000one": "phone"}']]))).toContain('mapping keys and values must not contain a NUL character');
    expect(problemsOf(fieldsOf([['mapping', '{"phone": "phone\\u0000"}']]))).toContain('mapping keys and values must not contain a NUL character');
  });

  it.each(['constructor', 'toString', '__proto__'])('refuses a form field named %s, naming it', (name) => {
    expect(problemsOf(fieldsOf([[name, 'x']]))).toContain(`property ${name} should not exist`);
  });

  it('still checks the other fields', () => {
    expect(parseImportFields(DncImportFieldsDto, fieldsOf([['country', 'US'], ['scope', 'global']]))).toMatchObject({ country: 'US', scope: 'global' });
    expect(problemsOf(fieldsOf([['encoding', 'x'.repeat(50)]]))).toContain('encoding');
  });
});
