import { setTimeout as sleep } from 'node:timers/promises';
import { DemoApi } from './demo-api';

/**
 * Longest wait, once the campaign is paused, for its calls to end by
 * themselves: a callee answering just then, plus the longest talk and
 * after-call work of the demo's agents (90 s + 8 s), and then some.
 */
export const CALLS_END_WAIT_MS = 3 * 60_000;

/**
 * The end of a shift on the floor, in the only order that harms no callee:
 * the campaign pauses (its leader places nothing more and cancels the calls
 * still ringing, `Status=canceled`); the agents stay at their desks while the
 * calls already answered reach them and are talked to their end; then the
 * agents sign out (`stopAgents`: each records their last outcome first).
 * Stopping the agents first — what the demo used to do — left answered
 * callees with nobody to take them: abandoned calls, counted for 30 days.
 * Returns the calls still live when it gave up waiting (0 normally).
 */
export async function windDownFloor(
  api: DemoApi,
  campaignId: string,
  stopAgents: () => Promise<void>,
  options: { waitMs?: number; everyMs?: number; say?: (line: string) => void } = {},
): Promise<number> {
  await api.post(`/campaigns/${campaignId}/pause`).catch(() => undefined); // paused already, or completed
  const deadline = Date.now() + (options.waitMs ?? CALLS_END_WAIT_MS);
  let live = -1;
  for (;;) {
    const stats = await api.get<{ inFlight: number }>(`/campaigns/${campaignId}/stats`).catch(() => null);
    live = stats?.inFlight ?? live;
    if (live === 0 || Date.now() >= deadline) break;
    options.say?.(`waiting for ${live} call(s) to end…`);
    await sleep(options.everyMs ?? 1_000);
  }
  await stopAgents();
  return Math.max(live, 0);
}
