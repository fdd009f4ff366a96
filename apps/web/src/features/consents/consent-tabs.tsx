import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

/** The consent section's pages, as links (each its own address). */
export function ConsentTabs() {
  const { t } = useTranslation();
  return (
    <nav className="cx-tabs" aria-label={t('consents.tabs.label')}>
      <NavLink to="/compliance/consents" end>
        {t('consents.tabs.ledger')}
      </NavLink>
      <NavLink to="/compliance/consents/revocations">{t('consents.tabs.report')}</NavLink>
      <NavLink to="/compliance/consents/import">{t('consents.tabs.import')}</NavLink>
    </nav>
  );
}
