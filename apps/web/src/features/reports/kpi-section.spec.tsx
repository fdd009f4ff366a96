import '../../app/testing/text-encoder';
import { Language } from '../../app/i18n';
import { renderIn } from '../../app/testing/render-in';
import type { components } from '../../api/schema';

jest.mock('../../app/session', () => ({ useSession: () => ({ api: {}, session: { accessToken: 't' } }) }));
// uPlot needs a browser's matchMedia; the table is what is read here (grouped by agent: no chart).
jest.mock('../../ui/time-chart', () => ({ TimeChart: () => null }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { KpiSection } from './reports-page';

type KpiRow = components['schemas']['KpiRowDto'];
const row: KpiRow = {
  key: 'a1', label: 'Aiko', dials: 12, liveAnswers: 6, contacts: 5, successes: 1, connects: 6, abandons: 0,
  answerRate: 0.5, contactRate: 5 / 12, conversionRate: 0.2, abandonRate: 0, averageSpeedToConnectSec: 0.2,
  talkSec: 600, wrapSec: 60, averageHandleTimeSec: 110, loggedInSec: 3600, occupancy: 660 / 3600, talkMinutesPerAgentHour: 10,
};
const report: components['schemas']['KpiReportDto'] = { campaignId: 'c1', from: '', to: '', groupBy: 'agent', timeZone: 'UTC', rows: [row], total: { ...row, key: 'total', label: 'total' } };

/** The KPI table's column headings: label → tooltip, the tooltip also the heading's accessible description. */
function headings(language: Language): Map<string, string | null> {
  const { container, unmount } = renderIn(language, <KpiSection report={report} days={{ from: '2026-12-01', to: '2026-12-07' }} />);
  const result = new Map<string, string | null>();
  for (const th of container.querySelectorAll<HTMLElement>('thead th')) {
    const describedBy = th.getAttribute('aria-describedby');
    const description = describedBy ? document.getElementById(describedBy) : null;
    if (th.title) expect(description?.textContent).toBe(th.title);
    if (description) expect(description.hidden).toBe(true);
    // The heading's own text, without its hidden description.
    const label = [...th.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('');
    result.set(label, th.title || null);
  }
  unmount();
  return result;
}

describe('the reports’ KPI table says what each column counts', () => {
  it('in Japanese: every figure column has its formula (kpi.formulas, the wallboard’s wording), and 平均応答速度 in 秒', () => {
    const ja = headings('ja');
    expect(ja.get('オペレーター')).toBeNull(); // the key column (by agent) is no figure
    for (const [label, title] of ja) if (label !== 'オペレーター') expect(title).toBeTruthy();
    expect(ja.get('コンタクト率')).toBe('コンタクト率 = コンタクト数 ÷ 発信数（コンタクト: 通話結果がコンタクトまたは成約の、人が応答した通話）');
    expect(ja.get('接続率')).toBe('接続率 = 接続数（人）÷ 発信数');
    expect(ja.get('成約率')).toBe('成約率 = 成約数 ÷ コンタクト数');

    const { container } = renderIn('ja', <KpiSection report={report} days={{ from: '2026-12-01', to: '2026-12-07' }} />);
    const speed = container.querySelectorAll('tbody td')[8];
    expect(speed.textContent).toBe('0.2 秒');
  });

  it('in English', () => {
    const en = headings('en');
    expect(en.get('Contact rate')).toBe('Contact rate = contacts ÷ dials (contacts: live answers whose outcome code is flagged a contact or a success)');
    expect(en.get('Answer rate')).toBe('Answer rate = live answers ÷ dials');
    expect(en.get('Avg speed to connect')).toMatch(/^Average speed to connect = mean seconds/);
    expect(en.get('Occupancy')).toBe('Occupancy = (talk + wrap-up) ÷ logged-in time');

    const { container } = renderIn('en', <KpiSection report={report} days={{ from: '2026-12-01', to: '2026-12-07' }} />);
    expect(container.querySelectorAll('tbody td')[8].textContent).toBe('0.2 s');
  });
});
