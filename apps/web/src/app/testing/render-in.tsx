import { render, RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { initI18n, Language } from '../i18n';

/** Renders a component with the app's real strings in one language (component specs). */
export function renderIn(language: Language, element: ReactElement): RenderResult {
  return render(<I18nextProvider i18n={initI18n(language)}>{element}</I18nextProvider>);
}
