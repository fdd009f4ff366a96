import { DomainError } from '@dialer/core';
import { AgentState } from './agent-state';

export class AgentNotOnFloorError extends DomainError {
  /** The message speaks to the agent; a supervisor acting on them is told otherwise. */
  constructor(agentId: string, message = 'Join a campaign first') {
    super('AGENT_NOT_IN_CAMPAIGN', message, 'conflict', { agentId });
  }
}

export class AgentBusyError extends DomainError {
  constructor(state: AgentState) {
    super('AGENT_BUSY', `Finish the current call first (you are ${state.replace('_', ' ')})`, 'conflict', { state });
  }
}

export class AgentTransitionError extends DomainError {
  constructor(state: AgentState, wanted: AgentState) {
    super('AGENT_INVALID_TRANSITION', `Cannot go ${wanted.replace('_', ' ')} while ${state.replace('_', ' ')}`, 'conflict', {
      state,
      wanted,
    });
  }
}
