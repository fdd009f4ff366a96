import { DomainError } from '@dialer/core';
import { AgentState } from './agent-state';

export class AgentNotOnFloorError extends DomainError {
  constructor(agentId: string) {
    super('AGENT_NOT_IN_CAMPAIGN', 'Join a campaign first', 'conflict', { agentId });
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
