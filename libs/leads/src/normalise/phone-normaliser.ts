import {
  CountryCode,
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  Metadata,
  MetadataJson,
  NumberType,
  ParseError,
  parseDigits,
  parsePhoneNumberWithError,
  PhoneNumber,
  validatePhoneNumberLength,
} from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.max.json';

/** The "max" metadata: the only one that knows number types (mobile, fixed line...). */
const metadata = metadataJson as unknown as MetadataJson;

export interface NormalisedPhone {
  /** E.164, e.g. +819012345678. */
  e164: string;
  /** libphonenumber's type, lower-cased: mobile, fixed_line, fixed_line_or_mobile, toll_free, voip... */
  type: string;
  /** ISO 3166-1 alpha-2 of the number's region, when it has one. */
  country?: string;
  /** The extension written after the number ("ext 12", "x12", "#12", "内線12"), in ASCII digits: E.164 cannot hold it. */
  extension?: string;
}

export interface PhoneProblem {
  /** UNKNOWN_COUNTRY: the country to read a national number in is none libphonenumber knows. */
  code: 'MISSING_PHONE' | 'INVALID_PHONE' | 'UNKNOWN_COUNTRY';
  message: string;
}

export type PhoneResult = { ok: true; phone: NormalisedPhone } | { ok: false; problem: PhoneProblem };

export function isKnownCountry(country: string | undefined): country is CountryCode {
  return isSupportedCountry(country as CountryCode, metadata);
}

/** Every country libphonenumber has numbering data for. */
export function knownCountries(): CountryCode[] {
  return getCountries(metadata);
}

const fromNumber = (number: PhoneNumber, type: NonNullable<NumberType>): NormalisedPhone => ({
  e164: number.number,
  type: type.toLowerCase(),
  country: number.country,
  // libphonenumber keeps an extension's digits as written (full-width ones too).
  ...(number.ext ? { extension: parseDigits(number.ext) } : {}),
});

/** Opening brackets Japanese put around an extension: "（内線12）", "「内線：12」". */
const EXTENSION_OPENERS = '(（[［「『【〔<＜';

/**
 * 内線 ("extension"), as Japanese write it after a number — "03-2222-1111 内線 5",
 * "（内線12）", "「内線：12」" — rewritten as the "ext." libphonenumber reads:
 * it knows ext, x, # and others, not 内線. It drops closing brackets at the
 * end itself, but not an opening one other than ( and ［, nor a colon other
 * than ":" and "．". String operations, not a regular expression: a cell may
 * be 32 KiB of spaces.
 */
function withExtensionLabel(text: string): string {
  const at = text.lastIndexOf('内線');
  if (at < 0) return text;
  let head = text.slice(0, at).trimEnd();
  if (EXTENSION_OPENERS.includes(head.slice(-1))) head = head.slice(0, -1);
  const tail = text.slice(at + 2).replace(/^[\s:：]+/, '');
  return `${head} ext. ${tail}`;
}

const LENGTH_WORDS: Record<string, string> = {
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'the wrong length',
};

/** libphonenumber, the reference: any text, any format (内線 read as "ext."), with the reason when it fails. */
export function normalisePhoneSlowly(text: string, defaultCountry: CountryCode): PhoneResult {
  const quoted = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  const readable = withExtensionLabel(text);
  let number: PhoneNumber;
  try {
    number = parsePhoneNumberWithError(readable, defaultCountry, metadata);
  } catch (error) {
    // Stryker disable next-line StringLiteral: parsePhoneNumberWithError throws only ParseErrors (an unknown default country is INVALID_COUNTRY); any other reason reads "not a phone number" all the same
    const reason = error instanceof ParseError ? error.message : 'NOT_A_NUMBER';
    const words = LENGTH_WORDS[reason] ?? (reason === 'INVALID_COUNTRY' ? 'missing its country code' : 'not a phone number');
    return { ok: false, problem: { code: 'INVALID_PHONE', message: `${quoted} is ${words}` } };
  }
  const type = number.getType();
  if (type) return { ok: true, phone: fromNumber(number, type) };
  const length = validatePhoneNumberLength(readable, defaultCountry, metadata);
  const region = number.country ?? `+${number.countryCallingCode}`;
  const message = length
    ? `${quoted} is ${LENGTH_WORDS[length] ?? 'the wrong length'} for a ${region} number`
    : `${quoted} is not a valid ${region} number (no such area code or number range)`;
  return { ok: false, problem: { code: 'INVALID_PHONE', message } };
}

