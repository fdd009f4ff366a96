import { scrubErrorValues, scrubRefusedValues, scrubSqlValues, sqlShape } from './sql-values';

const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g';

describe('sqlShape', () => {
  it('replaces string and number literals, keeps names, quoted identifiers and placeholders', () => {
    expect(sqlShape(`insert into "users" ("email", "password_hash", "failed_logins") values ('a@b.c', '${HASH}', 0) returning "id"`)).toBe(
      'insert into "users" ("email", "password_hash", "failed_logins") values (?, ?, ?) returning "id"',
    );
    expect(sqlShape(`update "leads" set "phone" = E'+1415\\'5552671', "attempt_count" = -2.5 where "id" = $1 and "x2" = 'it''s'`)).toBe(
      'update "leads" set "phone" = ?, "attempt_count" = ? where "id" = $1 and "x2" = ?',
    );
  });
});

describe('scrubSqlValues', () => {
  it('shapes the SQL in a driver error message and leaves other text alone', () => {
    const message = `insert into "users" ("email", "password_hash") values ('a@b.c', '${HASH}') - duplicate key value violates unique constraint "users_email_unique"`;
    expect(scrubSqlValues(message)).toBe('insert into "users" ("email", "password_hash") values (?, ?) - duplicate key value violates unique constraint "users_email_unique"');
    expect(scrubSqlValues("campaign 'Spring' has 3 lists")).toBe("campaign 'Spring' has 3 lists");
  });
});

describe('scrubErrorValues', () => {
  it('leaves no value of a failed insert in a serialized driver error', () => {
    const sql = `insert into "users" ("email", "password_hash", "role") values ('someone@example.com', '${HASH}', NULL)`;
    const serialized = {
      type: 'NotNullConstraintViolationException',
      message: `${sql} - null value in column "role" violates not-null constraint`,
      stack: `NotNullConstraintViolationException: ${sql} - null value\n    at x (y.js:1:2)`,
      detail: `Failing row contains (3f2b, someone@example.com, ${HASH}, null).`,
      parameters: ['someone@example.com', HASH],
      cause: { message: `${sql} - boom`, detail: 'Key (email)=(someone@example.com) already exists.' },
      code: '23502',
      table: 'users',
    };
    const scrubbed = scrubErrorValues(serialized);
    const text = JSON.stringify(scrubbed);
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('someone@example.com');
    expect(scrubbed).toMatchObject({
      detail: 'Failing row contains (…).',
      cause: { detail: 'Key (email)=(…) already exists.' },
      code: '23502',
      table: 'users',
    });
    expect(scrubbed.message).toMatch(/^insert into "users" \("email", "password_hash", "role"\) values \(\?, \?, NULL\) - null value/);
  });
});

describe('scrubRefusedValues', () => {
  it.each([
    ['value "1000000000000000000000" is out of range for type bigint', 'value "…" is out of range for type bigint'],
    ['"1e400" is out of range for type double precision', '"…" is out of range for type double precision'],
    ['invalid input syntax for type integer: "12 345 6789"', 'invalid input syntax for type integer: "…"'],
    ['invalid input syntax for type uuid: "a"b\nc"', 'invalid input syntax for type uuid: "…"'],
    ['invalid input value for enum attempt_state: "+14155552671"', 'invalid input value for enum attempt_state: "…"'],
    ['date/time field value out of range: "2026-02-30"', 'date/time field value out of range: "…"'],
    ['malformed array literal: "{secret"', 'malformed array literal: "…"'],
    ['time zone "Mars/Olympus" not recognized', 'time zone "…" not recognized'],
    ['Token "secret" is invalid.', 'Token "…" is invalid.'],
    ['JSON data, line 1: {"notes":"call me on 5552671"}', 'JSON data, line 1: …'],
  ])('redacts the value PostgreSQL quotes in %j', (message, redacted) => {
    expect(scrubRefusedValues(message)).toBe(redacted);
  });

  it('keeps the quoted names of constraints, columns and relations', () => {
    const message = 'null value in column "role" of relation "users" violates not-null constraint "users_role_not_null"';
    expect(scrubRefusedValues(message)).toBe(message);
  });
});

describe('scrubErrorValues of a failed report query', () => {
  it('keeps the SQL shape and drops the out-of-range value from the message, the stack and the JSON context', () => {
    const sql = `select (a.disposition_data->>'amount')::bigint as amount from "call_attempts" a where a.campaign_id = 'c1'`;
    const huge = '1' + '0'.repeat(308);
    const serialized = {
      message: `${sql} - value "${huge}" is out of range for type bigint`,
      stack: `error: ${sql} - value "${huge}" is out of range for type bigint\n    at parseErrorMessage (parser.ts:1:2)`,
      code: '22003',
      where: 'JSON data, line 1: {"amount":1e308,"notes":"secret"}',
    };
    const scrubbed = scrubErrorValues(serialized);
    expect(JSON.stringify(scrubbed)).not.toMatch(/1000|secret|c1/);
    expect(scrubbed.message).toBe(`select (a.disposition_data->>?)::bigint as amount from "call_attempts" a where a.campaign_id = ? - value "…" is out of range for type bigint`);
    expect(scrubbed.stack).toMatch(/is out of range for type bigint\n {4}at parseErrorMessage/);
  });
});
