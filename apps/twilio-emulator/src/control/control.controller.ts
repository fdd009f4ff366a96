import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { AgentConflictError, AgentView } from '../agents/simulated-agents';
import { Scenario } from '../scenario/scenario';
import { Emulator } from '../emulator';
import { parseAgentSpec } from './agent-spec.parser';
import { ControlError } from './control.errors';
import { callView, conferenceView } from './views';

/**
 * The emulator's own API, for tests, the demo and benchmarks: the scenario,
 * every call with its full event log, conferences, simulated agents, reset.
 * Not Twilio's: no credentials, under a prefix Twilio never uses.
 */
@Controller('_emulator')
export class ControlController {
  constructor(private readonly emulator: Emulator) {}

  @Get('health')
  health() {
    return { ok: true, liveCalls: this.emulator.calls.live().length };
  }

  @Get('scenario')
  scenario(): Scenario {
    return this.emulator.scenario;
  }

  /** The defaults with the body merged in. */
  @Put('scenario')
  replaceScenario(@Body() body: unknown): Scenario {
    return this.emulator.replaceScenario(body);
  }

  /** The current scenario with the body merged in. */
  @Patch('scenario')
  patchScenario(@Body() body: unknown): Scenario {
    return this.emulator.patchScenario(body);
  }

  @Get('calls')
  calls(@Query('status') status?: string, @Query('to') to?: string) {
    return this.emulator.calls
      .all()
      .filter((call) => (!status || call.status === status) && (!to || call.to === to))
      .map((call) => callView(call, this.emulator.engine.durationSec(call)));
  }

  @Get('calls/:sid')
  call(@Param('sid') sid: string) {
    const call = this.emulator.calls.get(sid);
    if (!call) throw new ControlError(404, 'CALL_NOT_FOUND', `No call ${sid}`);
    return callView(call, this.emulator.engine.durationSec(call));
  }

  @Get('conferences')
  conferences() {
    return this.emulator.rooms.list().map(conferenceView);
  }

  @Get('agents')
  agents(): AgentView[] {
    return this.emulator.agents.list();
  }

  @Post('agents')
  @HttpCode(201)
  connectAgent(@Body() body: unknown): AgentView {
    try {
      return this.emulator.agents.connect(parseAgentSpec(body));
    } catch (error) {
      if (error instanceof AgentConflictError) throw new ControlError(409, 'AGENT_CONNECTED', error.message);
      throw error;
    }
  }

  @Delete('agents/:identity')
  disconnectAgent(@Param('identity') identity: string): AgentView {
    const agent = this.emulator.agents.disconnect(identity);
    if (!agent) throw new ControlError(404, 'AGENT_NOT_FOUND', `No agent ${identity}`);
    return agent;
  }

  @Post('reset')
  @HttpCode(200)
  reset(): Scenario {
    this.emulator.reset();
    return this.emulator.scenario;
  }
}
