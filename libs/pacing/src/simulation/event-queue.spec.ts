import fc from 'fast-check';
import { EventQueue } from './event-queue';

describe('EventQueue', () => {
  it('pops in time order, ties in insertion order, however pushes and pops interleave', () => {
    const step = fc.oneof(fc.integer({ min: 0, max: 50 }).map((time) => ({ push: time })), fc.constant({ push: -1 }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 3000 }), (steps) => {
        const queue = new EventQueue();
        const model: { time: number; id: number }[] = [];
        let id = 0;
        let floor = 0;
        for (const { push } of steps) {
          if (push >= 0) {
            // Events are never scheduled in the past, as in the simulator.
            queue.push(floor + push, 0, id);
            model.push({ time: floor + push, id: id++ });
            continue;
          }
          if (!queue.pop()) {
            expect(model).toHaveLength(0);
            continue;
          }
          model.sort((a, b) => a.time - b.time || a.id - b.id);
          const expected = model.shift();
          expect({ time: queue.time, id: queue.id }).toEqual(expected);
          floor = queue.time;
        }
        expect(queue.size).toBe(model.length);
      }),
    );
  });

  it('carries kind and generation with the event', () => {
    const queue = new EventQueue();
    queue.push(5, 3, 7, 11);
    queue.push(1, 2, 9, 4);
    expect(queue.pop()).toBe(true);
    expect([queue.time, queue.kind, queue.id, queue.generation]).toEqual([1, 2, 9, 4]);
    expect(queue.pop()).toBe(true);
    expect([queue.time, queue.kind, queue.id, queue.generation]).toEqual([5, 3, 7, 11]);
    expect(queue.pop()).toBe(false);
  });
});
