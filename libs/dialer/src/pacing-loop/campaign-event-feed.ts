import type Redis from 'ioredis';
import { AgentState, AgentStateEvent } from '@dialer/agents';
import { CallEventMessage, decodeCallEvent } from '@dialer/calls';
import { decodeDialerEvent, DialerEvent } from '../events/dialer-events';

export type FeedEvent =
  | { source: 'call'; event: CallEventMessage }
  | { source: 'agent'; event: AgentStateEvent }
  | { source: 'dialer'; event: DialerEvent };

export interface FeedKeys {
  calls: string;
  agents: string;
  dialer: string;
}

function decodeAgentEvent(fields: string[]): AgentStateEvent {
  const value = (name: string) => fields[fields.indexOf(name) + 1] ?? '';
  return {
    agentId: value('agentId'),
    campaignId: value('campaignId'),
    from: value('from') as AgentState,
    to: value('to') as AgentState,
    attemptId: value('attemptId') || null,
    reason: value('reason') || null,
    atMs: Number(value('atMs')),
  };
}

/**
 * Everything that happens to one campaign, from its three streams (calls,
 * agents, dialer decisions), read with one blocking XREAD on a connection of
 * its own. Each stream is resumed from its last id, so nothing published
 * between two reads is missed.
 */
export class CampaignEventFeed {
  private readonly ids = new Map<string, string>();

  private constructor(
    private readonly reader: Redis,
    private readonly keys: FeedKeys,
  ) {}

  /** Starts after the newest entry of each stream: the leader acts on what happens from now on. */
  static async open(redis: Redis, keys: FeedKeys): Promise<CampaignEventFeed> {
    const reader = redis.duplicate({ lazyConnect: true, enableOfflineQueue: true });
    reader.on('error', () => undefined);
    await reader.connect();
    const feed = new CampaignEventFeed(reader, keys);
    for (const key of Object.values(keys)) {
      const [last] = (await reader.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
      feed.ids.set(key, last?.[0] ?? '0-0');
    }
    return feed;
  }

  async next(blockMs: number, count = 500): Promise<FeedEvent[]> {
    const keys = Object.values(this.keys);
    const reply = (await this.reader.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', ...keys, ...keys.map((k) => this.ids.get(k)!))) as
      | [string, [string, string[]][]][]
      | null;
    const events: FeedEvent[] = [];
    for (const [key, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        this.ids.set(key, id);
        if (key === this.keys.calls) events.push({ source: 'call', event: decodeCallEvent(fields) });
        else if (key === this.keys.agents) events.push({ source: 'agent', event: decodeAgentEvent(fields) });
        else events.push({ source: 'dialer', event: decodeDialerEvent(fields) });
      }
    }
    return events;
  }

  async close(): Promise<void> {
    await this.reader.quit().catch(() => this.reader.disconnect());
  }
}
