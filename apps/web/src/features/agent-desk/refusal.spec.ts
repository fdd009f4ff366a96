import { ApiError } from '../../api/client';
import { initI18n } from '../../app/i18n';
import { refusalText } from './refusal';

describe('refusalText', () => {
  const dnc = new ApiError(422, 'LEAD_NOT_DIALABLE', 'Not dialable now: +14155550000 is on a do-not-call list', [], { reasonCode: 'ON_DNC', retryAt: null });

  it('says a gate’s refusal in the agent’s language, from its stable code', () => {
    expect(refusalText(dnc, initI18n('ja').t, 'ja')).toBe('この番号は発信禁止リスト（DNC）に登録されています。');
    expect(refusalText(dnc, initI18n('en').t, 'en')).toBe('The number is on a do-not-call list.');
  });

  it('adds when the lead could be dialed, and falls back to the error’s own code', () => {
    const closed = new ApiError(422, 'LEAD_NOT_DIALABLE', 'Not dialable now: outside calling hours', [], { reasonCode: 'OUTSIDE_CALLING_HOURS', retryAt: '2026-12-07T14:00:00.000Z' });
    expect(refusalText(closed, initI18n('en').t, 'en')).toMatch(/^It is outside the callee’s calling hours\. \(possible from .+\)$/);
    expect(refusalText(new ApiError(409, 'AGENT_NOT_READY', 'Be ready in a campaign to dial'), initI18n('ja').t, 'ja')).toBe('発信するにはキャンペーンで待機中になってください。');
  });

  it('keeps the server’s sentence for a code it has no words for', () => {
    const unknown = new ApiError(422, 'LEAD_NOT_DIALABLE', 'Not dialable now: a new rule', [], { reasonCode: 'A_NEW_GATE' });
    expect(refusalText(unknown, initI18n('ja').t, 'ja')).toBe('Not dialable now: a new rule');
    expect(refusalText(new Error('offline'), initI18n('en').t, 'en')).toBe('offline');
  });
});
