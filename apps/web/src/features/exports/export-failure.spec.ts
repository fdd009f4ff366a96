import { initI18n } from '../../app/i18n';
import { exportFailureText } from './export-failure';

const t = (language: 'ja' | 'en') => initI18n(language).t;
const ATTEMPTS = { error: 'The export stopped after 3 attempts: ENOSPC', errorCode: 'EXPORT_ATTEMPTS_FAILED' as const };

describe('exportFailureText', () => {
  it('words the attempts made in Japanese when the api gives them', () => {
    expect(exportFailureText(t('ja'), { ...ATTEMPTS, errorParams: { attempts: 3 } })).toBe('3 回試みましたが作成できませんでした。もう一度エクスポートしてください。');
  });

  it.each([null, {}])('words a failure stored before the upgrade (errorParams %p) without the figure, never a raw {{…}}', (errorParams) => {
    const text = exportFailureText(t('ja'), { ...ATTEMPTS, errorParams });
    expect(text).toBe('何度か試みましたが作成できませんでした。もう一度エクスポートしてください。');
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it('keeps the api’s sentence in English, and for a code it does not know', () => {
    expect(exportFailureText(t('en'), { ...ATTEMPTS, errorParams: null })).toBe(ATTEMPTS.error);
    expect(exportFailureText(t('ja'), { error: 'Something new', errorCode: 'EXPORT_SOMETHING_NEW' as never, errorParams: null })).toBe('Something new');
  });
});
