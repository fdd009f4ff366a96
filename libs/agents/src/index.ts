export { AGENT_STATES, AgentState, AgentPresence, AgentStateEvent, BUSY_STATES } from './agent-state';
export { AgentStateStore, AGENT_EVENTS_STREAM_MAXLEN } from './agent-state.store';
export { AgentNotifier, DESK_NAMESPACE, deskRoom, socketIoKey, FLOOR_NAMESPACE, FLOOR_ROOM, floorRoom } from './agent-notifier';
export { DeskPresence, DESK_HEARTBEAT_MS, DESK_LOST_REASON, DESK_TTL_MS } from './desk-presence';
export { AgentsService, AppliedMove } from './agents.service';
export { AgentsModule } from './agents.module';
export { AgentBusyError, AgentNotOnFloorError, AgentTransitionError } from './agents.errors';
export { AgentStateChange } from './entities/agent-state-change.entity';
export { SIGN_OUT_AFTER_CALL } from './agent-state.lua';