/**
 * Countries whose national format the fast path reads: the trunk prefix that
 * precedes a national number, and the calling code of the international form.
 */
const FAST_COUNTRIES: Partial<Record<CountryCode, { trunk: string; callingCode: string }>> = {
  US: { trunk: '1', callingCode: '1' },
  JP: { trunk: '0', callingCode: '81' },
  GB: { trunk: '0', callingCode: '44' },
};

/** The parts of a numbering plan getNumberType reads: implemented by libphonenumber's Metadata, not in its typings. */
interface PlanPatterns {
  nationalNumberPattern(): string;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

interface TypeMatcher {
  type: NonNullable<NumberType>;
  /** Null when the metadata has no pattern for the type. */
  pattern: RegExp | null;
  lengths?: number[];
}

interface CompiledPlan {
  country: CountryCode;
  callingCode: string;
  national: RegExp;
  fixedLine: TypeMatcher;
  /** Undefined or an empty pattern: mobile numbers look like fixed-line ones (US). */
  mobile?: TypeMatcher & { empty: boolean };
  others: TypeMatcher[];
}

/** libphonenumber's order of types after fixed line (helpers/getNumberType.js). */
const OTHER_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

const compiledPlans = new Map<CountryCode, CompiledPlan>();

/**
 * A country's patterns compiled once: libphonenumber's own getNumberType
 * builds a new RegExp from the pattern text on every call, which is most of
 * its cost.
 */
function compiledPlan(country: CountryCode): CompiledPlan {
  let plan = compiledPlans.get(country);
  if (!plan) {
    const meta = new Metadata(metadata);
    meta.selectNumberingPlan(country);
    const patterns = meta.numberingPlan as unknown as PlanPatterns;
    const matcher = (type: NonNullable<NumberType>): TypeMatcher | undefined => {
      const definition = patterns.type(type);
      if (!definition) return undefined;
      const text = definition.pattern();
      return { type, pattern: text ? new RegExp(`^(?:${text})$`) : null, lengths: definition.possibleLengths() };
    };
    const mobile = matcher('MOBILE');
    plan = {
      country,
      callingCode: getCountryCallingCode(country, metadata),
      // Stryker disable next-line StringLiteral: every number of every type of US, JP and GB matches their national pattern (checked on 20,000 generated numbers a type), so a pattern matching anything changes no answer
      national: new RegExp(`^(?:${patterns.nationalNumberPattern()})$`),
      fixedLine: matcher('FIXED_LINE') ?? { type: 'FIXED_LINE', pattern: null },
      mobile: mobile && { ...mobile, empty: mobile.pattern === null },
      // Stryker disable next-line ArrayDeclaration: an element standing for a type the country lacks has no pattern, which isOfType never matches
      others: OTHER_TYPES.flatMap((type) => matcher(type) ?? []),
    };
    compiledPlans.set(country, plan);
  }
  return plan;
}

function isOfType(matcher: TypeMatcher, national: string): boolean {
  if (!matcher.pattern) return false;
  if (matcher.lengths && !matcher.lengths.includes(national.length)) return false;
  return matcher.pattern.test(national);
}

/** libphonenumber's getNumberType on precompiled patterns; undefined means not a valid number. */
function numberType(plan: CompiledPlan, national: string): NonNullable<NumberType> | undefined {
  if (!plan.national.test(national)) return undefined;
  if (isOfType(plan.fixedLine, national)) {
    if (!plan.mobile || plan.mobile.empty || isOfType(plan.mobile, national)) return 'FIXED_LINE_OR_MOBILE';
    return 'FIXED_LINE';
  }
  return plan.others.find((matcher) => isOfType(matcher, national))?.type;
}

/**
 * Reads the common shapes of a national or own-country international number
 * (digits with spaces, dots, dashes and parentheses) without libphonenumber's
 * text parser, and checks it against libphonenumber's own patterns compiled
 * once: together the slow parts (~40k numbers/s). It answers only when the
 * number is valid for the default country, and leaves everything else (other
 * countries, extensions, full-width digits, invalid numbers) to libphonenumber.
 * phone-normaliser.spec.ts checks with generated numbers that whenever it
 * answers, it answers exactly what libphonenumber does.
 */
export function normalisePhoneQuickly(text: string, defaultCountry: CountryCode): NormalisedPhone | undefined {
  const plan = FAST_COUNTRIES[defaultCountry];
  if (!plan || text.length > 30) return undefined;
  let digits = '';
  let international = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += text[i];
    else if (c === 43 /* + */ && digits === '' && !international) international = true;
    else if (c !== 32 && c !== 45 && c !== 40 && c !== 41 && c !== 46) return undefined; // space - ( ) .
  }
  let national: string;
  if (international) {
    if (!digits.startsWith(plan.callingCode)) return undefined;
    national = digits.slice(plan.callingCode.length);
  } else if (plan.trunk === '1') {
    // NANP: ten digits, or eleven with the trunk 1.
    if (digits.length === 11 && digits[0] === '1') national = digits.slice(1);
    else if (digits.length === 10) national = digits;
    else return undefined;
  } else {
    // 0 + national number; "00…" is an international or carrier prefix, left to libphonenumber.
    if (digits[0] !== plan.trunk || digits[1] === '0' || digits.startsWith('010')) return undefined;
    national = digits.slice(1);
  }
  if (national.length < 4 || national[0] === '0') return undefined;
  const compiled = compiledPlan(defaultCountry);
  const type = numberType(compiled, national);
  return type ? { e164: `+${compiled.callingCode}${national}`, type: type.toLowerCase(), country: defaultCountry } : undefined;
}

