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
