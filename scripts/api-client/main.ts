import { writeFileSync } from 'node:fs';
import { loadConfigOrExit } from '@dialer/core';
import { API_CLIENT_SCHEMA, generateApiClientSchema } from './generate-api-client';

/** `npm run api:client`: regenerates apps/web/src/api/schema.d.ts (needs the local PostgreSQL and Redis, like the api). */
async function main(): Promise<void> {
  const source = await generateApiClientSchema(loadConfigOrExit({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
  writeFileSync(API_CLIENT_SCHEMA, source);
  process.stdout.write(`wrote ${API_CLIENT_SCHEMA}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
