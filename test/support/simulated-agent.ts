import { SignedIn, signInAs } from './apps';
import { AgentSocket } from './agent-socket';
import { Floor } from './floor';
import { pollUntil } from './poll';

export interface ScreenPopSeen {
  attemptId: string;
  receivedAtMs: number;
  lead: { id: string; phone: string };
  script: string;
  localTime: { zone: string; time: string } | null;
  dispositions: { code: string }[];
}

export interface SimulatedAgentOptions {
  /** Talk time of the emulator's audio leg before it hangs up (scenario seconds). */
  talkTimeSec?: number | { min: number; max: number };
  /** The outcome to record for a call (default: the first final, non-DNC, non-callback code). */
  disposition?: (pop: ScreenPopSeen) => { code: string; data?: Record<string, unknown>; callbackAt?: string };
}

/**
 * A telemarketer at the desk: signs in, opens the desktop socket, connects
 * an audio leg to their room in the emulator, goes ready, and after every
 * call records an outcome over REST.
 */
export class SimulatedAgent {
  readonly pops: ScreenPopSeen[] = [];
  readonly dispositions: { attemptId: string; status: number }[] = [];

  private constructor(
    readonly user: SignedIn,
    readonly desk: AgentSocket,
    private readonly floor: Floor,
  ) {}

  static async start(floor: Floor, campaignId: string, options: SimulatedAgentOptions = {}): Promise<SimulatedAgent> {
    const user = await signInAs(floor.api, 'agent');
    const desk = await AgentSocket.connect(floor.api.url, user.token);
    const agent = new SimulatedAgent(user, desk, floor);
    desk.socket.on('screen_pop', (pop: Omit<ScreenPopSeen, 'receivedAtMs'>) => agent.pops.push({ ...pop, receivedAtMs: Date.now() }));
    desk.socket.on('call_ended', ({ attemptId }: { attemptId: string }) => void agent.wrapUp(attemptId, options));
    const joined = await desk.emit<{ ok: boolean }>('join', { campaignId });
    if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
    floor.emulator.connectAgent({
      identity: user.userId,
      voiceUrl: `${floor.api.url}/twilio/voice/agent`,
      ...(options.talkTimeSec !== undefined ? { talkTimeSec: options.talkTimeSec } : {}),
    });
    await pollUntil(async () => floor.emulator.agents().find((a) => a.identity === user.userId)?.state, (state) => state === 'available');
    const ready = await desk.emit<{ ok: boolean }>('ready');
    if (!ready.ok) throw new Error(`ready failed: ${JSON.stringify(ready)}`);
    return agent;
  }

  get id(): string {
    return this.user.userId;
  }

  private async wrapUp(attemptId: string, options: SimulatedAgentOptions): Promise<void> {
    const pop = this.pops.find((p) => p.attemptId === attemptId);
    if (!pop) return; // a call that never reached this agent (released reservation)
    const choice = options.disposition?.(pop) ?? {
      code: pop.dispositions.find((d) => !['DNC', 'CALLBACK'].includes(d.code))?.code ?? pop.dispositions[0].code,
    };
    const response = await fetch(`${this.floor.api.url}/agent/calls/${attemptId}/disposition`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.user.token}` },
      body: JSON.stringify(choice),
    });
    this.dispositions.push({ attemptId, status: response.status });
  }

  stop(): void {
    this.desk.close();
    this.floor.emulator.disconnectAgent(this.user.userId);
  }
}
