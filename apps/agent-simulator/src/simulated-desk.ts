import { setTimeout as sleep } from 'node:timers/promises';
import { AgentSocket } from './agent-socket';
import { EmulatorAgentsClient } from './emulator-agents.client';

/** What the desk shows when a call is put through (the api's `screen_pop`), as the simulator reads it. */
export interface ScreenPopSeen {
  attemptId: string;
  receivedAtMs: number;
  lead: { id: string; phone: string };
  script: string;
  localTime: { zone: string; time: string } | null;
  dispositions: { code: string; isFinal?: boolean; isCallback?: boolean; isDnc?: boolean }[];
  survey?: { id: string; prompt: string; answers: string[] }[] | null;
}

export interface DispositionChoice {
  code: string;
  data?: Record<string, unknown>;
  callbackAt?: string;
}

export interface DeskOptions {
  apiUrl: string;
  emulatorUrl: string;
  /** The agent's access token and user id (the audio leg's identity). */
  token: string;
  userId: string;
  campaignId: string;
  /** Talk time of the agent's audio leg before it hangs up (scenario seconds). */
  talkTimeSec?: number | { min: number; max: number };
  /** The outcome to record for a call (default: the first final code that is neither DNC nor a callback). */
  disposition?: (pop: ScreenPopSeen) => DispositionChoice;
  /** Milliseconds of after-call work before the outcome is submitted. */
  wrapUpMs?: () => number;
}

/** Seconds a desk waits for an earlier call of the agent's to be settled before giving up joining. */
const JOIN_BUSY_RETRIES = 60;

const firstOrdinaryOutcome = (pop: ScreenPopSeen): DispositionChoice => ({
  code: pop.dispositions.find((d) => !['DNC', 'CALLBACK'].includes(d.code))?.code ?? pop.dispositions[0].code,
});

/**
 * A telemarketer at the desk, played by a program: opens the desktop socket,
 * joins the campaign, connects an audio leg to their room in the emulator,
 * goes ready, and after every call records an outcome over REST, as the
 * agent desktop does. Used by the demo, the e2e tests and load runs.
 */
export class SimulatedDesk {
  readonly pops: ScreenPopSeen[] = [];
  readonly dispositions: { attemptId: string; code: string; status: number }[] = [];

  private constructor(
    readonly options: DeskOptions,
    readonly socket: AgentSocket,
    private readonly audio: EmulatorAgentsClient,
  ) {}

  static async open(options: DeskOptions): Promise<SimulatedDesk> {
    const socket = await AgentSocket.connect(options.apiUrl, options.token);
    const desk = new SimulatedDesk(options, socket, new EmulatorAgentsClient(options.emulatorUrl));
    socket.socket.on('screen_pop', (pop: Omit<ScreenPopSeen, 'receivedAtMs'>) => desk.pops.push({ ...pop, receivedAtMs: Date.now() }));
    socket.socket.on('call_ended', ({ attemptId }: { attemptId: string }) => {
      // A refused or unreachable api is recorded (status 0 when no answer came), never a crash of the floor.
      desk.wrapUp(attemptId).catch(() => desk.dispositions.push({ attemptId, code: '', status: 0 }));
    });
    await desk.join();
    await desk.audio.connect({
      identity: options.userId,
      voiceUrl: `${options.apiUrl}/twilio/voice/agent`,
      ...(options.talkTimeSec !== undefined ? { talkTimeSec: options.talkTimeSec } : {}),
    });
    await desk.waitForAudio();
    await desk.expectOk('ready', await socket.emit('ready'));
    return desk;
  }

  get userId(): string {
    return this.options.userId;
  }

  /** Hangs up the audio leg and closes the desktop (the api pauses an agent whose desk goes away). */
  async close(): Promise<void> {
    this.socket.close();
    await this.audio.disconnect(this.options.userId);
  }

  /**
   * Joins the campaign. An agent the floor still sees on an earlier call (a
   * desk that crashed mid-call) waits while the worker's start-up sweep
   * settles that call, as a person would wait for the supervisor to.
   */
  private async join(): Promise<void> {
    for (let tries = 0; ; tries++) {
      const ack = await this.socket.emit<{ ok: boolean; error?: { code: string } }>('join', { campaignId: this.options.campaignId });
      if (ack.ok || ack.error?.code !== 'AGENT_BUSY' || tries >= JOIN_BUSY_RETRIES) return this.expectOk('join', ack);
      await sleep(1000);
    }
  }

  private async waitForAudio(): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      if ((await this.audio.state(this.options.userId)) === 'available') return;
      await sleep(50);
    }
    throw new Error(`agent ${this.options.userId}'s audio leg never reached the room`);
  }

  private async expectOk(action: string, ack: unknown): Promise<void> {
    if (!(ack as { ok?: boolean }).ok) throw new Error(`${action} failed: ${JSON.stringify(ack)}`);
  }

  private async wrapUp(attemptId: string): Promise<void> {
    const pop = this.pops.find((p) => p.attemptId === attemptId);
    if (!pop) return; // a call that never reached this agent (a released reservation)
    const wait = this.options.wrapUpMs?.() ?? 0;
    if (wait > 0) await sleep(wait);
    const choice = (this.options.disposition ?? firstOrdinaryOutcome)(pop);
    const response = await fetch(`${this.options.apiUrl}/agent/calls/${attemptId}/disposition`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
      body: JSON.stringify(choice),
    });
    this.dispositions.push({ attemptId, code: choice.code, status: response.status });
  }
}
