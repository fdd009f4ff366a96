import { API_VERSION } from './common/twilio-format';
import { SimScheduler } from './clock/sim-scheduler';
import { SimulatedAgents } from './agents/simulated-agents';
import { CallEngine } from './calls/call-engine';
import { CallStore } from './calls/call-store';
import { CpsLimiter } from './calls/cps-limiter';
import { ConferenceRooms } from './conferences/conference-rooms';
import { DEFAULT_SCENARIO, Scenario } from './scenario/scenario';
import { mergeScenario } from './scenario/scenario-input';
import { TwimlRunner } from './twiml/twiml-runner';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { EmulatorAccount } from './emulator-account';
import { EmulatorLogger } from './emulator-logger';

export interface EmulatorSettings extends EmulatorAccount {
  /** Any subset of the scenario; the rest is the default. Also what a reset returns to. */
  scenario?: unknown;
  /** The emulator's own base URL (known once it listens), for absolute URLs such as RecordingUrl. */
  baseUrl: () => string;
  logger: EmulatorLogger;
}

/**
 * The whole loopback Twilio without its HTTP layer: one account, its calls,
 * conferences and simulated agents, driven by the current scenario.
 */
export class Emulator {
  readonly scheduler: SimScheduler;
  readonly calls = new CallStore();
  readonly dispatcher: WebhookDispatcher;
  readonly rooms: ConferenceRooms;
  readonly engine: CallEngine;
  readonly agents: SimulatedAgents;
  private readonly initialScenario: Scenario;
  private current: Scenario;

  constructor(readonly settings: EmulatorSettings) {
    this.initialScenario = mergeScenario(DEFAULT_SCENARIO, settings.scenario);
    this.current = this.initialScenario;
    const scenario = () => this.current;
    const recordingUrl = (sid: string) => `${settings.baseUrl()}/${API_VERSION}/Accounts/${settings.accountSid}/Recordings/${sid}`;

    this.scheduler = new SimScheduler(this.current.timeScale);
    this.dispatcher = new WebhookDispatcher(settings.authToken, this.scheduler, scenario);
    this.rooms = new ConferenceRooms(settings.accountSid, this.dispatcher);
    this.engine = new CallEngine({
      accountSid: settings.accountSid,
      scheduler: this.scheduler,
      store: this.calls,
      rooms: this.rooms,
      dispatcher: this.dispatcher,
      runner: new TwimlRunner(this.scheduler, this.rooms, scenario, recordingUrl),
      cps: new CpsLimiter(() => this.scheduler.simNow()),
      scenario,
      recordingUrl,
      onError: (call, error) => settings.logger.error({ err: error, callSid: call.sid }, 'call lifecycle failed'),
    });
    this.agents = new SimulatedAgents(this.engine, this.calls, this.rooms, this.scheduler, scenario);
  }

  get scenario(): Scenario {
    return this.current;
  }

  /** The defaults with `input` merged in (PUT). */
  replaceScenario(input: unknown): Scenario {
    return this.apply(mergeScenario(DEFAULT_SCENARIO, input));
  }

  /** The current scenario with `input` merged in (PATCH). */
  patchScenario(input: unknown): Scenario {
    return this.apply(mergeScenario(this.current, input));
  }

  /** Drops every call, conference and agent without callbacks and returns to the starting scenario. */
  reset(): void {
    this.scheduler.clear();
    this.dispatcher.reset();
    this.agents.reset();
    this.engine.reset();
    this.rooms.reset();
    this.apply(this.initialScenario);
  }

  close(): void {
    this.reset();
    this.dispatcher.close();
  }

  private apply(scenario: Scenario): Scenario {
    this.current = scenario;
    this.scheduler.setTimeScale(scenario.timeScale);
    this.dispatcher.reseed(scenario.seed);
    return scenario;
  }
}
