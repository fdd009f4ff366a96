import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createPinoOptions } from '@dialer/core';
import { AuditModule } from '@dialer/audit';
import { AuthModule, User } from '@dialer/auth';
import { bootModules, createTestContext, TestContext } from '@dialer/testing';

const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0LXNhbHQ$c2VjcmV0LWhhc2gtb2YtYS1wYXNzd29yZA';

/** A failed insert's error, logged as every process logs errors: the statement's shape, never its values (issue 13, defect 9). */
describe('errors from the database in the logs (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, AuthModule]);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  function logOf(error: unknown): string {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ ...createPinoOptions(ctx.config, 'test'), level: 'error' }, sink);
    logger.error({ err: error }, 'Unhandled error');
    logger.error(error as Error);
    logger.error(`import failed: ${(error as Error).message}`);
    return lines.join('');
  }

  it('keeps a user’s password hash and email out of the log of an insert the database refuses', async () => {
    const error = await app
      .get(MikroORM)
      .em.fork()
      .getConnection()
      .execute('insert into users (email, display_name, password_hash, role) values (?, ?, ?, ?)', ['someone-2125550143@example.com', 'Someone', HASH, null])
      .catch((caught: unknown) => caught);
    expect(String((error as Error).message)).toContain(HASH); // what the driver hands us: the values inlined

    const log = logOf(error);
    expect(log).not.toContain('argon2');
    expect(log).not.toContain('someone-');
    expect(log).toMatch(/insert into users \(email, display_name, password_hash, role\) values \(\?, \?, \?, NULL\) - null value in column/);
    expect(log).toContain('"detail":"Failing row contains (…)."');
  });

  it('keeps them out of the log of an entity MikroORM refuses to insert', async () => {
    const em = app.get(MikroORM).em.fork();
    em.create(User, { email: 'someone-2125550143@example.com', displayName: 'Someone', passwordHash: HASH, role: null as never });
    const error = await em.flush().catch((caught: unknown) => caught);
    expect(String((error as Error).message)).toContain(HASH); // MikroORM prints the entity

    const log = logOf(error);
    expect(log).not.toContain('argon2');
    expect(log).not.toContain('someone-');
    expect(log).toContain('Value for User.role is required');
  });
});
