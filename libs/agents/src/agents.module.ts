import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AgentNotifier } from './agent-notifier';
import { AgentStateStore } from './agent-state.store';
import { AgentsService } from './agents.service';
import { DeskPresence } from './desk-presence';
import { SignInRechecks } from './sign-in-rechecks';
import { SocketEmitter } from './socket-emitter';
import { AgentStateChange } from './entities/agent-state-change.entity';

@Module({
  imports: [MikroOrmModule.forFeature([AgentStateChange])],
  providers: [AgentStateStore, SocketEmitter, AgentNotifier, SignInRechecks, AgentsService, DeskPresence],
  exports: [AgentsService, AgentNotifier, SignInRechecks, AgentStateStore, DeskPresence],
})
export class AgentsModule {}
