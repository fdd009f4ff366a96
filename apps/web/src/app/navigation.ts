/**
 * The sections of the web app, who may open each (as the api's route guards
 * allow), and where each lives. The shell's menu and the router both read this.
 * A new top-level path prefix must also match WEB_APP_ROUTES in apps/api/src/web/web-assets.ts.
 */
export const SECTIONS = [
  { key: 'desk', path: '/desk', roles: ['agent'] },
  { key: 'wallboard', path: '/console/wallboard', roles: ['manager', 'admin'] },
  { key: 'lists', path: '/console/lists', roles: ['manager', 'admin'] },
  { key: 'campaigns', path: '/console/campaigns', roles: ['manager', 'admin'] },
  { key: 'users', path: '/console/users', roles: ['admin'] },
  // The call-results export holds every callee's personal data: compliance's; managers get the reports.
  { key: 'exports', path: '/compliance/exports', roles: ['compliance', 'admin'] },
  { key: 'reports', path: '/compliance/reports', roles: ['compliance', 'admin', 'manager'] },
  { key: 'dnc', path: '/compliance/dnc', roles: ['compliance', 'admin'] },
  { key: 'consents', path: '/compliance/consents', roles: ['compliance', 'admin'] },
  { key: 'audit', path: '/compliance/audit', roles: ['compliance', 'admin'] },
  { key: 'subjects', path: '/compliance/subjects', roles: ['compliance', 'admin'] },
] as const satisfies readonly { key: string; path: string; roles: readonly string[] }[];

export type Section = (typeof SECTIONS)[number];
export type SectionKey = Section['key'];

/** The sections a role may open, in menu order. */
export function sectionsFor(role: string): Section[] {
  return SECTIONS.filter((section) => (section.roles as readonly string[]).includes(role));
}

/** Where a user lands after signing in: the first section of their role. */
export function homeFor(role: string): string {
  return sectionsFor(role)[0]?.path ?? '/login';
}
