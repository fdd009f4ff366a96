import fc from 'fast-check';
import { CountryCode } from 'libphonenumber-js/core';
import { isKnownCountry, knownCountries, normalisePhone, normalisePhoneFor, normalisePhoneQuickly, normalisePhoneSlowly } from './phone-normaliser';

describe('normalisePhone', () => {
  it.each([
    ['090-1234-5678', 'JP', '+819012345678', 'mobile'],
    ['03-1234-5678', 'JP', '+81312345678', 'fixed_line'],
    ['０９０－１２３４－５６７８', 'JP', '+819012345678', 'mobile'],
    ['+81 90 1234 5678', 'US', '+819012345678', 'mobile'],
    ['(415) 555-0123', 'US', '+14155550123', 'fixed_line_or_mobile'],
    ['1-800-555-0100', 'US', '+18005550100', 'toll_free'],
    ['(416) 555-0123', 'US', '+14165550123', 'fixed_line_or_mobile'],
    ['020 7946 0958', 'GB', '+442079460958', 'fixed_line'],
    ['07911 123456', 'GB', '+447911123456', 'mobile'],
  ])('reads %j (default %s) as %s, a %s number', (text, country, e164, type) => {
    expect(normalisePhone(text, country as CountryCode)).toEqual({ ok: true, phone: expect.objectContaining({ e164, type }) });
  });

  it('keeps the region of a number from another NANP country', () => {
    expect(normalisePhone('(416) 555-0123', 'US')).toMatchObject({ ok: true, phone: { country: 'CA' } });
  });

  it.each([
    ['', 'MISSING_PHONE', /no phone number/],
    ['12345', 'INVALID_PHONE', /too short for a JP number/],
    ['n/a', 'INVALID_PHONE', /not a phone number/],
    ['090-1234-5678-9999-1', 'INVALID_PHONE', /too long|not a valid/],
  ])('rejects %j with %s and says why', (text, code, message) => {
    const result = normalisePhone(text, 'JP');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.code).toBe(code);
      expect(result.problem.message).toMatch(message);
    }
  });

  it('says which country a number is invalid in', () => {
    expect(normalisePhone('+1 555 010 0000', 'US')).toMatchObject({ ok: false, problem: { message: /not a valid \+1 number/ } });
  });
});

