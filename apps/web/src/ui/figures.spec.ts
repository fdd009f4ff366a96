import i18next from 'i18next';
import { ruleText } from './field-errors';
import { sentenceWithFigures, withFigures } from './figures';

describe('withFigures', () => {
  it('fills every figure, or gives nothing when one is missing or null', () => {
    expect(withFigures('{{a}} of {{b}}', { a: 1, b: 2 })).toBe('1 of 2');
    expect(withFigures('{{a}} of {{b}}', { a: 1 })).toBeUndefined();
    expect(withFigures('{{a}} of {{b}}', { a: 1, b: null })).toBeUndefined();
    expect(withFigures('{{a}}', null)).toBeUndefined();
  });
});

describe('sentenceWithFigures', () => {
  const i18n = i18next.createInstance();
  void i18n.init({
    lng: 'ja',
    initAsync: false,
    showSupportNotice: false,
    interpolation: { escapeValue: false },
    resources: { ja: { translation: { figured: { FAILED: '{{attempts}} 回試みました' }, plain: { FAILED: '何度か試みました' } } } },
  });
  const keys = ['figured.FAILED', 'plain.FAILED'];

  it('takes the first sentence whose figures are all given, else the next, else the fallback', () => {
    expect(sentenceWithFigures(i18n.t, keys, { attempts: 2 }, 'x')).toBe('2 回試みました');
    expect(sentenceWithFigures(i18n.t, keys, { attempts: null }, 'x')).toBe('何度か試みました');
    expect(sentenceWithFigures(i18n.t, keys, null, 'x')).toBe('何度か試みました');
    expect(sentenceWithFigures(i18n.t, ['figured.NO_SUCH_CODE'], {}, 'the api’s words')).toBe('the api’s words');
  });
});

describe('ruleText (readiness)', () => {
  it('falls back to the sentence without figures when a figure is missing', () => {
    expect(ruleText('RING_TOO_SHORT', 'Ring at least 15 s', 'ja', { profile: 'US' })).toBe('呼び出し時間が短すぎます。適用される規制の最短時間以上にしてください。');
  });
});
