import { CampaignKind } from './entities/campaign.entity';

export interface DispositionTemplate {
  code: string;
  label: string;
  isFinal?: boolean;
  isSuccess?: boolean;
  isCallback?: boolean;
  isDnc?: boolean;
  isContact?: boolean;
  /** A refusal to be solicited (JP Art. 17). */
  isRefusal?: boolean;
}

const SHARED: DispositionTemplate[] = [
  { code: 'CALLBACK', label: 'Call back later', isCallback: true, isContact: true },
  { code: 'DNC', label: 'Do not call', isFinal: true, isDnc: true, isContact: true },
  { code: 'WRONG_NUMBER', label: 'Wrong number', isFinal: true },
];

/** The languages a new campaign's outcome labels can start in: its creator's. */
export const DISPOSITION_LOCALES = ['en', 'ja'] as const;
export type DispositionLocale = (typeof DISPOSITION_LOCALES)[number];

/**
 * The default labels in Japanese, by code (the field's words: 通話結果, 成約,
 * 再架電予約, お断り…). Codes stay the stable keys; labels are data, editable.
 */
const JA_LABELS: Readonly<Record<CampaignKind, Readonly<Record<string, string>>>> = {
  telemarketing: {
    SALE: '成約',
    APPOINTMENT: 'アポイント獲得',
    INTERESTED: '見込みあり（要フォロー）',
    NOT_INTERESTED: 'お断り（再勧誘の禁止）',
    CALLBACK: '再架電予約',
    DNC: '架電禁止（今後電話しない）',
    WRONG_NUMBER: '番号違い',
  },
  survey: {
    COMPLETED: '回答完了',
    PARTIAL: '一部回答',
    REFUSED: '回答拒否（再勧誘の禁止）',
    CALLBACK: '再架電予約',
    DNC: '架電禁止（今後電話しない）',
    WRONG_NUMBER: '番号違い',
  },
  collections: {
    PROMISE_TO_PAY: '支払約束',
    PAID: '支払済み',
    DISPUTE: '債務に異議あり',
    WRONG_PARTY: '本人以外',
    REFUSED: '支払拒否',
    CALLBACK: '再架電予約',
    DNC: '架電禁止（今後電話しない）',
    WRONG_NUMBER: '番号違い',
  },
};

/** The outcomes a new campaign starts with, labelled in its creator's language (English by default). */
export function defaultDispositions(kind: CampaignKind, locale: DispositionLocale = 'en'): DispositionTemplate[] {
  const templates = DEFAULT_DISPOSITIONS[kind];
  if (locale === 'en') return templates;
  return templates.map((template) => ({ ...template, label: JA_LABELS[kind][template.code] ?? template.label }));
}

/** The outcomes a new campaign starts with, per kind (DOMAIN.md); managers may edit them. */
export const DEFAULT_DISPOSITIONS: Record<CampaignKind, DispositionTemplate[]> = {
  telemarketing: [
    { code: 'SALE', label: 'Sale', isFinal: true, isSuccess: true, isContact: true },
    { code: 'APPOINTMENT', label: 'Appointment set', isFinal: true, isSuccess: true, isContact: true },
    { code: 'INTERESTED', label: 'Interested, follow up', isContact: true },
    { code: 'NOT_INTERESTED', label: 'Not interested', isFinal: true, isContact: true, isRefusal: true },
    ...SHARED,
  ],
  survey: [
    { code: 'COMPLETED', label: 'Survey completed', isFinal: true, isSuccess: true, isContact: true },
    { code: 'PARTIAL', label: 'Partially answered', isContact: true },
    { code: 'REFUSED', label: 'Refused', isFinal: true, isContact: true, isRefusal: true },
    ...SHARED,
  ],
  collections: [
    { code: 'PROMISE_TO_PAY', label: 'Promise to pay', isFinal: true, isSuccess: true, isContact: true },
    { code: 'PAID', label: 'Already paid', isFinal: true, isSuccess: true, isContact: true },
    { code: 'DISPUTE', label: 'Disputes the debt', isFinal: true, isContact: true },
    { code: 'WRONG_PARTY', label: 'Wrong party', isFinal: true },
    { code: 'REFUSED', label: 'Refused to pay', isContact: true },
    ...SHARED,
  ],
};
