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
import { AGENT_LEG_LISTENER, AgentLegListener } from './events/agent-leg.port';
import { CALL_ENDED_LISTENER, CallEndedListener } from './events/call-ended.port';
import { CallEventsStream } from './events/call-events.stream';
import { CALL_FLOW_POLICY, CallFlowPolicy } from './flow/call-flow-policy.port';
import { CallFlowService } from './flow/call-flow.service';
import { HangUpCallFlowPolicy } from './flow/hang-up-call-flow.policy';
import { TwimlResponseStore } from './flow/twiml-response.store';
import { CallProgressRepository } from './persistence/call-progress.repository';
import { CallRecordsRepository } from './persistence/call-records.repository';
import { RawSql } from './persistence/raw-sql';
import { RetentionService } from './retention/retention.service';
import { CallProgressService } from './webhooks/call-progress.service';

export interface CallsModuleOptions {
  /**
   * The dialer runtime's call flow. It is instantiated inside CallsModule, so
   * it may inject CallsModule's own providers (CallEventsStream,
   * CallAttemptsService...) without a module cycle.
   */
  callFlowPolicy?: Type<CallFlowPolicy>;
  /** The runtime's reaction to a call's end (a provider of `imports`, used as is). */
  callEndedListener?: Type<CallEndedListener>;
  /** The runtime's reaction to an agent's audio leg leaving their room (a provider of `imports`, used as is). */
  agentLegListener?: Type<AgentLegListener>;
  /** Modules the policy's other dependencies come from. */
  imports?: ModuleMetadata['imports'];
}

const policyProvider = (policy: Type<CallFlowPolicy> = HangUpCallFlowPolicy): Provider => ({ provide: CALL_FLOW_POLICY, useClass: policy });
const endedListenerProvider = (listener?: Type<CallEndedListener>): Provider =>
  listener ? { provide: CALL_ENDED_LISTENER, useExisting: listener } : { provide: CALL_ENDED_LISTENER, useValue: null };
const agentLegListenerProvider = (listener?: Type<AgentLegListener>): Provider =>
  listener ? { provide: AGENT_LEG_LISTENER, useExisting: listener } : { provide: AGENT_LEG_LISTENER, useValue: null };

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
    CallRecordsRepository,
    RetentionService,
    policyProvider(),
    endedListenerProvider(),
    agentLegListenerProvider(),
  ],
  exports: [MikroOrmModule, CallEventsStream, CallProgressService, CallFlowService, CallAttemptsService, CallRecordsRepository, RetentionService],
})
export class CallsModule {
  /**
   * For a process's root module: global, so the runtime's modules use these
   * providers without importing (and instantiating) a second CallsModule.
   */
  static forRoot(options: CallsModuleOptions = {}): DynamicModule {
    return {
      module: CallsModule,
      global: true,
      imports: options.imports ?? [],
      providers: [policyProvider(options.callFlowPolicy), endedListenerProvider(options.callEndedListener), agentLegListenerProvider(options.agentLegListener)],
    };
  }
}
