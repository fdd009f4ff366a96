import type { DeskScreenPop } from '@dialer/desk-events';
import { callMemory, emptyDraft } from './call-memory';

const call = (attemptId: string) => ({
  pop: { attemptId } as DeskScreenPop,
  ended: false,
  startedAtMs: 1,
  endedAtMs: null,
  disclosure: { items: [], confirmedAt: null },
  savedCode: null,
});

describe('callMemory', () => {
  beforeEach(() => sessionStorage.clear());

  it('gives the kept call back to its user only, and forgets it and its draft for anyone else', () => {
    callMemory.save('agent-1', call('attempt-1'));
    callMemory.saveDraft('attempt-1', { ...emptyDraft(), notes: 'lives at 1-2-3' });
    expect(callMemory.load('agent-1')?.pop.attemptId).toBe('attempt-1');
    expect(callMemory.load('agent-2')).toBeNull();
    expect(callMemory.load('agent-1')).toBeNull();
    expect(callMemory.loadDraft('attempt-1').notes).toBe('');
  });

  it('forgets the call and every draft (signing out), and nothing else of the tab', () => {
    sessionStorage.setItem('other.feature', 'kept');
    callMemory.save('agent-1', call('attempt-1'));
    callMemory.saveDraft('attempt-0', { ...emptyDraft(), notes: 'earlier call' });
    callMemory.forget();
    expect(callMemory.load('agent-1')).toBeNull();
    expect(callMemory.loadDraft('attempt-0').notes).toBe('');
    expect(sessionStorage.getItem('other.feature')).toBe('kept');
  });
});
