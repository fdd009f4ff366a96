import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { hangUpTwiml } from '@dialer/telephony';
import { CallFlowPolicy, FlowCall } from './call-flow-policy.port';

/**
 * The policy bound until the dialer runtime attaches its own: the api boots,
 * and an answered call is hung up at once (the callee hears nothing) with a
 * warning in the log.
 */
@Injectable()
export class HangUpCallFlowPolicy implements CallFlowPolicy {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(HangUpCallFlowPolicy.name);
  }

  async onAnswer(call: FlowCall): Promise<string> {
    return this.hangUp(call, 'answer');
  }

  async onGather(call: FlowCall): Promise<string> {
    return this.hangUp(call, 'gather');
  }

  private hangUp(call: FlowCall, webhook: string): string {
    this.logger.warn(
      { attemptId: call.attemptId, callSid: call.callSid, webhook },
      'No dialer call flow is attached (bind one with CallsModule.forRoot): hanging up',
    );
    return hangUpTwiml();
  }
}
