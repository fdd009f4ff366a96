import { EmulatedCall } from './emulated-call';

/** Ended calls kept for fetches and event logs; a demo left running for days stays within bounded memory. */
const RETAINED_CALLS = 50_000;

/** Every call leg since the last reset, in creation order (the oldest ended ones forgotten past RETAINED_CALLS). */
export class CallStore {
  private readonly calls = new Map<string, EmulatedCall>();

  add(call: EmulatedCall): void {
    this.calls.set(call.sid, call);
    if (this.calls.size <= RETAINED_CALLS) return;
    for (const [sid, old] of this.calls) {
      if (this.calls.size <= RETAINED_CALLS * 0.9) break;
      if (old.ended) this.calls.delete(sid);
    }
  }

  get(sid: string): EmulatedCall | undefined {
    return this.calls.get(sid);
  }

  all(): EmulatedCall[] {
    return [...this.calls.values()];
  }

  live(): EmulatedCall[] {
    return this.all().filter((call) => !call.ended);
  }

  clear(): void {
    this.calls.clear();
  }
}
