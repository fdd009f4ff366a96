export interface DailyFigures {
  day: number;
  talkOccupancy: number;
  abandonRate: number;
  humanAnswers: number;
  abandoned: number;
}

/** What a simulated campaign achieved. Rates are fractions (0.03 = 3 %). */
export interface SimulationReport {
  agents: number;
  days: number;
  dials: number;
  /** Answers AMD classified as a person (what the dialer sees, and the rule counts). */
  humanAnswers: number;
  machineAnswers: number;
  abandoned: number;
  /** People AMD classified as machines and hung up on; Ofcom counts these as abandoned too. */
  amdFalsePositives: number;
  connects: number;
  /** Talk time ÷ logged-in time. */
  talkOccupancy: number;
  talkMinutesPerAgentHour: number;
  agentHours: number;
  /** Abandoned ÷ person answers over the whole run. */
  abandonRate: number;
  /** Worst rolling 30-day and 24-hour windows (the whole run when shorter). */
  worst30DayAbandonRate: number;
  worst24HourAbandonRate: number;
  /** Person answers ÷ dials. */
  contactRate: number;
  /** Dials per second while at least one agent was logged in, and the busiest second. */
  callsPerSecond: number;
  peakCallsPerSecond: number;
  /** From a person's answer to the agent's connect, over connected person answers. */
  meanTimeToConnectSec: number;
  connectedWithoutWaitShare: number;
  decisions: number;
  daily: DailyFigures[];
}
