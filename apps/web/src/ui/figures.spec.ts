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

describe('ruleText (calling hours)', () => {
  it('names the day of an empty window, in Japanese', () => {
    expect(ruleText('EMPTY_WINDOW', 'tue: 18:00 is not before 09:00', 'ja', { day: 'tue', start: '18:00', end: '09:00' })).toBe(
      '火曜日の架電時間帯の開始（18:00）が終了（09:00）より前になっていません。',
    );
  });

  it('words it without the figures when the day is not one it knows', () => {
    expect(ruleText('EMPTY_WINDOW', 'x', 'ja', { day: 'holiday', start: '18:00', end: '09:00' })).toBe('架電時間帯の開始が終了より前になっていません。');
  });
});
