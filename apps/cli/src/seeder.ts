import { CreateRequestContext, MikroORM } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { Actor, SYSTEM_ACTOR } from '@dialer/audit';
import { User, UsersService } from '@dialer/auth';
import { Campaign, CampaignsService } from '@dialer/campaigns';

export const DEMO_CAMPAIGN_NAME = 'Demo: predictive telemarketing';

/** Idempotent: running the seed twice changes nothing the second time. */
@Injectable()
export class Seeder {
  constructor(
    private readonly orm: MikroORM,
    private readonly users: UsersService,
    private readonly campaigns: CampaignsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @CreateRequestContext()
  async run(log: (line: string) => void): Promise<void> {
    const em = this.orm.em;
    const { adminEmail, adminPassword } = this.config.seed;
    let admin = await em.findOne(User, { email: adminEmail.toLowerCase() });
    if (admin) {
      log(`admin ${adminEmail} already exists`);
    } else {
      // Production without SEED_ADMIN_PASSWORD: a password no one has read anywhere, shown this once (never stored in clear).
      const password = adminPassword ?? randomBytes(18).toString('base64url');
      admin = await this.users.create({ email: adminEmail, displayName: 'Administrator', password, role: 'admin' }, SYSTEM_ACTOR);
      log(`created admin ${adminEmail}`);
      if (adminPassword === null) log(`one-time password for ${adminEmail}: ${password} (shown only now: sign in and change it)`);
    }

    const actor: Actor = { id: admin.id, role: admin.role };
    if (await em.count(Campaign, { name: DEMO_CAMPAIGN_NAME })) {
      log(`campaign "${DEMO_CAMPAIGN_NAME}" already exists`);
      return;
    }
    await this.campaigns.create(
      {
        name: DEMO_CAMPAIGN_NAME,
        kind: 'telemarketing',
        dialingMode: 'predictive',
        jurisdiction: 'US',
        settings: {
          pacing: { maxAbandonRate: 0.03, targetAbandonRate: 0.02, maxLinesPerAgent: 3 },
          amd: { mode: 'async', onMachine: 'hangup' },
          abandon: {
            message: {
              callerName: 'Example Energy',
              callbackNumber: '+18005550199',
              optOut: 'To stop our calls, call that number and say stop',
            },
          },
          callerIds: { numbers: ['+14155550100', '+12125550100'], localPresence: true },
          attemptLimits: { lifetime: 6, perDay: 2 },
          // Ten agents at up to three lines each: one call a second would make every start crawl.
          cps: 5,
          retryRules: { busy: { afterMinutes: 10 }, no_answer: { afterMinutes: 120 }, machine: { afterMinutes: 24 * 60 } },
          script: 'Hello {{firstName}}, this is {{agent.name}} calling from Example Energy about your {{custom.plan}} plan.',
          wrapUp: { seconds: 10, autoReady: true },
        },
      },
      actor,
    );
    log(`created campaign "${DEMO_CAMPAIGN_NAME}"`);
  }
}
