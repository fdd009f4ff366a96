import { Injectable } from '@nestjs/common';
import { SocketEmitter } from './socket-emitter';
import { DESK_NAMESPACE, deskRoom, FLOOR_NAMESPACE, FLOOR_ROOM, floorRoom } from './socket-rooms';

/**
 * Delivers notices to agents whichever process produced them (a webhook in
 * the api, the pacing loop in the worker): socket.io's Redis emitter
 * broadcasts to the agent's room through the api processes' Redis adapter,
 * so the desk gets it once, whichever api holds its socket.
 */
@Injectable()
export class AgentNotifier {
  constructor(private readonly sockets: SocketEmitter) {}

  async notify(agentId: string, type: string, payload: unknown): Promise<void> {
    // As JSON: what the desk gets is exactly what it got before (dates as ISO strings).
    const json = JSON.parse(JSON.stringify(payload ?? null)) as unknown;
    await this.sockets.send((emitter) => {
      emitter.of(DESK_NAMESPACE).to(deskRoom(agentId)).emit(type, json);
      // The wallboards see every state change of the campaign's agents as it happens.
      const campaignId = type === 'state' ? (payload as { campaignId?: string | null } | null)?.campaignId : null;
      if (campaignId) emitter.of(FLOOR_NAMESPACE).to([floorRoom(campaignId), FLOOR_ROOM]).emit('agent', json);
    });
  }
}
