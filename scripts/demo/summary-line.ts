import { DIALABLE_LEAD_STATUSES } from '@dialer/compliance';

/** The part of `GET /campaigns/:id/stats` the demo prints. */
export interface StatsForSummary {
  status: string;
  window: { hours: number; capRate: number; dials: number; liveAnswers: number; connects: number; abandons: number; abandonRate: number };
  inFlight: number;
  occupancy: number | null;
  agents: { byState: Record<string, number> };
  leads: Record<string, number>;
  pacing: { dialLevel: number } | null;
}

const percent = (rate: number | null, digits = 1) => (rate === null ? '–' : `${(rate * 100).toFixed(digits)} %`);

/** One line every few seconds: what a supervisor glances at on the wallboard. */
export function summaryLine(stats: StatsForSummary, at: Date): string {
  const w = stats.window;
  const agents = ['on_call', 'wrap_up', 'ready', 'reserved', 'paused']
    .filter((state) => stats.agents.byState[state])
    .map((state) => `${stats.agents.byState[state]} ${state.replace('_', ' ')}`)
    .join(', ');
  const due = DIALABLE_LEAD_STATUSES.reduce((sum, status) => sum + (stats.leads[status] ?? 0), 0);
  return [
    at.toISOString().slice(11, 19),
    `dials ${w.dials}`,
    `answers ${w.liveAnswers}`,
    `connects ${w.connects}`,
    `abandons ${w.abandons} (${percent(w.abandonRate, 2)} over ${w.hours} h, cap ${percent(w.capRate, 0)})`,
    `occupancy ${percent(stats.occupancy, 0)}`,
    `in flight ${stats.inFlight}`,
    `dial level ${stats.pacing ? stats.pacing.dialLevel.toFixed(2) : '–'}`,
    `agents ${agents || 'none'}`,
    `leads to dial ${due}`,
    stats.status === 'active' ? '' : `[${stats.status}]`,
  ]
    .filter(Boolean)
    .join(' · ');
}
