import { parentPort } from 'node:worker_threads';
import { BenchResult, BenchTask } from './bench-task';
import { runStrategy } from './strategies';

/** Runs the simulations it is sent, one at a time, and posts back their figures. */
export function runTask(task: BenchTask): BenchResult {
  const started = performance.now();
  const { report, powerRatio, targetAbandonRate } = runStrategy(task.cell, task.strategy, {
    searchDays: task.searchDays,
    targetAbandonRate: task.targetAbandonRate,
  });
  return {
    id: task.id,
    occupancy: report.talkOccupancy,
    abandonRate: report.abandonRate,
    worst30Day: report.worst30DayAbandonRate,
    worst24Hour: report.worst24HourAbandonRate,
    talkMinutesPerAgentHour: report.talkMinutesPerAgentHour,
    callsPerSecond: report.callsPerSecond,
    peakCallsPerSecond: report.peakCallsPerSecond,
    meanTimeToConnectSec: report.meanTimeToConnectSec,
    humanAnswers: report.humanAnswers,
    powerRatio,
    targetAbandonRate,
    wallMs: performance.now() - started,
  };
}

parentPort?.on('message', (task: BenchTask) => parentPort?.postMessage(runTask(task)));
