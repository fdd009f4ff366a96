import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DomainError } from '@dialer/core';
import { TWILIO_WEBHOOK_PREFIX, TWILIO_WEBHOOK_ROUTES } from '@dialer/calls';
import { MONITOR_PARAM } from './agent-voice.controller';

/** A human at the emulated desk hangs up themselves: the leg never ends a call on its own. */
const HUMAN_TALK_TIME_SEC = 24 * 3600;

/**
 * The agent's audio leg when the api talks to the loopback Twilio emulator
 * (the demo, the tests): the emulator dials the agent's browser leg into our
 * voice webhook as the Voice SDK would — the same conference participant the
 * simulated agents use. Against real Twilio the browser's Voice SDK is the leg.
 */
@Injectable()
export class EmulatedAudio {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get emulated(): boolean {
    return !/(^|\.)twilio\.com$/i.test(new URL(this.config.twilio.apiBaseUrl).hostname);
  }

  /** A request to the emulator; an emulator that is not there is a 503 for the desk, not a crash. */
  private async emulator(path: string, init?: RequestInit): Promise<Response> {
    try {
      return await fetch(new URL(path, this.config.twilio.apiBaseUrl), init);
    } catch (error) {
      throw new DomainError('AUDIO_UNAVAILABLE', `The Twilio emulator cannot be reached: ${(error as Error).message}`, 'unavailable');
    }
  }

  /** The state of the agent's emulated leg (`connecting`, `available`, `talking`, `disconnected`), if there is one. */
  private async legState(agentId: string): Promise<string | undefined> {
    const response = await this.emulator('/_emulator/agents');
    if (!response.ok) throw new DomainError('AUDIO_UNAVAILABLE', `The Twilio emulator answered ${response.status}`, 'unavailable');
    const legs = (await response.json()) as { identity: string; state: string }[];
    return legs.find((l) => l.identity === agentId)?.state;
  }

  /** Whether the agent's emulated leg is in their room (waiting or talking). */
  async connected(agentId: string): Promise<boolean> {
    const state = await this.legState(agentId);
    return state === 'available' || state === 'talking';
  }

  /** Idempotent: a repeat (or a concurrent request) waits for the leg already dialed instead of failing or hanging it up. */
  async connect(agentId: string): Promise<void> {
    this.refuseUnlessEmulated();
    const state = await this.legState(agentId);
    if (state === 'available' || state === 'talking') return;
    if (state !== 'connecting') await this.dial(agentId);
    // The leg reaches the room through our own voice webhook: wait for it, briefly.
    for (let tries = 0; tries < 100; tries++) {
      if (await this.connected(agentId)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new DomainError('AUDIO_UNAVAILABLE', 'The emulated audio leg did not reach your conference room', 'unavailable');
  }

  private async dial(agentId: string): Promise<void> {
    // A leg that ended earlier is still listed under this identity: hang it up before dialing a new one.
    await this.disconnect(agentId);
    const response = await this.emulator('/_emulator/agents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        identity: agentId,
        voiceUrl: `${this.config.api.publicBaseUrl}/${TWILIO_WEBHOOK_PREFIX}/${TWILIO_WEBHOOK_ROUTES.agentVoice}`,
        talkTimeSec: HUMAN_TALK_TIME_SEC,
      }),
    });
    if (response.status === 201) return;
    const body = await response.text();
    // 409 AGENT_CONNECTED: a concurrent request dialed the leg first; it is awaited like ours.
    if (response.status === 409 && body.includes('AGENT_CONNECTED')) return;
    throw new DomainError('AUDIO_UNAVAILABLE', `The Twilio emulator refused the audio leg: ${body}`, 'unavailable');
  }

  async disconnect(agentId: string): Promise<void> {
    this.refuseUnlessEmulated();
    const response = await this.emulator(`/_emulator/agents/${encodeURIComponent(agentId)}`, { method: 'DELETE' });
    if (!response.ok && response.status !== 404) throw new DomainError('AUDIO_UNAVAILABLE', `The Twilio emulator answered ${response.status}`, 'unavailable');
  }

  /**
   * A supervisor's monitor leg, dialed by the emulator as their browser's
   * Voice SDK would (`client:<supervisorId>`, custom parameter `monitor`): the
   * voice webhook joins it to the agent's room. Resolves once it is there.
   */
  async connectMonitor(supervisorId: string, agentId: string): Promise<void> {
    this.refuseUnlessEmulated();
    const dial = () =>
      this.emulator('/_emulator/agents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          identity: supervisorId,
          voiceUrl: `${this.config.api.publicBaseUrl}/${TWILIO_WEBHOOK_PREFIX}/${TWILIO_WEBHOOK_ROUTES.agentVoice}`,
          params: { [MONITOR_PARAM]: agentId },
          talkTimeSec: HUMAN_TALK_TIME_SEC,
        }),
      });
    let response = await dial();
    if (response.status === 409) {
      // The leg of the monitoring just stopped, still being hung up (a supervisor moving straight on to another
      // agent): it is stale — MonitoringService lets a supervisor hold one call at a time — so it goes, and the new one is dialed.
      await this.disconnect(supervisorId);
      response = await dial();
    }
    if (response.status === 409) throw new DomainError('AUDIO_UNAVAILABLE', 'your audio is already on another call', 'conflict');
    if (response.status !== 201) throw new DomainError('AUDIO_UNAVAILABLE', `the Twilio emulator refused the leg: ${await response.text()}`, 'unavailable');
    const { callSid } = (await response.json()) as { callSid: string };
    for (let tries = 0; tries < 100; tries++) {
      const legs = (await (await this.emulator('/_emulator/agents')).json()) as { callSid: string; state: string }[];
      const state = legs.find((l) => l.callSid === callSid)?.state;
      if (state === 'available' || state === 'talking') return;
      if (state === 'disconnected') throw new DomainError('AUDIO_UNAVAILABLE', 'the leg was hung up before it reached the call', 'conflict');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new DomainError('AUDIO_UNAVAILABLE', 'the leg did not reach the agent’s conference room', 'unavailable');
  }

  private refuseUnlessEmulated(): void {
    if (!this.emulated) throw new DomainError('AUDIO_NOT_EMULATED', 'With real Twilio the browser’s Voice SDK is the audio leg (GET /agent/token)', 'conflict');
  }
}
