import { setTimeout as sleep } from 'node:timers/promises';
import type { DeskAck, DeskScreenPop } from '@dialer/desk-events';
import { AgentSocket } from './agent-socket';
import { EmulatorAgentsClient } from './emulator-agents.client';

/** What the desk shows when a call is put through (the api's `screen_pop`), with when it arrived. */
export type ScreenPopSeen = DeskScreenPop & { receivedAtMs: number };

export interface DispositionChoice {
  code: string;
  data?: Record<string, unknown>;
  callbackAt?: string;
}

export interface DeskOptions {
  /** The api this desk's socket and REST calls go to (one of several behind a load balancer). */
  apiUrl: string;
  /**
   * Where Twilio calls the agent's voice webhook: the api's PUBLIC_BASE_URL
   * (the TwiML App's voice URL; a load balancer's address with several apis).
   * Default `apiUrl`. Twilio signs the URL it calls and every api checks the
   * signature against PUBLIC_BASE_URL, so a leg dialed into another api's own
   * address is refused (403) and never reaches the room.
   */
  publicBaseUrl?: string;
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
  /** Reconnect when the desk's connection drops, and pick up where the agent was (default true). */
  reconnect?: boolean;
}

/** What the api says of the agent (its `state` message), as far as the desk reads it. */
interface PresenceSeen {
  state: string;
  campaignId: string | null;
  attemptId: string | null;
  pauseReason: string | null;
}

/** How long a desk leaving at the end of the shift waits for its call and wrap-up to end. */
const LEAVE_WAIT_MS = 10 * 60_000;

/** How long a desk waits for its audio leg to reach its room in the emulator. */
const AUDIO_WAIT_MS = 30_000;

/**
 * How long a desk keeps trying to record an outcome the api could not take
 * (down, restarting, its database away), as an agent clicks "save" again.
 */
const OUTCOME_RETRY_MS = 2 * 60_000;
const OUTCOME_RETRY_PAUSE_MS = 1_000;

