import { worstWindowRate } from './abandon-windows';
import { DailyFigures, SimulationReport } from './simulation-report';
import { floor, min } from '../math/math-bindings';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 1440;

/** Counters a simulated campaign fills as it runs; report() turns them into figures. */
export class CampaignMetrics {
  dials = 0;
  humanAnswers = 0;
  machineAnswers = 0;
  abandoned = 0;
  amdFalsePositives = 0;
  connects = 0;
  connectedWithoutWait = 0;
  decisions = 0;
  private talkMs = 0;
  private loggedInMs = 0;
  private staffedMs = 0;
  private waitMs = 0;
  private peakDialsPerSecond = 0;
  private currentSecond = -1;
  private dialsThisSecond = 0;
  private lastMinute = 0;
  private readonly answersPerMinute: Int32Array;
  private readonly abandonsPerMinute: Int32Array;
  private readonly dailyTalkMs: Float64Array;
  private readonly dailyLoggedInMs: Float64Array;

  constructor(private readonly days: number) {
    // One spare day: the last shift's calls may drain past midnight of the last day.
    this.answersPerMinute = new Int32Array((days + 1) * MINUTES_PER_DAY);
    this.abandonsPerMinute = new Int32Array((days + 1) * MINUTES_PER_DAY);
    this.dailyTalkMs = new Float64Array(days + 1);
    this.dailyLoggedInMs = new Float64Array(days + 1);
  }

  dialed(atMs: number, count: number): void {
    if (count <= 0) return;
    this.dials += count;
    const second = floor(atMs / 1000);
    if (second !== this.currentSecond) {
      this.currentSecond = second;
      this.dialsThisSecond = 0;
    }
    this.dialsThisSecond += count;
    if (this.dialsThisSecond > this.peakDialsPerSecond) this.peakDialsPerSecond = this.dialsThisSecond;
  }

  humanAnswered(atMs: number): void {
    this.humanAnswers++;
    this.answersPerMinute[this.minute(atMs)]++;
  }

  abandon(atMs: number): void {
    this.abandoned++;
    this.abandonsPerMinute[this.minute(atMs)]++;
  }

  connected(waitMs: number): void {
    this.connects++;
    this.waitMs += waitMs;
    if (waitMs <= 0) this.connectedWithoutWait++;
  }

  talked(atMs: number, ms: number): void {
    this.talkMs += ms;
    this.dailyTalkMs[this.day(atMs)] += ms;
  }

  loggedIn(atMs: number, ms: number): void {
    this.loggedInMs += ms;
    this.dailyLoggedInMs[this.day(atMs)] += ms;
  }

  staffed(ms: number): void {
    this.staffedMs += ms;
  }

  report(agents: number): SimulationReport {
    const used = this.lastMinute + 1;
    const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
    return {
      agents,
      days: this.days,
      dials: this.dials,
      humanAnswers: this.humanAnswers,
      machineAnswers: this.machineAnswers,
      abandoned: this.abandoned,
      amdFalsePositives: this.amdFalsePositives,
      connects: this.connects,
      talkOccupancy: ratio(this.talkMs, this.loggedInMs),
      talkMinutesPerAgentHour: ratio(this.talkMs / MINUTE_MS, this.loggedInMs / 3_600_000),
      agentHours: this.loggedInMs / 3_600_000,
      abandonRate: ratio(this.abandoned, this.humanAnswers),
      worst30DayAbandonRate: worstWindowRate(this.answersPerMinute, this.abandonsPerMinute, 30 * MINUTES_PER_DAY, used),
      worst24HourAbandonRate: worstWindowRate(this.answersPerMinute, this.abandonsPerMinute, MINUTES_PER_DAY, used),
      contactRate: ratio(this.humanAnswers, this.dials),
      callsPerSecond: ratio(this.dials, this.staffedMs / 1000),
      peakCallsPerSecond: this.peakDialsPerSecond,
      meanTimeToConnectSec: ratio(this.waitMs / 1000, this.connects),
      connectedWithoutWaitShare: ratio(this.connectedWithoutWait, this.connects),
      decisions: this.decisions,
      daily: this.dailyFigures(),
    };
  }

  private dailyFigures(): DailyFigures[] {
    const daily: DailyFigures[] = [];
    for (let day = 0; day < this.days; day++) {
      let answers = 0;
      let abandons = 0;
      for (let m = day * MINUTES_PER_DAY; m < (day + 1) * MINUTES_PER_DAY; m++) {
        answers += this.answersPerMinute[m];
        abandons += this.abandonsPerMinute[m];
      }
      daily.push({
        day,
        talkOccupancy: this.dailyLoggedInMs[day] > 0 ? this.dailyTalkMs[day] / this.dailyLoggedInMs[day] : 0,
        abandonRate: answers > 0 ? abandons / answers : 0,
        humanAnswers: answers,
        abandoned: abandons,
      });
    }
    return daily;
  }

  private minute(atMs: number): number {
    const minute = min(floor(atMs / MINUTE_MS), this.answersPerMinute.length - 1);
    if (minute > this.lastMinute) this.lastMinute = minute;
    return minute;
  }

  private day(atMs: number): number {
    return min(floor(atMs / DAY_MS), this.days);
  }
}
