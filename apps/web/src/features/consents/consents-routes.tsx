import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { ConsentsPage } from './consents-page';
import { RevocationReportPage } from './revocation-report-page';

// The import wizard is its own chunk: the ledger does not load the upload preview.
const ConsentImportPage = lazy(() => import('./consent-import-page').then((m) => ({ default: m.ConsentImportPage })));

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/** Consents: the ledger of a number (search, record, revoke), the revocation lag report, the import. */
export function ConsentsRoutes() {
  return (
    <Routes>
      <Route index element={<ConsentsPage />} />
      <Route path="revocations" element={<RevocationReportPage />} />
      <Route
        path="import"
        element={
          <Suspense fallback={<Loading />}>
            <ConsentImportPage />
          </Suspense>
        }
      />
    </Routes>
  );
}
