import type { components } from '../../api/schema';
import { initI18n } from '../../app/i18n';
import { gateText, whySummary } from './lead-why';

type LeadWhy = components['schemas']['LeadWhyDto'];
type Campaign = LeadWhy['campaigns'][number];

const campaign = (status: string, blocking: Campaign['blocking'] = null): Campaign => ({ campaignId: 'c1', name: 'Autumn', status, blocking, verdicts: [] });
const why = (over: Partial<LeadWhy>): LeadWhy => ({
  leadId: 'l1',
  status: 'retry',
  summary: 'A retry is scheduled for 2026-12-06T12:00:00.000Z',
  dialableNow: false,
  nextAttemptAt: null,
  lastSkip: null,
  campaigns: [campaign('active')],
  ...over,
});
const lead = { blockedReason: null, lastDisposition: null };
const when = (iso: string) => `<${iso}>`;

describe('whySummary: every reason has words, whatever the clocks say', () => {
  const en = initI18n('en').t;
  const ja = initI18n('ja').t;

  it('never says "Stopped by:" with no reason: the api said not due (its clock), the reader’s clock says due', () => {
    // The api answered at 11:59:59 (not due until 12:00, every gate passes, so not dialable now); the page
    // is read (or re-rendered, or its clock runs ahead) at 12:00:05.
    const scheduled = why({ nextAttemptAt: '2026-12-06T12:00:00.000Z' });
    const readAt = Date.parse('2026-12-06T12:00:05Z');
    const text = whySummary(scheduled, lead, en, when, readAt);
    expect(text).not.toMatch(/^Stopped by:\s*\.?$/);
    expect(whySummary(scheduled, lead, ja, when, readAt)).not.toMatch(/^停止理由:\s*$/);
  });

  it('has words for every code a lead’s why can carry (gates and skips), in Japanese', () => {
    // Codes the gates and the hopper write (chooseNumber, erasePersonalFields): the Japanese page shows the api's English.
    for (const code of ['NO_NUMBER_TO_DIAL', 'NUMBER_NOT_ON_LEAD', 'PERSONAL_DATA_ERASED']) {
      expect({ code, text: gateText(ja, code, `english for ${code}`) }).not.toEqual({ code, text: `english for ${code}` });
    }
  });
});
