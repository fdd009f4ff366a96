/**
 * Lead fields a column can fill. Up to three phone columns: the first is the
 * number dialed, the others are alternates. Fields without a column of their
 * own on the lead (fullName, nameKana, amountDue, dueDate) are kept in its
 * custom fields under a fixed key, so screens and collections rules find them.
 */
export const LEAD_FIELDS = [
  'phone',
  'phone2',
  'phone3',
  'firstName',
  'lastName',
  'fullName',
  'nameKana',
  'email',
  'postalCode',
  'region',
  'country',
  'timezone',
  'externalId',
  'amountDue',
  'dueDate',
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

export const PHONE_FIELDS = ['phone', 'phone2', 'phone3'] as const satisfies readonly LeadField[];

/** Custom-field keys of the recognised fields that have no lead column. */
export const CUSTOM_FIELD_KEYS: Partial<Record<LeadField, string>> = {
  fullName: 'full_name',
  nameKana: 'name_kana',
  amountDue: 'amount_due',
  dueDate: 'due_date',
};

/**
 * Column label → field. Columns not named here are kept as custom fields.
 * Labels are the file's: always a null-prototype object (`newColumnMapping`),
 * so a column named `constructor` or `__proto__` is a key like any other.
 */
export type ColumnMapping = Record<string, LeadField>;

/** An empty mapping, or a null-prototype copy of `entries`. */
export function newColumnMapping(entries: Iterable<readonly [string, LeadField]> = []): ColumnMapping {
  const mapping = Object.create(null) as ColumnMapping;
  for (const [label, field] of entries) mapping[label] = field;
  return mapping;
}

type Kind = Exclude<LeadField, 'phone2' | 'phone3'>;

/** Headers as people write them, in English and Japanese, after `headerKey`. */
const SYNONYMS: Record<Kind, string[]> = {
  phone: [
    'phone', 'phonenumber', 'phoneno', 'phonenum', 'tel', 'telno', 'telephone', 'telephonenumber', 'number',
    'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'cellular', 'homephone', 'workphone',
    'altphone', 'alternatephone', 'otherphone', 'primaryphone', 'msisdn',
    '電話番号', '電話', '携帯電話', '携帯', '携帯番号', '携帯電話番号', '自宅電話', '自宅電話番号', '固定電話', '連絡先',
  ],
  firstName: ['first', 'firstname', 'givenname', 'forename', '名'],
  lastName: ['last', 'lastname', 'surname', 'familyname', '姓', '苗字', '名字'],
  fullName: ['name', 'fullname', 'contactname', 'customername', 'clientname', '氏名', '名前', 'お名前', '顧客名', '氏名漢字'],
  nameKana: ['furigana', 'kana', 'namekana', 'フリガナ', 'ふりがな', 'カナ', '氏名カナ', '氏名フリガナ', 'カナ氏名'],
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'eメール', 'メール', 'メールアドレス', 'eメールアドレス'],
  postalCode: ['zip', 'zipcode', 'postal', 'postalcode', 'postcode', '郵便番号', '〒'],
  region: ['state', 'province', 'region', 'prefecture', 'county', '都道府県', '県', '州'],
  country: ['country', 'countrycode', '国', '国名', '国コード'],
  timezone: ['timezone', 'tz', 'timezonename', 'タイムゾーン'],
  externalId: [
    'id', 'externalid', 'account', 'accountid', 'accountnumber', 'accountno', 'acctno', 'debt', 'debtid',
    'debtno', 'debtnumber', 'customerid', 'customerno', 'customernumber', 'crmid', 'leadid',
    '顧客id', '顧客番号', '会員番号', '契約番号', '口座番号', '債権番号', '管理番号',
  ],
  amountDue: ['amountdue', 'amount', 'balance', 'balancedue', 'dueamount', 'outstanding', '請求額', '請求金額', '金額', '未払金', '未払金額', '残高', '延滞額'],
  dueDate: ['duedate', 'paymentduedate', 'paymentdate', '支払期日', '期日', '支払期限', '納期限', '支払日'],
}; // prettier-ignore

const KIND_OF_KEY = new Map<string, Kind>(
  (Object.entries(SYNONYMS) as [Kind, string[]][]).flatMap(([kind, keys]) => keys.map((key) => [key, kind] as const)),
);

/** "Phone 1", "電話番号２", "Mobile #", "Tel." → a phone; a fax column never is one. */
const PHONE_WORDS = /phone|mobile|電話|携帯|(^|[^a-z])(tel|cell)([^a-z]|$)/;
const NOT_A_PHONE = /fax|ファクス|ファックス/;

/** Width, case, spaces and punctuation folded: "E-Mail Address" → "emailaddress", "ＴＥＬ" → "tel". */
export function headerKey(label: string): string {
  return label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.・/()（）#:：*＊[\]【】「」"']/g, '');
}

function kindOf(label: string): Kind | undefined {
  const key = headerKey(label);
  const exact = KIND_OF_KEY.get(key) ?? KIND_OF_KEY.get(key.replace(/\d+$/, ''));
  if (exact) return exact;
  const words = label.normalize('NFKC').toLowerCase();
  return PHONE_WORDS.test(words) && !NOT_A_PHONE.test(words) ? 'phone' : undefined;
}

/** Whether a label is one we recognise: a header row has at least one. */
export function isKnownHeader(label: string): boolean {
  return kindOf(label) !== undefined;
}

const PHONE_LIKE = /^\+?[\d\s\-().０-９－ー（）]{7,}$/;

/** A cell that could be a phone number, for files that have no header row. */
export function looksLikePhone(cell: string): boolean {
  const text = cell.trim();
  return PHONE_LIKE.test(text) && (text.normalize('NFKC').match(/\d/g)?.length ?? 0) >= 7;
}

/**
 * The mapping we propose: each recognised column fills its field (the first
 * one wins), phone columns fill phone, phone2, phone3 from left to right.
 * Without a header row, the columns that hold phone numbers are the phones.
 */
export function suggestMapping(labels: readonly string[], firstRecord?: readonly string[]): ColumnMapping {
  const mapping = newColumnMapping();
  const taken = new Set<LeadField>();
  labels.forEach((label, index) => {
    const kind = firstRecord ? (looksLikePhone(firstRecord[index] ?? '') ? 'phone' : undefined) : kindOf(label);
    if (!kind) return;
    const field = kind === 'phone' ? PHONE_FIELDS.find((f) => !taken.has(f)) : taken.has(kind) ? undefined : kind;
    if (!field) return;
    taken.add(field);
    mapping[label] = field;
  });
  return mapping;
}

/** What is wrong with an explicit mapping, in words; empty when it can be used. */
export function mappingProblems(labels: readonly string[], mapping: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (!labels.includes(column)) problems.push(`column ${JSON.stringify(column)} is not in the file (its columns: ${labels.join(', ')})`);
    if (typeof field !== 'string' || !(LEAD_FIELDS as readonly string[]).includes(field)) problems.push(`${JSON.stringify(field)} is not a field (fields: ${LEAD_FIELDS.join(', ')})`);
    const other = seen.get(field);
    if (other !== undefined) problems.push(`${field} is mapped twice (${JSON.stringify(other)} and ${JSON.stringify(column)})`);
    seen.set(field, column);
  }
  return problems;
}

/** The number columns of a mapping: all a DNC or consent import reads through it. */
export function phoneColumnsOf(mapping: ColumnMapping): ColumnMapping {
  return newColumnMapping(Object.entries(mapping).filter(([, field]) => (PHONE_FIELDS as readonly string[]).includes(field)));
}
