import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Module, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { CampaignsModule } from '@dialer/campaigns';
import { LeadsModule } from '@dialer/leads';
import { CallAttemptsService } from './call-attempts.service';
import { CallAttempt } from './entities/call-attempt.entity';
import { SurveyAnswer } from './entities/survey-answer.entity';
import { CallEvent } from './entities/call-event.entity';
import { CallTwimlResponse } from './entities/call-twiml-response.entity';
import { CallEventRecorder } from './events/call-event-recorder';
import { CallEventsStream } from './events/call-events.stream';
import { CALL_FLOW_POLICY, CallFlowPolicy } from './flow/call-flow-policy.port';
import { CallFlowService } from './flow/call-flow.service';
import { HangUpCallFlowPolicy } from './flow/hang-up-call-flow.policy';
import { TwimlResponseStore } from './flow/twiml-response.store';
import { CallProgressRepository } from './persistence/call-progress.repository';
import { RawSql } from './persistence/raw-sql';
import { CallProgressService } from './webhooks/call-progress.service';

export interface CallsModuleOptions {
  /**
   * The dialer runtime's call flow. It is instantiated inside CallsModule, so
   * it may inject CallsModule's own providers (CallEventsStream,
   * CallAttemptsService...) without a module cycle.
   */
  callFlowPolicy?: Type<CallFlowPolicy>;
  /** Modules the policy's other dependencies come from. */
  imports?: ModuleMetadata['imports'];
}

const policyProvider = (policy: Type<CallFlowPolicy> = HangUpCallFlowPolicy): Provider => ({ provide: CALL_FLOW_POLICY, useClass: policy });

/**
 * Call attempts and what Twilio tells us about them. Needs TelephonyModule
 * (TELEPHONY_PORT) and CoreModule (config, Redis, clock) from the process's
 * root module. Imported as is, it binds HangUpCallFlowPolicy.
 */
@Module({
  imports: [LeadsModule, CampaignsModule, MikroOrmModule.forFeature([CallAttempt, CallEvent, CallTwimlResponse, SurveyAnswer])],
  providers: [
    RawSql,
    CallProgressRepository,
    CallEventsStream,
    CallEventRecorder,
    CallProgressService,
    TwimlResponseStore,
    CallFlowService,
    CallAttemptsService,
    policyProvider(),
  ],
  exports: [MikroOrmModule, CallEventsStream, CallProgressService, CallFlowService, CallAttemptsService],
})
export class CallsModule {
  /**
   * For a process's root module: global, so the runtime's modules use these
   * providers without importing (and instantiating) a second CallsModule.
   */
  static forRoot(options: CallsModuleOptions = {}): DynamicModule {
    return { module: CallsModule, global: true, imports: options.imports ?? [], providers: [policyProvider(options.callFlowPolicy)] };
  }
}
