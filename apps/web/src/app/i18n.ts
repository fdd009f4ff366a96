import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { ja } from './locales/ja';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Japanese and English; the browser's language first, the user's choice remembered. */
export function initI18n(lng?: Language) {
  const instance = i18next.createInstance();
  void instance
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: { en: { translation: en }, ja: { translation: ja } },
      lng,
      supportedLngs: LANGUAGES,
      nonExplicitSupportedLngs: true,
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      detection: { order: ['localStorage', 'navigator'], caches: ['localStorage'], lookupLocalStorage: 'dialer.lang' },
      initAsync: false,
      showSupportNotice: false,
    });
  instance.on('languageChanged', (language) => document.documentElement.setAttribute('lang', language));
  document.documentElement.setAttribute('lang', instance.resolvedLanguage ?? 'en');
  return instance;
}
