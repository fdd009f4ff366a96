import { useLayoutEffect } from 'react';

/**
 * The screen pop's budget — on screen within 100 ms of its socket message —
 * kept with the User Timing API: a `screen-pop` measure per call, from the
 * message to the frame that paints it, which the browser's performance panel
 * and `npm run bench:screen-pop` read.
 */
export const SCREEN_POP_MEASURE = 'screen-pop';

const receivedMark = (attemptId: string) => `screen-pop-received:${attemptId}`;

/** The socket brought a new call's screen pop. */
export function screenPopReceived(attemptId: string): void {
  performance.mark(receivedMark(attemptId));
}

/** Measures the pop of `attemptId` once painted: the frame after its commit, then the task after that frame. */
export function useScreenPopPainted(attemptId: string): void {
  useLayoutEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        const mark = receivedMark(attemptId);
        // A pop restored after a reload has no message of this page: nothing to measure.
        if (performance.getEntriesByName(mark, 'mark').length === 0) return;
        performance.measure(SCREEN_POP_MEASURE, { start: mark, detail: { attemptId } });
        performance.clearMarks(mark);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [attemptId]);
}
