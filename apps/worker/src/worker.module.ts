import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, Clock, CoreModule, HealthModule, systemClock } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { AuditModule } from '@dialer/audit';
import { AgentsModule } from '@dialer/agents';
import { CallsModule } from '@dialer/calls';
import { CampaignsModule } from '@dialer/campaigns';
import { DialerModule, PacingSupervisor } from '@dialer/dialer';
import { LeadsModule } from '@dialer/leads';
import { ReportingModule } from '@dialer/reporting';
import { ALL_QUEUES, QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { HealthServer } from './lifecycle/health-server';
import { WorkerDrain } from './lifecycle/worker-drain';
import { ImportsProcessor } from './processors/imports.processor';
import { ExportsProcessor } from './processors/exports.processor';
import { DialerProcessor } from './processors/dialer.processor';
import { SystemProcessor } from './processors/system.processor';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, 'worker', clock),
        DbModule.forRoot(),
        QueuesModule.forRoot(),
        QueuesModule.register(...ALL_QUEUES),
        HealthModule,
        AuditModule,
        TelephonyModule.forRoot(),
        CallsModule.forRoot(),
        AgentsModule,
        LeadsModule,
        CampaignsModule,
        DialerModule,
        ReportingModule,
      ],
      providers: [SystemProcessor, ImportsProcessor, ExportsProcessor, DialerProcessor, PacingSupervisor, WorkerDrain, HealthServer],
    };
  }
}
