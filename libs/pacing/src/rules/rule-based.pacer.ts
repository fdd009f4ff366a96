import { Pacer, PacingDecision, PacingSnapshot } from '../pacing.types';
import { ResolvedPacingSettings } from '../pacing-settings';
import { countSnapshot } from '../snapshot-counts';
import { agentDecision, agentlessCalls, lineRoom, powerCalls, progressiveCalls } from './dialing-rules';

/** preview, progressive, power and agentless: fixed arithmetic on the snapshot, nothing learned. */
export class RuleBasedPacer implements Pacer {
  constructor(private readonly settings: ResolvedPacingSettings) {}

  observe(): void {
    // Nothing to learn: these modes look only at the present.
  }

  decide(snapshot: PacingSnapshot): PacingDecision {
    const counts = countSnapshot(snapshot);
    const { mode } = this.settings;
    if (mode === 'agentless') {
      const calls = agentlessCalls(counts, this.settings.agentlessLines);
      return { callsToPlace: calls, dialLevel: counts.inFlight + calls, reason: 'agentless' };
    }
    if (mode === 'preview') return agentDecision(counts, 0, 'preview: agents dial by hand');
    if (counts.active === 0) return agentDecision(counts, 0, 'no agent logged in');
    const wanted = mode === 'power' ? powerCalls(counts, this.settings.powerRatio) : progressiveCalls(counts);
    const calls = Math.min(wanted, lineRoom(counts, this.settings.maxLinesPerAgent));
    return agentDecision(counts, calls, calls < wanted ? `${mode}: line ceiling` : mode);
  }
}
