import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { DncPage } from './dnc-page';

// The import wizard is its own chunk: the list page does not load the upload preview.
const DncImportPage = lazy(() => import('./dnc-import-page').then((m) => ({ default: m.DncImportPage })));

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/** The do-not-call section: the list (search, add, remove, export) and the import of a list or registry extract. */
export function DncRoutes() {
  return (
    <Routes>
      <Route index element={<DncPage />} />
      <Route
        path="import"
        element={
          <Suspense fallback={<Loading />}>
            <DncImportPage />
          </Suspense>
        }
      />
    </Routes>
  );
}
