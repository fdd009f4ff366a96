import { campaignLocaleOf } from './campaign-locale';

describe('campaignLocaleOf', () => {
  it('asks for Japanese outcome labels from a Japanese page, English from any other', () => {
    expect(campaignLocaleOf('ja')).toBe('ja');
    expect(campaignLocaleOf('ja-JP')).toBe('ja');
    expect(campaignLocaleOf('en')).toBe('en');
    expect(campaignLocaleOf('fr')).toBe('en');
    expect(campaignLocaleOf(undefined)).toBe('en');
  });
});
