import { CallingHours, everyDay } from './rules/calling-window';
import { PrerecordedConsentScope } from './rules/consent';

export const JURISDICTIONS = ['US', 'UK', 'JP'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** What the law of a jurisdiction sets for outbound campaigns (DOMAIN.md), as campaign defaults and dial-time rules. */
export interface JurisdictionProfile {
  code: Jurisdiction;
  /** Default calling hours in the callee's local time; campaigns may only narrow them. */
  callingHours: CallingHours;
  abandon: {
    capRate: number;
    windowHours: number;
    /** Ofcom counts calls AMD wrongly took for machines as abandoned: estimate them from AMD accuracy. */
    countAmdFalsePositives: boolean;
  };
  /** Minimum ring before giving up (15 s or 4 rings in the US and the UK). */
  minRingSec: number;
  /** No automated redial of an abandoned number for this long (UK 72 h). */
  redialAfterAbandon: { hours: number } | null;
  /** Which numbers need prior consent before an agentless (prerecorded) call. */
  prerecordedConsent: PrerecordedConsentScope;
  /** JP (特定商取引法 Art. 17): a refusal bars soliciting that person for the product again. */
  refusalIsPermanentForProduct: boolean;
  /** JP (Art. 16): seller, caller and purpose stated at the start of the call. */
  identityDisclosureRequired: boolean;
}

export const JURISDICTION_PROFILES: Record<Jurisdiction, JurisdictionProfile> = {
  // FTC TSR 16 CFR 310.4, FCC 47 CFR 64.1200: 08–21 local, ≤3 % per 30 days; TCPA: consent for prerecorded calls to mobiles.
  US: {
    code: 'US',
    callingHours: { weekly: everyDay('08:00', '21:00'), holidays: [] },
    abandon: { capRate: 0.03, windowHours: 30 * 24, countAmdFalsePositives: false },
    minRingSec: 15,
    redialAfterAbandon: null,
    prerecordedConsent: 'mobile',
    refusalIsPermanentForProduct: false,
    identityDisclosureRequired: false,
  },
  // Ofcom persistent-misuse policy: ≤3 % per 24 h, AMD false positives count, 72 h after an abandoned call;
  // PECR: automated marketing calls need consent whatever the number.
  UK: {
    code: 'UK',
    callingHours: { weekly: everyDay('08:00', '21:00'), holidays: [] },
    abandon: { capRate: 0.03, windowHours: 24, countAmdFalsePositives: true },
    minRingSec: 15,
    redialAfterAbandon: { hours: 72 },
    prerecordedConsent: 'all',
    refusalIsPermanentForProduct: false,
    identityDisclosureRequired: false,
  },
  // No statutory hours for telemarketing; industry practice (and the money-lending rules for collections)
  // keep calls between 09:00 and 20:00. Art. 16 disclosure, Art. 17 re-solicitation ban.
  JP: {
    code: 'JP',
    callingHours: { weekly: everyDay('09:00', '20:00'), holidays: [] },
    abandon: { capRate: 0.03, windowHours: 30 * 24, countAmdFalsePositives: false },
    minRingSec: 15,
    redialAfterAbandon: null,
    prerecordedConsent: 'all',
    refusalIsPermanentForProduct: true,
    identityDisclosureRequired: true,
  },
};
