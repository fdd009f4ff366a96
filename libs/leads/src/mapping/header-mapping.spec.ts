import { headerKey, isKnownHeader, looksLikePhone, mappingProblems, suggestMapping } from './header-mapping';
import { chooseMapping, resolveMapping } from './mapping-resolution';

describe('suggestMapping', () => {
  it('recognises English CRM headers', () => {
    expect(
      suggestMapping(['First Name', 'Last Name', 'Phone', 'Mobile', 'Work Phone', 'Home Phone', 'E-Mail', 'Zip Code', 'State', 'Time Zone', 'Account #', 'Amount Due', 'Due Date', 'Notes']),
    ).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Phone: 'phone',
      Mobile: 'phone2',
      'Work Phone': 'phone3',
      'E-Mail': 'email',
      'Zip Code': 'postalCode',
      State: 'region',
      'Time Zone': 'timezone',
      'Account #': 'externalId',
      'Amount Due': 'amountDue',
      'Due Date': 'dueDate',
    });
  });

  it('recognises Japanese headers, full-width forms included', () => {
    expect(suggestMapping(['氏名', 'フリガナ', '電話番号', '携帯電話', 'メール', '郵便番号', '都道府県', '顧客番号', '請求金額', '支払期日'])).toEqual({
      氏名: 'fullName',
      フリガナ: 'nameKana',
      電話番号: 'phone',
      携帯電話: 'phone2',
      メール: 'email',
      郵便番号: 'postalCode',
      都道府県: 'region',
      顧客番号: 'externalId',
      請求金額: 'amountDue',
      支払期日: 'dueDate',
    });
    expect(suggestMapping(['姓', '名', 'ＴＥＬ', 'ﾌﾘｶﾞﾅ'])).toEqual({ 姓: 'lastName', 名: 'firstName', ＴＥＬ: 'phone', ﾌﾘｶﾞﾅ: 'nameKana' });
  });

  it('never takes a fax column, or a word that merely contains "tel", for a phone', () => {
    expect(suggestMapping(['FAX番号', 'Fax Phone', 'Hotel name', 'Tel.'])).toEqual({ 'Tel.': 'phone' });
  });

  it('keeps the first of two columns for the same field', () => {
    expect(suggestMapping(['Email', 'Mail'])).toEqual({ Email: 'email' });
  });

  it('without a header, maps the columns that hold numbers', () => {
    expect(suggestMapping(['column 1', 'column 2'], ['Tanaka', '090-1234-5678'])).toEqual({ 'column 2': 'phone' });
  });
});

describe('header helpers', () => {
  it('folds width, case and punctuation', () => {
    expect(headerKey('E-Mail Address')).toBe('emailaddress');
    expect(headerKey('ＰＨＯＮＥ　Ｎｏ．')).toBe('phoneno');
    expect(isKnownHeader('電話番号２')).toBe(true);
    expect(isKnownHeader('Favourite colour')).toBe(false);
  });

  it('tells a phone-like cell', () => {
    expect(looksLikePhone('+81 90-1234-5678')).toBe(true);
    expect(looksLikePhone('０９０－１２３４－５６７８')).toBe(true);
    expect(looksLikePhone('12345')).toBe(false);
    expect(looksLikePhone('Tanaka')).toBe(false);
  });
});

describe('explicit mappings', () => {
  it('names every problem', () => {
    expect(mappingProblems(['tel', 'name'], { tel: 'phone', name: 'nickname', other: 'phone' })).toEqual([
      expect.stringMatching(/^"nickname" is not a field \(fields: phone, phone2, phone3, firstName/),
      'column "other" is not in the file (its columns: tel, name)',
      'phone is mapped twice ("tel" and "other")',
    ]);
  });

  it('replaces the suggestion, and must still give a phone', () => {
    expect(resolveMapping(['tel', 'Phone'], { tel: 'phone' })).toEqual({ tel: 'phone' });
    expect(resolveMapping(['Phone', 'name'], undefined)).toEqual({ Phone: 'phone', name: 'fullName' });
    expect(() => resolveMapping(['name', 'city'], undefined)).toThrow(expect.objectContaining({ code: 'NO_PHONE_COLUMN' }));
    expect(() => resolveMapping(['tel', 'alt'], { alt: 'phone2' })).toThrow(expect.objectContaining({ code: 'NO_PHONE_COLUMN' }));
    expect(() => resolveMapping(['tel'], { tel: 'phone', x: 'email' })).toThrow(expect.objectContaining({ code: 'INVALID_MAPPING', kind: 'invalid' }));
  });

  it('refuses no phone column in words for the person choosing, naming the columns, not with a mapping to send', () => {
    let refused: unknown;
    try {
      resolveMapping(['氏名', 'Contact number'], undefined);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'NO_PHONE_COLUMN', details: { columns: ['氏名', 'Contact number'] } });
    const { message } = refused as Error;
    expect(message).toContain('氏名, Contact number');
    expect(message).toMatch(/Choose "Phone"/);
    expect(message).not.toMatch(/send a mapping|\{/);
  });

  it('chooses a mapping without a phone column for the preview to show, and still checks what was sent', () => {
    expect(chooseMapping(['氏名', 'Contact number'], undefined)).toEqual({ 氏名: 'fullName' });
    expect(chooseMapping(['氏名', 'Contact number'], { 'Contact number': 'phone' })).toEqual({ 'Contact number': 'phone' });
    expect(() => chooseMapping(['tel'], { x: 'phone' })).toThrow(expect.objectContaining({ code: 'INVALID_MAPPING' }));
  });
});

describe('mapping keys that are Object.prototype members', () => {
  const HOSTILE = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];

  it('maps a column named constructor, toString, hasOwnProperty or __proto__ like any other, and keeps every key', () => {
    // JSON.parse gives "__proto__" as an own key, as the api receives it.
    const explicit = JSON.parse('{"constructor":"phone","toString":"firstName","hasOwnProperty":"email","__proto__":"lastName"}') as Record<string, string>;
    const mapping = resolveMapping(HOSTILE, explicit);
    expect(Object.entries(mapping)).toEqual([
      ['constructor', 'phone'],
      ['toString', 'firstName'],
      ['hasOwnProperty', 'email'],
      ['__proto__', 'lastName'],
    ]);
    expect(Object.getPrototypeOf(mapping)).toBeNull();
  });

  it('names a hostile key that is not a column, or not a field', () => {
    for (const key of HOSTILE) {
      expect(() => resolveMapping(['phone'], JSON.parse(`{"phone":"phone",${JSON.stringify(key)}:"firstName"}`) as Record<string, string>)).toThrow(
        `column ${JSON.stringify(key)} is not in the file`,
      );
      expect(() => resolveMapping(['phone'], JSON.parse(`{"phone":${JSON.stringify(key)}}`) as Record<string, string>)).toThrow(
        `${JSON.stringify(key)} is not a field`,
      );
    }
  });

  it('suggests a mapping with no prototype: a hostile column is simply not mapped', () => {
    const mapping = suggestMapping(['phone', ...HOSTILE]);
    expect(Object.getPrototypeOf(mapping)).toBeNull();
    expect(Object.entries(mapping)).toEqual([['phone', 'phone']]);
  });
});
