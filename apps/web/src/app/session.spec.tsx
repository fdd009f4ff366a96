import { act, render } from '@testing-library/react';
import { useEffect } from 'react';
import { callMemory } from '../features/agent-desk/call-memory';
import { SessionProvider, useSession } from './session';

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
});
