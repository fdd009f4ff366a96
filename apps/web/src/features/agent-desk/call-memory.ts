import type { DeskScreenPop } from '@dialer/desk-events';

/**
 * What the desk must not lose on a reload or a dropped socket: the call's
 * screen pop, whether it ended, and the disposition form's draft — kept in
 * sessionStorage (this tab only, gone when the tab closes).
 */
export interface CallMemory {
  pop: DeskScreenPop;
  ended: boolean;
  /** When the screen pop arrived (epoch ms): the call timer. */
  startedAtMs: number;
  /** When the call ended (epoch ms). */
  endedAtMs: number | null;
  /** The JP identity disclosure, confirmed item by item. */
  disclosure: { items: string[]; confirmedAt: string | null };
}

export interface DispositionDraft {
  code: string | null;
  data: Record<string, string>;
  answers: Record<string, string>;
  callbackAt: string;
  personalCallback: boolean;
  notes: string;
}

const CALL_KEY = 'dialer.desk.call';
const draftKey = (attemptId: string) => `dialer.desk.draft.${attemptId}`;

export const emptyDraft = (): DispositionDraft => ({ code: null, data: {}, answers: {}, callbackAt: '', personalCallback: false, notes: '' });

function read<T>(key: string): T | null {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

export const callMemory = {
  load: (): CallMemory | null => read<CallMemory>(CALL_KEY),
  save: (memory: CallMemory | null) => (memory ? sessionStorage.setItem(CALL_KEY, JSON.stringify(memory)) : sessionStorage.removeItem(CALL_KEY)),
  loadDraft: (attemptId: string): DispositionDraft => ({ ...emptyDraft(), ...(read<DispositionDraft>(draftKey(attemptId)) ?? {}) }),
  saveDraft: (attemptId: string, draft: DispositionDraft) => sessionStorage.setItem(draftKey(attemptId), JSON.stringify(draft)),
  clearDraft: (attemptId: string) => sessionStorage.removeItem(draftKey(attemptId)),
};
