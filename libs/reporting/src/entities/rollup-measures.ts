import { Opt, Property } from '@mikro-orm/core';

/**
 * The KPI report's attempt figures, summed per bucket by the KPI rollups
 * (kpi-rollups migration): counts, and durations in whole milliseconds
 * (bigint, returned as strings). Contacts and successes are not stored: the
 * report joins the campaign's current disposition flags to `attempts`.
 */
export abstract class KpiRollupMeasures {
  /** Every attempt, dial or not (what contacts and successes count). */
  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  dials: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  liveAnswers: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  connects: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  abandons: Opt<number> = 0;

  /** Answer to agent, summed over the connects answered no later than connected (`speedN` of them). */
  @Property({ type: 'bigint', default: 0 })
  speedMs: Opt<string> = '0';

  @Property({ type: 'integer', default: 0 })
  speedN: Opt<number> = 0;

  /** Connected to ended, over the connected attempts that have ended. */
  @Property({ type: 'bigint', default: 0 })
  talkMs: Opt<string> = '0';

  /** Connected to an agent (the handle-time divisor). */
  @Property({ type: 'integer', default: 0 })
  handled: Opt<number> = 0;
}

/** Agents' time summed per bucket, in whole microseconds: logged in (every state) and wrap-up. */
export abstract class AgentTimeMeasures {
  /** Every state (logged in). */
  @Property({ type: 'bigint', default: 0 })
  loggedInUs: Opt<string> = '0';

  @Property({ type: 'bigint', default: 0 })
  wrapUs: Opt<string> = '0';
}
