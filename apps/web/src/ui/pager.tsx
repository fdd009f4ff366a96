import { useTranslation } from 'react-i18next';

/** Server-side paging by offset: previous / next and the rows shown ("Rows 101–200 of 5,310"). */
export function Pager({
  offset,
  limit,
  shown,
  total,
  onChange,
}: {
  offset: number;
  limit: number;
  /** Rows on this page. */
  shown: number;
  /** All rows, when the api counts them. */
  total?: number;
  onChange: (offset: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => n.toLocaleString(i18n.resolvedLanguage);
  const range = { from: number(shown === 0 ? 0 : offset + 1), to: number(offset + shown) };
  const hasNext = total !== undefined ? offset + shown < total : shown === limit;
  return (
    <nav className="pager" aria-label={t('common.pageOf', range)}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('common.previous')}
      </button>
      <span>{total !== undefined ? t('common.pageOfTotal', { ...range, total: number(total) }) : t('common.pageOf', range)}</span>
      <button type="button" disabled={!hasNext} onClick={() => onChange(offset + limit)}>
        {t('common.next')}
      </button>
    </nav>
  );
}
