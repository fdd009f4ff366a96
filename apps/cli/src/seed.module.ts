import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { AuditModule } from '@dialer/audit';
import { AuthModule } from '@dialer/auth';
import { CampaignsModule } from '@dialer/campaigns';
import { Seeder } from './seeder';

@Module({})
export class SeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedModule,
      imports: [CoreModule.forRoot(config, 'cli'), DbModule.forRoot(), AuditModule, AuthModule, CampaignsModule],
      providers: [Seeder],
    };
  }
}
