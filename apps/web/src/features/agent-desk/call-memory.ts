import type { DeskScreenPop } from '@dialer/desk-events';

/**
 * What the desk must not lose on a reload or a dropped socket: the call's
 * screen pop, whether it ended, and the disposition form's draft — kept in
 * sessionStorage (this tab only, gone when the tab closes), for the user whose
 * call it is: another who signs in on the tab finds nothing, and signing out forgets it.
 */
export interface CallMemory {
  pop: DeskScreenPop;
  ended: boolean;
  /** When the call began (epoch ms, the server's on_call since; until known, the pop's arrival): the call timer. */
  startedAtMs: number;
  /** When the call ended (epoch ms). */
  endedAtMs: number | null;
  /** The JP identity disclosure, confirmed item by item. */
  disclosure: { items: string[]; confirmedAt: string | null };
  /** The outcome, saved while the callee was still on the line: the call stays on screen until it ends. */
  savedCode: string | null;
}

export interface DispositionDraft {
  code: string | null;
  data: Record<string, string>;
  answers: Record<string, string>;
  callbackAt: string;
  personalCallback: boolean;
  notes: string;
}

const PREFIX = 'dialer.desk.';
const CALL_KEY = `${PREFIX}call`;
const draftKey = (attemptId: string) => `${PREFIX}draft.${attemptId}`;

export const emptyDraft = (): DispositionDraft => ({ code: null, data: {}, answers: {}, callbackAt: '', personalCallback: false, notes: '' });

function read<T>(key: string): T | null {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

/** The call and every draft, gone (sign-out, or another user on the tab). */
function forget(): void {
  const keys = Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i)).filter((key) => key?.startsWith(PREFIX));
  for (const key of keys) sessionStorage.removeItem(key!);
}

export const callMemory = {
  /** This user's call; another user's is forgotten, drafts and all. */
  load(userId: string): CallMemory | null {
    const kept = read<{ userId: string; call: CallMemory }>(CALL_KEY);
    if (kept && kept.userId !== userId) forget();
    return kept?.userId === userId ? kept.call : null;
  },
  save: (userId: string, call: CallMemory | null) => (call ? sessionStorage.setItem(CALL_KEY, JSON.stringify({ userId, call })) : sessionStorage.removeItem(CALL_KEY)),
  forget,
  loadDraft: (attemptId: string): DispositionDraft => ({ ...emptyDraft(), ...(read<DispositionDraft>(draftKey(attemptId)) ?? {}) }),
  saveDraft: (attemptId: string, draft: DispositionDraft) => sessionStorage.setItem(draftKey(attemptId), JSON.stringify(draft)),
  clearDraft: (attemptId: string) => sessionStorage.removeItem(draftKey(attemptId)),
};
