import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { ReactNode, Suspense, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AgentDeskPage } from '../features/agent-desk/agent-desk-page';
import { LoginPage } from './login-page';
import { homeFor, SECTIONS } from './navigation';
import { SECTION_PAGES } from './section-pages';
import { SessionProvider, useSession } from './session';
import { Shell } from './shell';

/**
 * The single-page app's routes. The api serves index.html for these paths
 * (apps/api/src/web/web-assets.ts, WEB_APP_ROUTES): a new top-level section is added in both.
 */
export function RequireSession({ roles, children }: { roles?: readonly string[]; children: ReactNode }) {
  const { session } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  // The page asked for is kept, so signing in (again, after a session ran out) returns to it.
  if (!session) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  if (roles && !roles.includes(session.user.role)) {
    return (
      <main id="main" className="notice">
        {t('app.noPageForRole', { role: t(`common.roles.${session.user.role}`, { defaultValue: session.user.role }) })}
      </main>
    );
  }
  return <>{children}</>;
}

function Home() {
  const { session } = useSession();
  return <Navigate to={session ? homeFor(session.user.role) : '/login'} replace />;
}

function Loading() {
  const { t } = useTranslation();
  return (
    <main id="main" className="notice" role="status">
      {t('common.loading')}
    </main>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <main id="main" className="notice">
      {t('app.notFound')}
    </main>
  );
}

export function App({ i18n }: { i18n: I18n }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <BrowserRouter>
            <Shell>
              <Routes>
                <Route path="/" element={<Home />} />
                <Route path="/login" element={<LoginPage />} />
                <Route
                  path="/desk/*"
                  element={
                    <RequireSession roles={['agent']}>
                      <AgentDeskPage />
                    </RequireSession>
                  }
                />
                {SECTIONS.filter((section) => section.key !== 'desk').map((section) => {
                  const SectionPage = SECTION_PAGES[section.key as keyof typeof SECTION_PAGES];
                  return (
                    <Route
                      key={section.key}
                      path={`${section.path}/*`}
                      element={
                        <RequireSession roles={section.roles}>
                          <Suspense fallback={<Loading />}>
                            <SectionPage />
                          </Suspense>
                        </RequireSession>
                      }
                    />
                  );
                })}
                <Route path="*" element={<NotFound />} />
              </Routes>
            </Shell>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
