/**
 * The agent's audio leg, played by the Twilio emulator: `POST /_emulator/agents`
 * dials the agent's browser into our api as the Voice SDK would, and the
 * emulator keeps it in the agent's conference room between calls.
 */
export interface AudioLegSpec {
  identity: string;
  voiceUrl: string;
  /** Seconds the agent talks before hanging up: a number, `{min,max}`, `{mean,sd}` or `{median,sigma}`. */
  talkTimeSec?: number | Record<string, number>;
}

export class EmulatorAgentsClient {
  constructor(private readonly emulatorUrl: string) {}

  async connect(spec: AudioLegSpec): Promise<void> {
    const response = await fetch(`${this.emulatorUrl}/_emulator/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    if (response.status !== 201) throw new Error(`emulator refused agent ${spec.identity}: ${response.status} ${await response.text()}`);
  }

  async state(identity: string): Promise<string | undefined> {
    const response = await fetch(`${this.emulatorUrl}/_emulator/agents`);
    const agents = (await response.json()) as { identity: string; state: string }[];
    return agents.find((agent) => agent.identity === identity)?.state;
  }

  async disconnect(identity: string): Promise<void> {
    const response = await fetch(`${this.emulatorUrl}/_emulator/agents/${encodeURIComponent(identity)}`, { method: 'DELETE' });
    if (!response.ok && response.status !== 404) throw new Error(`emulator could not hang up agent ${identity}: ${response.status}`);
  }
}
