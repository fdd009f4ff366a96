import { PacingSnapshot } from '@dialer/pacing';

interface Tracked {
  state: 'ringing' | 'answered_waiting';
  sinceMs: number;
}

/**
 * The campaign's calls placed and not yet bridged or ended, as the pacer
 * counts them. In agentless campaigns a call the IVR is playing to still
 * holds its line, so it stays until it ends.
 */
export class InFlightCalls {
  private readonly calls = new Map<string, Tracked>();
  /** Attempt → agent, for the pacer's talk-ended event. */
  private readonly bridged = new Map<string, string>();

  placed(attemptId: string, atMs: number): void {
    this.calls.set(attemptId, { state: 'ringing', sinceMs: atMs });
  }

  answered(attemptId: string, atMs: number): void {
    if (this.calls.has(attemptId)) this.calls.set(attemptId, { state: 'answered_waiting', sinceMs: atMs });
  }

  connected(attemptId: string, agentId: string): void {
    this.calls.delete(attemptId);
    this.bridged.set(attemptId, agentId);
  }

  /** Forgets the call; says whether it was tracked, whether it had been answered, and its agent if bridged. */
  ended(attemptId: string): { tracked: boolean; wasAnswered: boolean; agentId: string | null } {
    const tracked = this.calls.get(attemptId);
    const agentId = this.bridged.get(attemptId) ?? null;
    this.calls.delete(attemptId);
    this.bridged.delete(attemptId);
    return { tracked: tracked !== undefined || agentId !== null, wasAnswered: tracked?.state === 'answered_waiting' || agentId !== null, agentId };
  }

  removeWaiting(attemptId: string): void {
    this.calls.delete(attemptId);
  }

  isBridged(attemptId: string): boolean {
    return this.bridged.has(attemptId);
  }

  /** Every call followed: ringing, answered and waiting, or put through to an agent. */
  attemptIds(): string[] {
    return [...new Set([...this.calls.keys(), ...this.bridged.keys()])];
  }

  get size(): number {
    return this.calls.size;
  }

  snapshot(): PacingSnapshot['calls'] {
    return [...this.calls].map(([id, call]) => ({ id, state: call.state, sinceMs: call.sinceMs }));
  }
}
