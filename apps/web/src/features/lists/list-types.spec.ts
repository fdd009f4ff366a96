import { ApiError } from '../../api/client';
import { defaultCountryFor, isMissing, isRecordId } from './list-types';

describe('a list’s or lead’s address', () => {
  it('names a record only with a UUID, so /console/lists/not-a-uuid says there is no such list without asking the api', () => {
    expect(isRecordId('3e527e3c-fe37-461c-a543-2619a1bd0238')).toBe(true);
    for (const id of ['not-a-uuid', '', '%00', '3e527e3c-fe37-461c-a543-2619a1bd0238x', '../3e527e3c']) expect(isRecordId(id)).toBe(false);
  });

  it('is missing when the api answers 404, not when it fails otherwise (that keeps its retry)', () => {
    const id = '3e527e3c-fe37-461c-a543-2619a1bd0238';
    expect(isMissing(id, new ApiError(404, 'LIST_NOT_FOUND', 'Lead list does not exist'))).toBe(true);
    expect(isMissing(id, new ApiError(503, 'UNAVAILABLE', 'down'))).toBe(false);
    expect(isMissing(id, null)).toBe(false);
    expect(isMissing('not-a-uuid', null)).toBe(true);
  });
});

describe('a new list’s preset country', () => {
  it('follows the page’s language: JP for Japanese, US for English, not JP whatever the language', () => {
    expect(defaultCountryFor('ja')).toBe('JP');
    expect(defaultCountryFor('en')).toBe('US');
    expect(defaultCountryFor('en', ['en-US', 'ja'])).toBe('US');
  });

  it('takes the browser’s region when the browser speaks the page’s language with one, and none for a language it has no country for', () => {
    expect(defaultCountryFor('en', ['en-GB', 'en'])).toBe('GB');
    expect(defaultCountryFor('en', ['ja-JP', 'en'])).toBe('US');
    expect(defaultCountryFor('ja', ['ja-JP'])).toBe('JP');
    expect(defaultCountryFor('en', ['es-419', 'not a tag!'])).toBe('US');
    expect(defaultCountryFor('fr')).toBe('');
  });
});