/** E.164 and type of a phone cell, or why it is not a number we can dial. */
export function normalisePhone(text: string, defaultCountry: CountryCode): PhoneResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: { code: 'MISSING_PHONE', message: 'no phone number' } };
  const quick = normalisePhoneQuickly(trimmed, defaultCountry);
  return quick ? { ok: true, phone: quick } : normalisePhoneSlowly(trimmed, defaultCountry);
}

export function callingCodeOf(country: CountryCode): string {
  return getCountryCallingCode(country, metadata);
}

/** The refusal of a country code no number is known in: a stable code (UNKNOWN_COUNTRY), the value, and the English sentence. */
export function unknownCountry(country: string): PhoneProblem & { code: 'UNKNOWN_COUNTRY' } {
  return { code: 'UNKNOWN_COUNTRY', message: `${country} is not a country we know numbers of` };
}

/** The same as a refused field of a request (rule UNKNOWN_COUNTRY), for ValidationFailedError. */
export function unknownCountryField(field: string, country: string) {
  return { field, messages: [unknownCountry(country).message], rules: ['UNKNOWN_COUNTRY'] };
}

/** normalisePhone for callers holding a country code as a plain string (an api request). */
export function normalisePhoneFor(text: string, defaultCountry: string): PhoneResult {
  const country = defaultCountry.toUpperCase();
  if (!isKnownCountry(country)) {
    return { ok: false, problem: unknownCountry(defaultCountry) };
  }
  return normalisePhone(text, country);
}
