import type Redis from 'ioredis';
import type { AppConfig } from '@dialer/core';
import { SocketEmitter } from './socket-emitter';

describe('SocketEmitter', () => {
  const config = { redis: { queuePrefix: 'test' } } as AppConfig;

  it('fails when Redis refuses any publish of a send, not only the last, and leaves none unhandled', async () => {
    // Redis away for the first namespace's message (as a send to /agents then /floor): the second is taken.
    const refused = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    const publish = jest.fn().mockRejectedValueOnce(refused).mockResolvedValue(1);
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const emitter = new SocketEmitter({ publish } as unknown as Redis, config);
      const sent = emitter.send((e) => {
        e.of('/agents').serverSideEmit('recheck_sign_in', 'u1');
        e.of('/floor').serverSideEmit('recheck_sign_in', 'u1');
      });
      await expect(sent).rejects.toBe(refused);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(publish).toHaveBeenCalledTimes(2);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