/** Seconds a desk waits for an earlier call of the agent's to be settled before giving up joining. */
const JOIN_BUSY_RETRIES = 60;
/** How long a desk waits for its campaign to be started before giving up joining. */
const JOIN_NOT_ACTIVE_WAIT_MS = 2 * 60_000;

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
  /** The agent's state as the api last pushed it. */
  presence: PresenceSeen | null = null;
  /** Times the desk came back after its connection dropped, and picked up where it was. */
  restored = 0;
  private leaving = false;
  private closed = false;
  private reconnectingAudio = false;
  /** Outcomes being recorded (after-call work): a desk leaving waits for them. */
  private readonly wrapping = new Set<Promise<void>>();
  /** Calls whose outcome is being recorded now. */
  private readonly owed = new Set<string>();
  /** Calls AMD found to be machines after they were put through: the api freed the agent and asks no outcome. */
  private readonly machines = new Set<string>();
  /** Calls heard to have ended before their screen pop came (it is sent again after an outage): recorded when it does. */
  private readonly endedBeforePop = new Set<string>();

  private constructor(
    readonly options: DeskOptions,
    readonly socket: AgentSocket,
    private readonly audio: EmulatorAgentsClient,
  ) {}

  static async open(options: DeskOptions): Promise<SimulatedDesk> {
    const socket = await AgentSocket.connect(options.apiUrl, options.token, { reconnect: options.reconnect ?? true });
    const desk = new SimulatedDesk(options, socket, new EmulatorAgentsClient(options.emulatorUrl));
    socket.socket.on('screen_pop', (pop) => desk.popped(pop));
    socket.socket.on('call_ended', ({ attemptId, outcome }) => {
      if (outcome === 'machine') desk.machines.add(attemptId);
      desk.recordOutcome(attemptId);
    });
    socket.socket.on('state', (presence) => {
      desk.presence = presence as PresenceSeen | null;
      // In wrap-up the call is over, whether or not this desk heard it end (as the agent desktop reads it):
      // a `call_ended` lost with a process that died after moving the agent must not leave its outcome unrecorded.
      if (desk.presence?.state === 'wrap_up' && desk.presence.attemptId) desk.recordOutcome(desk.presence.attemptId);
      // Paused because the audio left the room (the leg dropped): connect it again and go back to ready, as a person would.
      if (desk.presence?.state === 'paused' && desk.presence.pauseReason === 'no_audio') void desk.reconnectAudio();
    });
    // Back after a drop, or opened again after the api closed it: the server's first `state` says where the agent is;
    // pick up from there. (The first connect came and went before this desk existed.) One wait at a time: a
    // connection the api turned away (INTERNAL_ERROR) sends no state and is opened again, and a second waiter would
    // take the state the first one's restore brings about (its join), restoring the desk twice at once.
    let waitingForState = false;
    socket.socket.on('connect', () => {
      socket.forget('state');
      if (waitingForState) return;
      waitingForState = true;
      void socket
        .next<PresenceSeen | null>('state', () => true, 30_000)
        .finally(() => (waitingForState = false))
        .then((presence) => desk.restore(presence))
        .catch((error: Error) => process.stderr.write(`desk ${options.userId} could not pick up after reconnecting: ${error.message}
`));
    });
    try {
      await desk.join();
      await desk.audio.connect({ identity: options.userId, voiceUrl: desk.voiceUrl(), ...desk.talkTime() });
      await desk.waitForAudio();
      await desk.goReady();
    } catch (error) {
      // A desk that could not open is closed (its socket and any leg), not left connected for nobody.
      await desk.close().catch(() => undefined);
      throw error;
    }
    return desk;
  }

  get userId(): string {
    return this.options.userId;
  }

  /**
   * The end of the shift, as a person would end it: not ready any more (the
   * pause waits for the call in hand), the call talked to its end, the outcome
   * recorded, then signed out and the desk closed. No call is cut.
   */
  async leave(timeoutMs = LEAVE_WAIT_MS): Promise<void> {
    this.leaving = true;
    const ended = await this.socket.emit<{ ok: boolean; error?: { details?: { offered?: string[] } } }>('pause', { reason: 'end_of_shift' }).catch(() => null);
    // A campaign with its own pause reasons may not offer this one: the desk picks the first it does, as a person would.
    const offered = ended?.ok === false ? ended.error?.details?.offered : undefined;
    if (offered?.[0]) await this.socket.emit('pause', { reason: offered[0] }).catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (this.wrapping.size > 0 || !['paused', 'offline'].includes(this.presence?.state ?? 'offline'))) await sleep(100);
    await this.socket.emit('leave').catch(() => undefined);
    await this.close();
  }

  /**
   * After a dropped connection, the agent carries on from where the api says
   * they are: back on the floor (joined again, audio reconnected, ready) when
   * the api let them go; an outcome still owed recorded; a call in hand left alone.
   */
  private async restore(presence: PresenceSeen | null): Promise<void> {
    if (this.leaving) return;
    this.presence = presence;
    if (!presence || presence.state === 'offline' || presence.campaignId !== this.options.campaignId) await this.join();
    await this.ensureAudio();
    // Calls put through to this desk that are over (not the one in hand) and have no outcome yet: their
    // `call_ended` may have been sent while the desk was away. The api takes an outcome from the call's agent late.
    const inHand = this.presence?.state === 'on_call' || this.presence?.state === 'reserved' ? this.presence.attemptId : null;
    for (const pop of this.pops) if (pop.attemptId !== inHand) this.recordOutcome(pop.attemptId);
    // The api offers no call while an outcome is owed (after-call work): record them first.
    await Promise.allSettled([...this.wrapping]);
    if (this.presence?.state === 'paused') await this.goReady();
    this.restored++;
  }

  /** The audio leg again after it dropped, then ready; one attempt at a time (a failure is said, and the next no_audio pause tries again). */
  private async reconnectAudio(): Promise<void> {
    if (this.leaving || this.closed || this.reconnectingAudio) return;
    this.reconnectingAudio = true;
    try {
      await this.ensureAudio();
      if (!this.leaving && this.presence?.state === 'paused') await this.goReady();
    } catch (error) {
      process.stderr.write(`desk ${this.options.userId} could not reconnect its audio: ${(error as Error).message}\n`);
    } finally {
      this.reconnectingAudio = false;
    }
  }

  /**
   * Ready, as the agent presses it. An outcome the api says is still owed (a
   * call of an earlier session that ended while the desk was away: its screen
   * pop is sent again on join) is recorded first, then ready again.
   */
  private async goReady(): Promise<void> {
    let ack = await this.socket.emit<DeskAck<unknown>>('ready');
    const owed = !ack.ok && ack.error.code === 'DISPOSITION_REQUIRED' ? ack.error.details?.attemptId : undefined;
    if (typeof owed === 'string') {
      this.recordOutcome(owed);
      await Promise.allSettled([...this.wrapping]);
      ack = await this.socket.emit<DeskAck<unknown>>('ready');
    }
    // The outcome ended the after-call work and a call was offered at once: the desk is where it should be.
    if (ack.ok || ack.error.code !== 'AGENT_BUSY') await this.expectOk('ready', ack);
  }

  /** The agent leg's voice webhook, as Twilio is told to call it. */
  voiceUrl(): string {
    return `${(this.options.publicBaseUrl ?? this.options.apiUrl).replace(/\/+$/, '')}/twilio/voice/agent`;
  }

  private talkTime(): { talkTimeSec?: DeskOptions['talkTimeSec'] } {
    return this.options.talkTimeSec !== undefined ? { talkTimeSec: this.options.talkTimeSec } : {};
  }

  /** After-call work for a call that ended; a refused or unreachable api is recorded (status 0), never a crash of the floor. */
  private recordOutcome(attemptId: string): void {
    // Already being recorded, or answered (its end is heard both as `call_ended` and as the wrap-up's `state`);
    // a machine owes none (a person at the desk hears the greeting and moves on).
    if (this.owed.has(attemptId) || this.machines.has(attemptId) || this.answered().has(attemptId)) return;
    this.owed.add(attemptId);
    const work = this.wrapUp(attemptId).catch(() => {
      this.dispositions.push({ attemptId, code: '', status: 0 });
    });
    this.wrapping.add(work);
    void work.finally(() => {
      this.wrapping.delete(work);
      this.owed.delete(attemptId);
    });
  }

  /** A screen pop, once per call (the api sends the call in hand again on a reconnect or after a Redis outage). */
  private popped(pop: DeskScreenPop): void {
    if (this.pops.some((seen) => seen.attemptId === pop.attemptId)) return;
    this.pops.push({ ...pop, receivedAtMs: Date.now() });
    if (this.endedBeforePop.delete(pop.attemptId)) this.recordOutcome(pop.attemptId);
  }

  /** Calls whose outcome the api took or refused for good (not unreachable, not failing). */
  private answered(): Set<string> {
    return new Set(this.dispositions.filter((d) => d.status !== 0 && d.status < 500).map((d) => d.attemptId));
  }

  /** Hangs up the audio leg and closes the desktop (the api pauses an agent whose desk goes away). */
  async close(): Promise<void> {
    this.closed = true;
    this.socket.close();
    await this.audio.disconnect(this.options.userId);
  }

  /**
   * Joins the campaign. An agent the floor still sees on an earlier call (a
   * desk that crashed mid-call) waits while the worker's start-up sweep
   * settles that call, as a person would wait for the supervisor to.
   */
  private async join(): Promise<void> {
    const notActiveUntil = Date.now() + JOIN_NOT_ACTIVE_WAIT_MS;
    for (let tries = 0; ; tries++) {
      const ack = await this.socket.emit<{ ok: boolean; error?: { code: string } }>('join', { campaignId: this.options.campaignId });
      if (ack.ok) return;
      // Signed in before the supervisor started the campaign (the demo's floor starts while its list imports): wait for it.
      if (ack.error?.code === 'CAMPAIGN_NOT_ACTIVE' && Date.now() < notActiveUntil) {
        await sleep(250);
        continue;
      }
      if (ack.error?.code !== 'AGENT_BUSY' || tries >= JOIN_BUSY_RETRIES) return this.expectOk('join', ack);
      await sleep(1000);
    }
  }

  /** The audio leg in the room: connected again if it is gone. */
  private async ensureAudio(): Promise<void> {
    const audio = await this.audio.state(this.options.userId);
    if (audio !== undefined && audio !== 'disconnected') return;
    // Closed while the emulator answered (the shift ended): no leg left in the room for nobody.
    if (this.closed) return;
    await this.audio.connect({ identity: this.options.userId, voiceUrl: this.voiceUrl(), ...this.talkTime() });
    if (this.closed) return void (await this.audio.disconnect(this.options.userId));
    await this.waitForAudio();
  }

  private async waitForAudio(): Promise<void> {
    // By the clock, not by tries: on a loaded machine (a soak's hundred desks) each look takes longer.
    const deadline = Date.now() + AUDIO_WAIT_MS;
    let state: string | undefined;
    while (Date.now() < deadline) {
      state = await this.audio.state(this.options.userId);
      if (state === 'available') return;
      // A leg the api refused (its voice webhook answered an error) ends at once: say so now, and where it was sent.
      if (state === 'disconnected') break;
      await sleep(50);
    }
    throw new Error(
      `agent ${this.options.userId}'s audio leg never reached the room (last ${state ?? 'unknown'}; voice URL ${this.voiceUrl()}, ` +
        'which must be under the api’s PUBLIC_BASE_URL: Twilio’s signature is checked against it)',
    );
  }

  private async expectOk(action: string, ack: unknown): Promise<void> {
    if (!(ack as { ok?: boolean }).ok) throw new Error(`${action} failed: ${JSON.stringify(ack)}`);
  }

  private async wrapUp(attemptId: string): Promise<void> {
    const pop = this.pops.find((p) => p.attemptId === attemptId);
    // A call that never reached this agent (a released reservation), or whose pop is still to come.
    if (!pop) {
      this.endedBeforePop.add(attemptId);
      return;
    }
    const wait = this.options.wrapUpMs?.() ?? 0;
    if (wait > 0) await sleep(wait);
    const choice = (this.options.disposition ?? firstOrdinaryOutcome)(pop);
    const status = await this.submitOutcome(attemptId, choice);
    this.dispositions.push({ attemptId, code: choice.code, status });
  }

  /** Posts the outcome, again while the api is unreachable or failing (status 0 or 5xx), until OUTCOME_RETRY_MS. */
  private async submitOutcome(attemptId: string, choice: DispositionChoice): Promise<number> {
    const deadline = Date.now() + OUTCOME_RETRY_MS;
    for (;;) {
      const status = await fetch(`${this.options.apiUrl}/agent/calls/${attemptId}/disposition`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(choice),
      }).then(
        (response) => response.status,
        () => 0,
      );
      if ((status !== 0 && status < 500) || this.closed || Date.now() > deadline) return status;
      await sleep(OUTCOME_RETRY_PAUSE_MS);
    }
  }
}
