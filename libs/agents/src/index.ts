export { AGENT_STATES, AgentState, AgentPresence, AgentStateEvent, BUSY_STATES } from './agent-state';
export { AgentStateStore, AGENT_EVENTS_STREAM_MAXLEN } from './agent-state.store';
export { AgentNotifier, AgentNotice } from './agent-notifier';
export { AgentsService, AppliedMove } from './agents.service';
export { AgentsModule } from './agents.module';
export { AgentBusyError, AgentNotOnFloorError, AgentTransitionError } from './agents.errors';
export { AgentStateChange } from './entities/agent-state-change.entity';
