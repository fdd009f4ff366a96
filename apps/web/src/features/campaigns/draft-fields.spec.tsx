import { screen } from '@testing-library/react';
import { ApiError } from '../../api/client';
import { renderIn } from '../../app/testing/render-in';
import { Language } from '../../app/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import type { Issue } from './campaign-types';
import { DraftContext, DraftState, FieldNotes, TextField } from './draft-fields';

const CALLBACK = 'settings.abandon.message.callbackNumber';
const refused = () =>
  new ApiError(400, 'VALIDATION_FAILED', `${CALLBACK}: callbackNumber must be an E.164 phone number`, [
    { field: CALLBACK, messages: ['callbackNumber must be an E.164 phone number'], rules: ['isPhoneNumber'] },
  ]);

function renderForm(language: Language, state: Partial<DraftState>) {
  const value: DraftState = { draft: {}, set: jest.fn(), ...state };
  return renderIn(
    language,
    <DraftContext.Provider value={value}>
      <form aria-label="settings">
        <FieldNotes field="lists" />
        <TextField path="pacing.note" label="A field before" />
        <TextField path="abandon.message.callbackNumber" label="Callback number" />
        <ErrorNotice error={state.error} />
      </form>
    </DraftContext.Provider>,
  );
}

describe('the campaign settings fields', () => {
  it('word readiness issues and refusals in Japanese by their code and rule', () => {
    const problems: Issue[] = [{ field: 'lists', code: 'NO_LISTS', message: 'Attach at least one lead list' }];
    const warnings: Issue[] = [{ field: 'lists', code: 'NO_AGENTS', message: 'No agent is logged in: nothing will be dialed until one is ready' }];
    renderForm('ja', { problems, warnings, error: refused() });
    expect(screen.getByText('リストを 1 つ以上割り当ててください。')).toBeTruthy();
    expect(screen.getByText(/ログイン中のオペレーターがいません/)).toBeTruthy();
    expect(screen.getByText('電話番号は E.164 形式（例: +81312345678）で入力してください。')).toBeTruthy();
    expect(screen.queryByText(/Attach|No agent|callbackNumber/)).toBeNull();
  });

  it('mark the refused field and move focus to it, saying the refusal once, without its path', () => {
    renderForm('en', { error: refused() });
    const field = screen.getByRole('textbox', { name: 'Callback number' });
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent).toBe('callbackNumber must be an E.164 phone number');
    expect(document.activeElement).toBe(field);
    expect(screen.getAllByText(/must be an E\.164 phone number/)).toHaveLength(1);
    expect(screen.queryByText(new RegExp(CALLBACK.replace(/\./g, '\\.')))).toBeNull();
    expect(screen.getByRole('textbox', { name: 'A field before' }).getAttribute('aria-invalid')).toBeNull();
  });
});
