import { formatPercent } from '../../ui/format';
import type { DeskPresence, FloorCampaign, FloorSnapshot } from '@dialer/desk-events';

/** The agent states in the order the floor reads them (busy first). */
export const FLOOR_STATES = ['on_call', 'wrap_up', 'reserved', 'ready', 'paused'] as const;

/** The tiles' figures, for one campaign or summed over the floor. */
export interface Tiles {
  dials: number;
  liveAnswers: number;
  connects: number;
  /** Right-party contacts: live answers whose outcome is a contact or a success (the KPI report's contacts), over the last hour. */
  contacts: number;
  /** 接続率 (answer rate): live answers ÷ dials, over the last hour. */
  answerRate: number | null;
  /** コンタクト率 (contact rate): contacts ÷ dials, over the last hour: the KPI report's コンタクト率. */
  contactRate: number | null;
  /** 放棄率 over the regulatory window, and the cap (the strictest when several campaigns). */
  abandonRate: number;
  capRate: number | null;
  windowHours: number | null;
  inFlight: number;
  dialLevel: number;
  occupancy: number | null;
  agents: number;
  /** 平均応答速度: answered callees' mean wait for an agent over the last hour (seconds), when any was put through. */
  averageWaitSec: number | null;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

/**
 * The tiles of a set of campaigns: counts summed, rates recomputed from the
 * sums (never averaged), the strictest cap, occupancy weighted by agents.
 */
export function tilesOf(campaigns: FloorCampaign[]): Tiles {
  let dials = 0, liveAnswers = 0, connects = 0, contacts = 0, abandonsWindow = 0, liveWindow = 0, inFlight = 0, dialLevel = 0, agents = 0;
  let occupancyWeighted = 0, occupancyAgents = 0;
  let capRate: number | null = null, windowHours: number | null = null, waitSum = 0, waited = 0;
  for (const { stats, speedOfAnswer } of campaigns) {
    if (speedOfAnswer.averageSec !== null) {
      waitSum += speedOfAnswer.averageSec * speedOfAnswer.connects;
      waited += speedOfAnswer.connects;
    }
    dials += stats.lastHour.dials;
    liveAnswers += stats.lastHour.liveAnswers;
    connects += stats.lastHour.connects;
    contacts += stats.lastHour.contacts;
    abandonsWindow += stats.window.abandons + stats.window.amdFalsePositives;
    liveWindow += stats.window.liveAnswers + stats.window.amdFalsePositives;
    inFlight += stats.inFlight;
    dialLevel += stats.pacing?.dialLevel ?? 0;
    const logged = stats.agents.list.filter((agent) => agent.state !== 'offline').length;
    agents += logged;
    if (stats.occupancy !== null) {
      occupancyWeighted += stats.occupancy * Math.max(1, logged);
      occupancyAgents += Math.max(1, logged);
    }
    capRate = capRate === null ? stats.window.capRate : Math.min(capRate, stats.window.capRate);
    windowHours = windowHours === null ? stats.window.hours : Math.max(windowHours, stats.window.hours);
  }
  return {
    dials,
    liveAnswers,
    connects,
    contacts,
    answerRate: ratio(liveAnswers, dials),
    contactRate: ratio(contacts, dials),
    abandonRate: ratio(abandonsWindow, liveWindow) ?? 0,
    capRate,
    windowHours,
    inFlight,
    dialLevel,
    occupancy: occupancyAgents > 0 ? occupancyWeighted / occupancyAgents : null,
    agents,
    averageWaitSec: ratio(waitSum, waited),
  };
}

/** The snapshot with one agent's new state in its campaign's grid (pushed between two snapshots). */
export function withAgent(snapshot: FloorSnapshot, presence: DeskPresence): FloorSnapshot {
  return {
    ...snapshot,
    campaigns: snapshot.campaigns.map((campaign) => {
      const list = campaign.stats.agents.list.filter((agent) => agent.agentId !== presence.agentId);
      // An agent signed out, or gone to another campaign, leaves this grid.
      if (presence.campaignId === campaign.stats.campaignId && presence.state !== 'offline') list.push(presence);
      if (list.length === campaign.stats.agents.list.length && !list.includes(presence)) return campaign;
      return { ...campaign, stats: { ...campaign.stats, agents: { ...campaign.stats.agents, list: sortAgents(list) } } };
    }),
  };
}

/** Agents by name, so a state change does not make rows jump about. */
export function sortAgents<T extends { name: string; agentId: string }>(agents: T[]): T[] {
  return [...agents].sort((a, b) => a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId));
}

/** Series for the charts: x in seconds (uPlot's unit), one array per line. */
export interface MinuteSeries {
  x: number[];
  dials: number[];
  liveAnswers: number[];
  connects: number[];
  occupancy: (number | null)[];
  agents: Record<(typeof FLOOR_STATES)[number], number[]>;
}

/** The campaigns' minutes summed minute by minute (occupancy weighted by the agents logged in that minute). */
export function minuteSeries(campaigns: FloorCampaign[]): MinuteSeries {
  const first = campaigns[0]?.minutes ?? [];
  const series: MinuteSeries = {
    x: first.map((minute) => Date.parse(minute.at) / 1000),
    dials: [],
    liveAnswers: [],
    connects: [],
    occupancy: [],
    agents: Object.fromEntries(FLOOR_STATES.map((state) => [state, [] as number[]])) as MinuteSeries['agents'],
  };
  first.forEach((_, i) => {
    let dials = 0, live = 0, connects = 0, busyWeighted = 0, logged = 0;
    const byState = Object.fromEntries(FLOOR_STATES.map((state) => [state, 0])) as Record<(typeof FLOOR_STATES)[number], number>;
    for (const campaign of campaigns) {
      const minute = campaign.minutes[i];
      if (!minute) continue;
      dials += minute.dials;
      live += minute.liveAnswers;
      connects += minute.connects;
      const agents = Object.values(minute.agents).reduce((sum, n) => sum + n, 0);
      if (minute.occupancy !== null) {
        busyWeighted += minute.occupancy * agents;
        logged += agents;
      }
      for (const state of FLOOR_STATES) byState[state] += minute.agents[state] ?? 0;
    }
    series.dials.push(dials);
    series.liveAnswers.push(live);
    series.connects.push(connects);
    series.occupancy.push(logged > 0 ? busyWeighted / logged : null);
    for (const state of FLOOR_STATES) series.agents[state].push(Math.round(byState[state] * 10) / 10);
  });
  return series;
}

/** One reading of the abandon rate over the regulatory window. */
export interface AbandonSample {
  atSec: number;
  rate: number;
  cap: number | null;
}

/** How long the abandon-rate chart looks back (its samples are taken as snapshots arrive). */
export const ABANDON_SAMPLES_SEC = 30 * 60;

/** The samples with this snapshot's reading added (one per second at most), the oldest dropped past the chart's reach. */
export function withAbandonSample(samples: AbandonSample[], tiles: Tiles, atIso: string): AbandonSample[] {
  const atSec = Math.floor(Date.parse(atIso) / 1000);
  if (samples.length > 0 && samples[samples.length - 1].atSec >= atSec) return samples;
  return [...samples.filter((sample) => sample.atSec > atSec - ABANDON_SAMPLES_SEC), { atSec, rate: tiles.abandonRate, cap: tiles.capRate }];
}

/** Percent with `digits` decimals, or a dash when there is nothing to divide. */
export const percent = formatPercent;

/** The pacer's reason (a short English phrase from @dialer/pacing) as a locale key: 'predictive: line ceiling' → predictive_line_ceiling. */
export function pacerReasonKey(reason: string): string {
  return reason.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
