import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { AppConfig, Clock, CoreModule, HealthModule, systemClock } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { AuditModule } from '@dialer/audit';
import { AuthModule } from '@dialer/auth';
import { AgentsModule } from '@dialer/agents';
import { CallsModule } from '@dialer/calls';
import { CampaignsModule } from '@dialer/campaigns';
import { AgentReadinessService, CallEndings, DialerCallFlowPolicy, DialerModule } from '@dialer/dialer';
import { ComplianceModule } from '@dialer/compliance';
import { LeadsModule } from '@dialer/leads';
import { ReportingModule } from '@dialer/reporting';
import { ALL_QUEUES, QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { AccessGuard } from './access/access.guard';
import { AccessPolicyCheck } from './access/access-policy.check';
import { QueuesController } from './admin/queues.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { AgentDeskController } from './agents/agent-desk.controller';
import { EmulatedAudio } from './agents/emulated-audio';
import { AgentVoiceController } from './agents/agent-voice.controller';
import { AgentsGateway } from './agents/agents.gateway';
import { CampaignsController } from './campaigns/campaigns.controller';
import { FloorController } from './floor/floor.controller';
import { FloorGateway } from './floor/floor.gateway';
import { SupervisorController } from './agents/supervisor.controller';
import { MonitoringController } from './agents/monitoring.controller';
import { ConsentsController } from './compliance/consents.controller';
import { DncController } from './compliance/dnc.controller';
import { SubjectRequestsService } from './compliance/subject-requests.service';
import { SubjectsController } from './compliance/subjects.controller';
import { HealthController } from './health/health.controller';
import { HttpErrorFilter } from './http/http-error.filter';
import { ImportsController } from './leads/imports.controller';
import { LeadsController } from './leads/leads.controller';
import { ListsController } from './leads/lists.controller';
import { createValidationPipe } from './http/validation.pipe';
import { TwilioCallFlowController } from './twilio/twilio-call-flow.controller';
import { TwilioCallProgressController } from './twilio/twilio-call-progress.controller';
import { UsersController } from './users/users.controller';
import { ExportsController } from './reporting/exports.controller';
import { ReportsController } from './reporting/reports.controller';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config, 'api', clock),
        DbModule.forRoot(),
        QueuesModule.forRoot(),
        QueuesModule.register(...ALL_QUEUES),
        HealthModule,
        DiscoveryModule,
        AuditModule,
        AuthModule,
        TelephonyModule.forRoot(),
        // What answered callees hear is the dialer's decision (bridge, abandon message, IVR).
        // A call's end frees its agent and settles its lead here, whatever the campaign's state.
        CallsModule.forRoot({ callFlowPolicy: DialerCallFlowPolicy, callEndedListener: CallEndings, agentLegListener: AgentReadinessService, imports: [DialerModule, AgentsModule, ComplianceModule] }),
        AgentsModule,
        CampaignsModule,
        DialerModule,
        LeadsModule,
        ComplianceModule,
        ReportingModule,
      ],
      controllers: [
        AuthController,
        UsersController,
        HealthController,
        QueuesController,
        CampaignsController,
        AgentDeskController,
        ListsController,
        LeadsController,
        ImportsController,
        DncController,
        ConsentsController,
        SubjectsController,
        FloorController,
        SupervisorController,
        MonitoringController,
        AgentVoiceController,
        TwilioCallProgressController,
        TwilioCallFlowController,
        ExportsController,
        ReportsController,
        AuditController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        AccessPolicyCheck,
        AgentsGateway,
        FloorGateway,
        SubjectRequestsService,
        EmulatedAudio,
      ],
    };
  }
}
