import './testing/text-encoder';
import type { FloorCampaign } from '@dialer/desk-events';
import type { components } from '../api/schema';
import { Language } from './i18n';
import { renderIn } from './testing/render-in';
import { tilesOf } from '../features/wallboard/wallboard-figures';
import { WallboardTiles } from '../features/wallboard/wallboard-tiles';

jest.mock('./session', () => ({ useSession: () => ({ api: {}, session: { accessToken: 't' } }) }));
// uPlot needs a browser's matchMedia; only the table is read (grouped by agent: no chart).
jest.mock('../ui/time-chart', () => ({ TimeChart: () => null }));
// Imported after the mocks (jest hoists jest.mock above the imports).
import { KpiSection } from '../features/reports/reports-page';

type KpiRow = components['schemas']['KpiRowDto'];
const row: KpiRow = {
  key: 'a1', label: 'Aiko', dials: 12, liveAnswers: 6, contacts: 5, successes: 1, connects: 6, abandons: 0, answerRate: 0.5, contactRate: 5 / 12, conversionRate: 0.2,
  abandonRate: 0, averageSpeedToConnectSec: null, talkSec: 0, wrapSec: 0, averageHandleTimeSec: null, loggedInSec: null, occupancy: null, talkMinutesPerAgentHour: null,
};
const report = { campaignId: 'c1', from: '', to: '', groupBy: 'agent', timeZone: 'UTC', rows: [row], total: row } as components['schemas']['KpiReportDto'];
const campaign = {
  name: 'c',
  stats: {
    campaignId: 'c1', status: 'active', mode: 'progressive', inFlight: 0, occupancy: null, occupancyWithWrap: null,
    window: { hours: 720, since: '', capRate: 0.03, dials: 0, liveAnswers: 0, abandons: 0, amdFalsePositives: 0 },
    lastHour: { dials: 12, liveAnswers: 6, connects: 6, contacts: 5 }, agents: { byState: {}, list: [] }, leads: {}, pacing: null, at: '',
  },
  why: { campaignId: 'c1', dialing: true, reasons: [] }, minutes: [], speedOfAnswer: { averageSec: null, connects: 0 },
} as unknown as FloorCampaign;

/** The tooltip of each figure: the reports' KPI column by heading index, the wallboard's tile by id. */
function tooltips(language: Language) {
  const reports = renderIn(language, <KpiSection report={report} days={{ from: '2026-12-01', to: '2026-12-07' }} />);
  const columns = [...reports.container.querySelectorAll<HTMLElement>('thead th')].map((th) => th.title);
  reports.unmount();
  const wallboard = renderIn(language, <WallboardTiles tiles={tilesOf([campaign])} />);
  const tiles = Object.fromEntries([...wallboard.container.querySelectorAll<HTMLElement>('[data-tile]')].map((tile) => [tile.dataset.tile!, tile.title]));
  wallboard.unmount();
  // Columns: key, dials, live answers, 接続率, contacts, コンタクト率, successes, 成約率, 放棄率, 平均応答速度, AHT, 占有率, talk per hour.
  return { column: { dials: columns[1], answerRate: columns[3], contactRate: columns[5], abandonRate: columns[8], speed: columns[9] }, tiles };
}

describe('one wording for one figure, on the wallboard and in the reports', () => {
  it.each<[Language, string, string]>([
    ['ja', '直近1時間。', '規制期間（720時間）の集計。'],
    ['en', 'Last hour. ', 'Over the regulatory window (720 h). '],
  ])('%s: the tiles give the reports’ column formulas, over their last hour or window', (language, lastHour, window) => {
    const { column, tiles } = tooltips(language);
    expect(column.contactRate).toBeTruthy();
    expect(tiles['dials']).toBe(lastHour + column.dials);
    expect(tiles['answer-rate']).toBe(lastHour + column.answerRate);
    expect(tiles['contact-rate']).toBe(lastHour + column.contactRate);
    expect(tiles['average-wait']).toBe(lastHour + column.speed);
    expect(tiles['abandon-rate'].startsWith(window + column.abandonRate)).toBe(true);
  });
});
