import './testing/text-encoder';
import { screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { renderIn } from './testing/render-in';

const mockSession = { session: { accessToken: 't', user: { role: 'agent', displayName: 'Ann' } } };
jest.mock('./session', () => ({ useSession: () => mockSession, SessionProvider: ({ children }: { children: unknown }) => children }));
import { RequireSession } from './app';

describe('a page a role may not open', () => {
  it.each([
    ['ja', 'agent', 'このページはあなたのロール（オペレーター）では開けません。'],
    ['ja', 'compliance', 'このページはあなたのロール（コンプライアンス担当）では開けません。'],
    ['en', 'manager', 'This page is not open to your role (Manager).'],
  ] as const)('says so in %s naming the role in words (%s), not its code', (language, role, text) => {
    mockSession.session.user.role = role;
    renderIn(
      language,
      <MemoryRouter>
        <RequireSession roles={['admin']}>secret</RequireSession>
      </MemoryRouter>,
    );
    expect(screen.getByRole('main').textContent).toBe(text);
  });
});
