import { Client } from 'pg';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505'; // two concurrent CREATE DATABASE can also end like this

function splitUrl(url: string): { adminUrl: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[\w-]+$/.test(database)) throw new Error(`Unsupported database name "${database}"`);
  parsed.pathname = '/postgres';
  return { adminUrl: parsed.toString(), database };
}

async function withAdminClient<T>(url: string, work: (client: Client, database: string) => Promise<T>): Promise<T> {
  const { adminUrl, database } = splitUrl(url);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client, database);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` (optionally from a template) unless it exists. */
export async function ensureDatabase(url: string, template?: string): Promise<boolean> {
  return withAdminClient(url, async (client, database) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount) return false;
    try {
      await client.query(`create database "${database}"${template ? ` template "${template}"` : ''}`);
      return true;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  });
}

export async function dropDatabase(url: string): Promise<void> {
  await withAdminClient(url, async (client, database) => {
    await client.query(`drop database if exists "${database}" with (force)`);
  });
}

/** Returns `url` with its database name replaced. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return splitUrl(url).database;
}
