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

  it('keep the figures of a readiness issue in Japanese (the limit, the hours, the count)', () => {
    const problems: Issue[] = [
      {
        field: 'lists',
        code: 'OUTSIDE_LAWFUL_HOURS',
        message: "mon: US calls must stay within 08:00–21:00 in the callee's local time",
        params: { day: 'mon', profile: 'US', start: '08:00', end: '21:00' },
      },
    ];
    const warnings: Issue[] = [
      { field: 'lists', code: 'PREDICTIVE_FEW_AGENTS', message: 'Predictive pacing with fewer than 10 agents performs poorly (4 logged in)', params: { min: 10, agents: 4 } },
      // Without its figures (an older api), the sentence without them.
      { field: 'lists', code: 'CPS_ABOVE_ACCOUNT', message: 'The Twilio account allows 5 calls/s; the campaign will get no more' },
    ];
    const ringTooShort = new ApiError(422, 'CAMPAIGN_NOT_READY', 'The campaign cannot dial yet: Ring at least 15 s before giving up (US rule)', [
      { field: CALLBACK, messages: ['Ring at least 15 s before giving up (US rule)'], rules: ['RING_TOO_SHORT'], params: [{ seconds: 15, profile: 'US' }] },
    ]);
    renderForm('ja', { problems, warnings, error: ringTooShort });
    expect(screen.getByText('月曜日の架電時間帯が、架電先の現地時間で認められた時間（US: 08:00–21:00）の外にあります。')).toBeTruthy();
    expect(screen.getByText('ログイン中のオペレーターが 4 人（10 人未満）のため、予測発信の効果が出ません。プログレッシブ発信をおすすめします。')).toBeTruthy();
    expect(screen.getByText('毎秒の発信数が Twilio アカウントの上限を超えています。上限までしか発信しません。')).toBeTruthy();
    expect(screen.getByText('呼び出し時間が短すぎます。US の規制により 15 秒以上にしてください。')).toBeTruthy();
    expect(screen.queryByText(/must stay|Predictive|Ring at least/)).toBeNull();
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
