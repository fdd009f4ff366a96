import { ComponentType, lazy, LazyExoticComponent } from 'react';
import type { SectionKey } from './navigation';

/**
 * Each console and compliance section's page, loaded on first visit so the
 * agent desk's initial JavaScript stays small (the charts alone would double it).
 */
export const SECTION_PAGES: Record<Exclude<SectionKey, 'desk'>, LazyExoticComponent<ComponentType>> = {
  wallboard: lazy(() => import('../features/wallboard/wallboard-page').then((m) => ({ default: m.WallboardPage }))),
  lists: lazy(() => import('../features/lists/lists-routes').then((m) => ({ default: m.ListsRoutes }))),
  campaigns: lazy(() => import('../features/campaigns/campaigns-routes').then((m) => ({ default: m.CampaignsRoutes }))),
  users: lazy(() => import('../features/users/users-page').then((m) => ({ default: m.UsersPage }))),
  exports: lazy(() => import('../features/exports/exports-page').then((m) => ({ default: m.ExportsPage }))),
  reports: lazy(() => import('../features/reports/reports-page').then((m) => ({ default: m.ReportsPage }))),
  dnc: lazy(() => import('../features/dnc/dnc-routes').then((m) => ({ default: m.DncRoutes }))),
  consents: lazy(() => import('../features/consents/consents-routes').then((m) => ({ default: m.ConsentsRoutes }))),
  audit: lazy(() => import('../features/audit/audit-page').then((m) => ({ default: m.AuditPage }))),
  subjects: lazy(() => import('../features/subjects/subject-page').then((m) => ({ default: m.SubjectPage }))),
};
