import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@dialer/core';
import { runMigrations } from '@dialer/db';
import { SeedModule } from './seed.module';
import { Seeder } from './seeder';

const USAGE = `usage: cli <command>
  migrate              apply pending migrations (under an advisory lock)
  migrate:down [N|all] revert the last N migrations (default 1)
  seed                 create the admin user and the demo campaign if missing
  setup                migrate, then seed, in one process (the demo's start-up)`;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function seed(config: ReturnType<typeof loadConfigOrExit>): Promise<void> {
  const app = await NestFactory.createApplicationContext(SeedModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    await app.get(Seeder).run(log);
  } finally {
    await app.close();
  }
}

async function main([command, argument]: string[]): Promise<void> {
  const config = loadConfigOrExit();
  switch (command) {
    case 'migrate': {
      const { applied } = await runMigrations(config, { log });
      if (applied.length === 0) log('database is up to date');
      return;
    }
    case 'migrate:down': {
      const steps = argument === 'all' ? 'all' : Number(argument ?? 1);
      if (steps !== 'all' && !(Number.isInteger(steps) && steps > 0)) throw new Error(`bad step count "${argument}"`);
      await runMigrations(config, { direction: 'down', steps, log });
      return;
    }
    case 'seed':
      return seed(config);
    case 'setup': {
      // One boot instead of two: the demo waits for both before anything else starts.
      const { applied } = await runMigrations(config, { log });
      if (applied.length === 0) log('database is up to date');
      return seed(config);
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exit(64); // EX_USAGE
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
