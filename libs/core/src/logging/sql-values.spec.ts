import { scrubErrorValues, scrubSqlValues, sqlShape } from './sql-values';

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
