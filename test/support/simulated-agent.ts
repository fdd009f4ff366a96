import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { DeskOptions, ScreenPopSeen, SimulatedDesk } from '../../apps/agent-simulator/src/simulated-desk';
import { SignedIn, signInAs } from './apps';
import { Floor } from './floor';

export { ScreenPopSeen };

export type SimulatedAgentOptions = Pick<DeskOptions, 'talkTimeSec' | 'disposition'>;

/** A fresh agent user at a simulated desk (apps/agent-simulator) on the test floor. */
export class SimulatedAgent {
  private constructor(
    readonly user: SignedIn,
    private readonly simulated: SimulatedDesk,
    private readonly floor: Floor,
  ) {}

  static async start(floor: Floor, campaignId: string, options: SimulatedAgentOptions = {}): Promise<SimulatedAgent> {
    const user = await signInAs(floor.api, 'agent');
    const desk = await SimulatedDesk.open({
      apiUrl: floor.api.url,
      emulatorUrl: floor.emulator.url,
      token: user.token,
      userId: user.userId,
      campaignId,
      ...options,
    });
    return new SimulatedAgent(user, desk, floor);
  }

  get id(): string {
    return this.user.userId;
  }

  /** The desktop socket, to wait for pushed messages. */
  get desk(): AgentSocket {
    return this.simulated.socket;
  }

  get pops(): ScreenPopSeen[] {
    return this.simulated.pops;
  }

  get dispositions(): { attemptId: string; status: number }[] {
    return this.simulated.dispositions;
  }

  /** The end of the shift: the call in hand talked to its end and recorded, then signed out. */
  leave(): Promise<void> {
    return this.simulated.leave();
  }

  /** The simulated desk itself (its reconnections, its state as last pushed). */
  get simulatedDesk(): SimulatedDesk {
    return this.simulated;
  }

  /** Synchronous, for afterAll: the in-process emulator hangs the leg up at once. */
  stop(): void {
    this.simulated.socket.close();
    this.floor.emulator.disconnectAgent(this.user.userId);
  }
}
