import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ClientBase, QueryResultRow } from 'pg';

/**
 * Short named statements on MikroORM's own connection pool, for the webhook
 * hot path: no unit of work, no query builder, and PostgreSQL parses and
 * plans each statement once per connection.
 */
@Injectable()
export class RawSql {
  constructor(private readonly orm: MikroORM) {}

  async query<R extends QueryResultRow>(name: string, text: string, values: readonly unknown[]): Promise<R[]> {
    const client = this.orm.em.getConnection().getKnex().client as {
      acquireConnection(): Promise<ClientBase>;
      releaseConnection(connection: ClientBase): Promise<unknown>;
    };
    const connection = await client.acquireConnection();
    try {
      const result = await connection.query<R>({ name, text, values: [...values] });
      return result.rows;
    } finally {
      await client.releaseConnection(connection);
    }
  }
}
