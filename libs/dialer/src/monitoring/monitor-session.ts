import { DomainError } from '@dialer/core';
import type { MonitorMode } from '@dialer/telephony';

/**
 * A supervisor monitoring an agent's call: one per call (a second supervisor
 * is refused). Lives in Redis for the call's length; `legCallSid` is the
 * supervisor's audio leg once it reached the agent's room.
 */
export interface MonitorSession {
  agentId: string;
  supervisorId: string;
  supervisorRole: string;
  attemptId: string;
  /** The callee's call (the attempt's provider call SID), for the audit trail. */
  callSid: string | null;
  mode: MonitorMode;
  legCallSid: string | null;
  startedAtMs: number;
  /** Being stopped (its leg hung up now): its leg's leave is no `leg_gone`, and it holds the call no more. */
  stopping?: true;
}

/** How long a monitor leg may take to reach the room before its claim on the call lapses (a browser that never connected). */
export const MONITOR_CONNECT_GRACE_MS = 30_000;

export class AgentNotOnCallError extends DomainError {
  constructor(agentId: string, state: string | null) {
    super('AGENT_NOT_ON_CALL', 'This agent is not on a call: there is nothing to listen to', 'conflict', { agentId, state });
  }
}

export class AgentAlreadyMonitoredError extends DomainError {
  constructor(session: MonitorSession) {
    super('AGENT_ALREADY_MONITORED', 'Another supervisor is already monitoring this call', 'conflict', {
      agentId: session.agentId,
      supervisorId: session.supervisorId,
      mode: session.mode,
    });
  }
}

/** One call at a time per supervisor: their browser holds one leg, and Twilio would let a second join another room. */
export class SupervisorAlreadyMonitoringError extends DomainError {
  constructor(session: MonitorSession) {
    super('SUPERVISOR_ALREADY_MONITORING', 'You are already monitoring another agent’s call: stop it first', 'conflict', {
      agentId: session.agentId,
      mode: session.mode,
    });
  }
}

export class NotMonitoringError extends DomainError {
  constructor(agentId: string) {
    super('NOT_MONITORING', 'You are not monitoring this agent’s call (it may have ended)', 'conflict', { agentId });
  }
}

export class SupervisorAudioUnavailableError extends DomainError {
  constructor(reason: string) {
    super('SUPERVISOR_AUDIO_UNAVAILABLE', `Your audio could not join the call: ${reason}`, 'conflict');
  }
}

/** What the floor says about the agent: on a call (with its attempt) or not. */
export interface AgentOnCall {
  state: string;
  attemptId: string | null;
}

/**
 * Whether an existing session still holds the call: not when it belongs to
 * an earlier call, nor when its leg never arrived within the grace, nor when
 * its leg left the room (`legInRoom` false: a closed browser).
 */
export function sessionHolds(session: MonitorSession, attemptId: string, nowMs: number, legInRoom: boolean | null): boolean {
  if (session.attemptId !== attemptId || session.stopping) return false;
  if (session.legCallSid === null) return nowMs - session.startedAtMs < MONITOR_CONNECT_GRACE_MS;
  return legInRoom !== false;
}

/** Refuses monitoring an agent who is not talking to a callee now; returns the attempt on the line. */
export function callToMonitor(agentId: string, presence: AgentOnCall | null): string {
  if (presence?.state !== 'on_call' || !presence.attemptId) throw new AgentNotOnCallError(agentId, presence?.state ?? null);
  return presence.attemptId;
}
