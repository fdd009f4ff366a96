import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** Wrong credentials in the user's language (the api's 401 text is English); anything else names the api's reason. */
export function loginFailureMessage(t: TFunction, failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 401) return t('login.wrongCredentials');
  return t('login.failed', { message: (failure as Error).message });
}
