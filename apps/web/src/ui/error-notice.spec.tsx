import { screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { renderIn } from '../app/testing/render-in';
import { ErrorNotice } from './error-notice';

const refused = (field: string, rule: string, message: string) =>
  new ApiError(400, 'VALIDATION_FAILED', `${field}: ${message}`, [{ field, messages: [message], rules: [rule] }]);

describe('ErrorNotice: a refused field no control shows', () => {
  it('names it by its Japanese label, never by the api’s English name', () => {
    renderIn('ja', <ErrorNotice error={refused('country', 'UNKNOWN_COUNTRY', 'XX is not a country we know numbers of')} />);
    const item = screen.getByRole('listitem');
    expect(item.textContent).toBe('国: 国コードとして認識できません。ISO の 2 文字のコード（例: JP、US、GB）で入力してください。');
  });

  it('gives the Japanese message alone for a field without a label', () => {
    renderIn('ja', <ErrorNotice error={refused('limit', 'max', 'limit must not be greater than 500')} />);
    expect(screen.getByRole('listitem').textContent).toBe('値が大きすぎます。');
  });

  it('names it in English by its label, or as the api does', () => {
    renderIn('en', <ErrorNotice error={refused('country', 'UNKNOWN_COUNTRY', 'XX is not a country we know numbers of')} />);
    expect(screen.getByRole('listitem').textContent).toBe('Country: XX is not a country we know numbers of');
  });
});
