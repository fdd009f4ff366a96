import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './error-notice';

/**
 * The designed states of data loaded from the api: loading, the error with a
 * retry, empty (when `isEmpty` says so), else the content.
 */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <p className="muted" role="status">{t('common.loading')}</p>;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <p className="empty">{empty ?? t('common.empty')}</p>;
  return <>{children(query.data)}</>;
}