describe('the fast path', () => {
  it('answers for the common national and own-country international formats', () => {
    for (const [text, country] of [
      ['090-1234-5678', 'JP'],
      ['+81-3-1234-5678', 'JP'],
      ['(212) 555-0188', 'US'],
      ['212.555.0188', 'US'],
      ['+1 212 555 0188', 'US'],
      ['1 (212) 555-0188', 'US'],
      ['020 7946 0958', 'GB'],
    ] as const) {
      expect(normalisePhoneQuickly(text, country)).toBeDefined();
    }
  });

  const separators = fc.constantFrom('', ' ', '-', '.', '(', ')', '  ');
  const digitString = (min: number, max: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
  /** Digits in the shape of real national numbers, split by random separators. */
  const formatted = (digits: fc.Arbitrary<string>) =>
    fc.tuple(digits, fc.array(separators, { minLength: 12, maxLength: 12 })).map(([d, seps]) =>
      [...d].map((digit, i) => `${seps[i % seps.length]}${digit}`).join(''),
    );
  const country = fc.constantFrom<CountryCode>('US', 'JP', 'GB');
  /** Extensions as written after a number: libphonenumber's labels and the Japanese 内線. */
  const extension = fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom(' ext. 12', ' x5', '#3', ' 内線 5', '（内線12）', '「内線：１２」') },
  );
  const written = fc.oneof(
    formatted(fc.tuple(fc.constantFrom('', '1', '0', '+1', '+81', '+44', '+'), digitString(8, 11)).map(([p, d]) => p + d)),
    formatted(fc.tuple(fc.integer({ min: 2, max: 9 }), digitString(2, 2), fc.integer({ min: 2, max: 9 }), digitString(6, 6)).map((p) => p.join(''))),
    formatted(fc.tuple(fc.constantFrom('090', '080', '070', '03', '06', '045', '0120', '050'), digitString(6, 8)).map((p) => p.join(''))),
    formatted(fc.tuple(fc.constantFrom('07', '020', '0121', '0161', '0800', '01', '03'), digitString(7, 9)).map((p) => p.join(''))),
    fc.string({ maxLength: 20 }),
  );
  const number = fc.tuple(written, extension).map(([text, ext]) => text + ext);

  it('gives exactly what libphonenumber gives whenever it answers (property)', () => {
    let answered = 0;
    fc.assert(
      fc.property(number, country, (text, defaultCountry) => {
        const quick = normalisePhoneQuickly(text.trim(), defaultCountry);
        if (!quick) return;
        answered++;
        expect(normalisePhoneSlowly(text.trim(), defaultCountry)).toEqual({ ok: true, phone: quick });
      }),
      { numRuns: 50_000 },
    );
    expect(answered).toBeGreaterThan(2_500); // the comparison is not vacuous
  });

  it('never changes the overall answer (property)', () => {
    fc.assert(
      fc.property(number, country, (text, defaultCountry) => {
        const slow = text.trim() === '' ? normalisePhone(text, defaultCountry) : normalisePhoneSlowly(text.trim(), defaultCountry);
        expect(normalisePhone(text, defaultCountry)).toEqual(slow);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('normalisePhone: what the user reads when a number is refused', () => {
  it.each([
    ['', 'MISSING_PHONE', 'no phone number'],
    ['   ', 'MISSING_PHONE', 'no phone number'],
    ['212555', 'INVALID_PHONE', '"212555" is too short for a US number'],
    ['2125550100123456789', 'INVALID_PHONE', '"2125550100123456789" is too long'],
    ['abc', 'INVALID_PHONE', '"abc" is not a phone number'],
    ['1115550100', 'INVALID_PHONE', '"1115550100" is not a valid US number (no such area code or number range)'],
    ['+999 1234', 'INVALID_PHONE', '"+999 1234" is missing its country code'],
    ['x'.repeat(50), 'INVALID_PHONE', `"${'x'.repeat(40)}…" is not a phone number`],
    ['x'.repeat(40), 'INVALID_PHONE', `"${'x'.repeat(40)}" is not a phone number`],
    ['+44 1234 5678', 'INVALID_PHONE', '"+44 1234 5678" is the wrong length for a +44 number'],
  ])('%j → %s: %s', (text, code, message) => {
    expect(normalisePhone(text, 'US')).toEqual({ ok: false, problem: { code, message } });
  });

  it('knows the numbering of every country libphonenumber has data for', () => {
    const countries = knownCountries();
    expect(countries.length).toBeGreaterThan(200);
    expect(countries).toEqual(expect.arrayContaining(['US', 'JP', 'GB', 'XK']));
    expect(countries.every((country) => isKnownCountry(country))).toBe(true);
    expect(isKnownCountry('ZZ')).toBe(false);
  });

  it('names a country it does not know, and reads a known one in any case', () => {
    expect(normalisePhoneFor('2125550100', 'ZZ')).toEqual({ ok: false, problem: { code: 'UNKNOWN_COUNTRY', message: 'ZZ is not a country we know numbers of' } });
    expect(normalisePhoneFor('2125550100', 'us')).toEqual({ ok: true, phone: { e164: '+12125550100', type: 'fixed_line_or_mobile', country: 'US' } });
  });
});

describe('normalisePhoneQuickly: the shapes it reads itself, and what it leaves to libphonenumber', () => {
  const US = { e164: '+12125550100', type: 'fixed_line_or_mobile', country: 'US' };
  const TOKYO = { e164: '+81312345678', type: 'fixed_line', country: 'JP' };

  it.each([
    ['2125550100', 'US', US],
    ['12125550100', 'US', US],
    ['+1 212 555 0100', 'US', US],
    ['(212) 555.0100', 'US', US],
    ['212-555-0100', 'US', US],
    ['03 1234 5678', 'JP', TOKYO],
    ['+81 3-1234-5678', 'JP', TOKYO],
    ['+44 20 7946 0958', 'GB', { e164: '+442079460958', type: 'fixed_line', country: 'GB' }],
  ])('reads %j (%s)', (text, country, phone) => {
    expect(normalisePhoneQuickly(text, country as 'US')).toEqual(phone);
    expect(normalisePhone(text, country as 'US')).toEqual({ ok: true, phone });
  });

  it.each([
    ['212-555-0100 ext 12', 'US'], // an extension
    ['22125550100', 'US'], // eleven digits without the trunk 1
    ['212555010', 'US'], // nine digits
    ['+44 20 7946 0958', 'US'], // another country's code
    ['1+2125550100', 'US'], // a plus after digits
    ['++12125550100', 'US'],
    ['0012125550100', 'JP'], // an international prefix
    ['010 1234 5678', 'JP'],
    ['3 1234 5678', 'JP'], // no trunk 0
    ['+81 0312345678', 'JP'], // national number starting with 0
    ['1115550100', 'US'], // invalid
    ['2125550100', 'FR'], // a country it has no fast path for
    [`2125550100${' '.repeat(25)}`, 'US'], // over 30 characters
  ])('leaves %j (%s) to libphonenumber', (text, country) => {
    expect(normalisePhoneQuickly(text, country as 'US')).toBeUndefined();
  });

  it.each([
    ['09012 345678', 'GB', '+449012345678', 'premium_rate'],
    ['0800 123 4567', 'GB', '+448001234567', 'toll_free'],
    ['056 1234 5678', 'GB', '+445612345678', 'voip'],
    ['070 1234 5678', 'GB', '+447012345678', 'personal_number'],
    ['07646 412345', 'GB', '+447646412345', 'pager'],
    ['030 1234 5678', 'GB', '+443012345678', 'uan'],
    ['0120 123 456', 'JP', '+81120123456', 'toll_free'],
    ['0990 123 456', 'JP', '+81990123456', 'premium_rate'],
    ['050 1234 5678', 'JP', '+815012345678', 'voip'],
    ['060 123 4567', 'JP', '+81601234567', 'personal_number'],
    ['020 1234 5678', 'JP', '+812012345678', 'pager'],
    ['0570 123 456', 'JP', '+81570123456', 'uan'],
    ['900 234 5678', 'US', '+19002345678', 'premium_rate'],
    ['800 234 5678', 'US', '+18002345678', 'toll_free'],
    ['523 234 5678', 'US', '+15232345678', 'personal_number'],
  ])('reads %j (%s), a %s %s number, itself', (text, country, e164, type) => {
    expect(normalisePhoneQuickly(text, country as 'US')).toEqual({ e164, type, country });
  });

  it('leaves separators other than spaces, dots, dashes and parentheses to libphonenumber', () => {
    expect(normalisePhoneQuickly('212/555/0100', 'US')).toBeUndefined();
    expect(normalisePhone('212/555/0100', 'US')).toEqual({ ok: true, phone: US });
  });

  it('gives no extension to a number written without one', () => {
    expect(normalisePhone('+81 90 1234 5678', 'US')).toStrictEqual({ ok: true, phone: { e164: '+819012345678', type: 'mobile', country: 'JP' } });
  });

  it('keeps the extension libphonenumber reads', () => {
    expect(normalisePhone('212-555-0100 ext 12', 'US')).toEqual({ ok: true, phone: { ...US, extension: '12' } });
  });
});

describe('normalisePhone: an extension written 内線, as Japanese write it', () => {
  const TOKYO = { e164: '+81322221111', type: 'fixed_line', country: 'JP' };

  it.each([
    ['03-2222-1111 内線 5', '5'],
    ['03-2222-1111内線5', '5'],
    ['03-2222-1111（内線12）', '12'],
    ['03-2222-1111 (内線 12)', '12'],
    ['03-2222-1111 「内線：12」', '12'],
    ['03-2222-1111 【内線: 12】', '12'],
    ['03-2222-1111 内線１２', '12'],
    ['０３－２２２２－１１１１（内線１２）', '12'],
    ['+81 3-2222-1111 内線 12', '12'],
  ])('reads %j as the number with extension %s, as "ext." is read', (text, extension) => {
    expect(normalisePhoneQuickly(text, 'JP')).toBeUndefined(); // left to libphonenumber, like every extension
    expect(normalisePhone(text, 'JP')).toEqual({ ok: true, phone: { ...TOKYO, extension } });
    expect(normalisePhoneFor(text, 'jp')).toEqual({ ok: true, phone: { ...TOKYO, extension } }); // do-not-call add, the agent's typed number
  });

  it('gives the extension in ASCII digits whatever its label', () => {
    expect(normalisePhone('03-2222-1111 ext. １２', 'JP')).toEqual({ ok: true, phone: { ...TOKYO, extension: '12' } });
  });

  it('still refuses what is not a number, quoting it as written', () => {
    expect(normalisePhone('内線 12', 'JP')).toMatchObject({ ok: false, problem: { code: 'INVALID_PHONE', message: /^"内線 12" is / } });
    expect(normalisePhone('03-2222 内線 12', 'JP')).toMatchObject({ ok: false, problem: { code: 'INVALID_PHONE', message: /^"03-2222 内線 12" is too short/ } });
  });

  it('reads 32 KiB of spaces before 内線 at once', () => {
    const started = Date.now();
    expect(normalisePhone(`03-2222-1111${' '.repeat(32 * 1024)}内線12`, 'JP')).toMatchObject({ ok: true, phone: { extension: '12' } });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('normalisePhoneQuickly: the first number of a country (its patterns compiled then, and kept)', () => {
  /** The module loaded afresh, so that the call compiles the country's patterns rather than reusing those of earlier tests. */
  async function freshQuickly(): Promise<typeof normalisePhoneQuickly> {
    let quickly: typeof normalisePhoneQuickly | undefined;
    await jest.isolateModulesAsync(async () => {
      quickly = (await import('./phone-normaliser')).normalisePhoneQuickly;
    });
    return quickly!;
  }

  it.each([
    ['020 7946 0958', 'GB', '+442079460958', 'fixed_line'],
    ['07400 123456', 'GB', '+447400123456', 'mobile'],
    ['0800 123 4567', 'GB', '+448001234567', 'toll_free'],
    ['03-1234-5678', 'JP', '+81312345678', 'fixed_line'],
    ['090-1234-5678', 'JP', '+819012345678', 'mobile'],
    ['(212) 555-0100', 'US', '+12125550100', 'fixed_line_or_mobile'],
    ['800 234 5678', 'US', '+18002345678', 'toll_free'],
  ])('reads %j (%s) as %s, a %s number, on its first call', async (text, country, e164, type) => {
    const quickly = await freshQuickly();
    expect(quickly(text, country as CountryCode)).toEqual({ e164, type, country });
    // And again from the patterns it kept.
    expect(quickly(text, country as CountryCode)).toEqual({ e164, type, country });
  });
});

describe('normalisePhoneQuickly: the longest text it reads itself', () => {
  it('reads a number written in 30 characters, and leaves one of 31 to libphonenumber', () => {
    const thirty = `212 555 0100${' '.repeat(18)}`;
    expect(thirty).toHaveLength(30);
    expect(normalisePhoneQuickly(thirty, 'US')).toEqual({ e164: '+12125550100', type: 'fixed_line_or_mobile', country: 'US' });
    expect(normalisePhoneQuickly(`${thirty} `, 'US')).toBeUndefined();
  });
});

describe('normalisePhone: a number with masked digits', () => {
  it('says a number whose last digits are masked (212-555-01xx) is the wrong length for its country', () => {
    expect(normalisePhone('212-555-01xx', 'US')).toEqual({
      ok: false,
      problem: { code: 'INVALID_PHONE', message: '"212-555-01xx" is the wrong length for a US number' },
    });
  });
});

describe('normalisePhone: a number after +81 written with a leading 0', () => {
  it('reads it as libphonenumber does (a carrier code dropped), never as written', () => {
    // As written it would be a toll-free number (JP 0037…); libphonenumber reads 0037 68 as a carrier's code.
    expect(normalisePhoneQuickly('+81 0037 6894 4694 818', 'JP')).toBeUndefined();
    expect(normalisePhone('+81 0037 6894 4694 818', 'JP')).toEqual({ ok: true, phone: { e164: '+81944694818', type: 'fixed_line', country: 'JP' } });
  });
});
