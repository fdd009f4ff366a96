import { act, render } from '@testing-library/react';
import { useEffect } from 'react';
import { callMemory } from '../features/agent-desk/call-memory';
import { SessionProvider, useSession } from './session';
import { browserClockAhead, browserClockReset, SERVER_NOW } from './testing/browser-clock';

const DAY_MS = 24 * 3_600_000;

/** Renders a provider and reports who it says is signed in. */
function signedIn(): () => unknown {
  let current: unknown = undefined;
  function Probe() {
    current = useSession().session;
    return null;
  }
  render(
    <SessionProvider baseUrl="http://localhost">
      <Probe />
    </SessionProvider>,
  );
  return () => current;
}

describe('SessionProvider', () => {
  it("forgets the desk's kept call and drafts when the user signs out", () => {
    sessionStorage.setItem('dialer.desk.call', JSON.stringify({ userId: 'agent-1', call: {} }));
    sessionStorage.setItem('dialer.desk.draft.attempt-1', JSON.stringify({ notes: 'lives at 1-2-3' }));
    let signOut!: () => void;
    function Probe() {
      const session = useSession();
      useEffect(() => void (signOut = session.signOut));
      return null;
    }
    render(
      <SessionProvider baseUrl="http://localhost">
        <Probe />
      </SessionProvider>,
    );
    act(() => signOut());
    expect(callMemory.load('agent-1')).toBeNull();
    expect(sessionStorage.getItem('dialer.desk.draft.attempt-1')).toBeNull();
  });

  it('signs this tab out when another tab of the browser signs out, forgetting the kept call', () => {
    const session = { accessToken: 'token-1', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: { userId: 'agent-1' } };
    localStorage.setItem('dialer.session', JSON.stringify(session));
    sessionStorage.setItem('dialer.desk.call', JSON.stringify({ userId: 'agent-1', call: {} }));
    let current: unknown = undefined;
    function Probe() {
      const { session: signedIn } = useSession();
      current = signedIn;
      return null;
    }
    render(
      <SessionProvider baseUrl="http://localhost">
        <Probe />
      </SessionProvider>,
    );
    expect(current).toMatchObject({ accessToken: 'token-1' });
    act(() => {
      localStorage.removeItem('dialer.session'); // what the other tab's sign-out does; this tab hears it as a storage event
      window.dispatchEvent(new StorageEvent('storage', { key: 'dialer.session', newValue: null }));
    });
    expect(current).toBeNull();
    expect(callMemory.load('agent-1')).toBeNull();
  });

  describe('on a browser whose clock is a day fast', () => {
    afterEach(() => {
      browserClockReset();
      localStorage.clear();
    });

    const stored = (clockSkewMs?: number) =>
      localStorage.setItem(
        'dialer.session',
        JSON.stringify({ accessToken: 'token-1', expiresAt: new Date(SERVER_NOW + 3_600_000).toISOString(), user: { userId: 'agent-1' }, clockSkewMs }),
      );

    it('keeps the sign-in for as long as the server grants it, counted on the server clock, then ends it', () => {
      browserClockAhead(DAY_MS);
      stored();
      const session = signedIn();
      expect(session()).toMatchObject({ accessToken: 'token-1' });
      act(() => void jest.advanceTimersByTime(3_599_000));
      expect(session()).not.toBeNull();
      act(() => void jest.advanceTimersByTime(2_000));
      expect(session()).toBeNull();
    });

    it('keeps it across a reload, before the server clock is heard again, by the skew seen at sign-in', () => {
      jest.useFakeTimers({ now: SERVER_NOW + DAY_MS }); // nothing measured yet: a fresh page
      stored(-DAY_MS);
      expect(signedIn()()).toMatchObject({ accessToken: 'token-1' });
    });
  });
});
