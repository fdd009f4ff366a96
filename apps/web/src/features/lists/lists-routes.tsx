import { Route, Routes } from 'react-router';
import { LeadPage } from './lead-page';
import { ListPage } from './list-page';
import { ListsPage } from './lists-page';

/** Lists, uploads and imports, lead search: /console/lists, /console/lists/:listId, /console/lists/leads/:leadId. */
export function ListsRoutes() {
  return (
    <Routes>
      <Route index element={<ListsPage />} />
      <Route path="leads/:leadId" element={<LeadPage />} />
      <Route path=":listId" element={<ListPage />} />
    </Routes>
  );
}
