import type { FloorCampaign } from '@dialer/desk-events';
import { screen } from '@testing-library/react';
import { Language } from '../../app/i18n';
import { renderIn } from '../../app/testing/render-in';
import { tilesOf } from './wallboard-figures';
import { WallboardTiles } from './wallboard-tiles';

/** A campaign as the floor socket sends it: QA3 F1's calls (12 dials, 6 answered and put through, 5 contacts). */
const campaign = {
  name: 'Spring',
  stats: {
    campaignId: 'c1', status: 'active', mode: 'progressive', inFlight: 2, occupancy: 0.5, occupancyWithWrap: 0.6,
    window: { hours: 720, since: '', capRate: 0.03, dials: 12, liveAnswers: 6, machines: 0, connects: 6, machineConnects: 0, abandons: 0, amdFalsePositives: 0, abandonRate: 0, contacts: 5, contactRate: 5 / 12 },
    lastHour: { dials: 12, liveAnswers: 6, machines: 0, connects: 6, machineConnects: 0, abandons: 0, amdFalsePositives: 0, abandonRate: 0, contacts: 5, contactRate: 5 / 12 },
    agents: { byState: {}, list: [] }, leads: {}, at: '',
    pacing: { dialLevel: 1, callsToPlace: 0, reason: 'progressive', callsInFlight: 2, leader: 'w', atMs: 0 },
  },
  why: { campaignId: 'c1', dialing: true, reasons: [] },
  minutes: [],
  speedOfAnswer: { averageSec: 0.2, connects: 6 },
} as FloorCampaign;

const TILES = ['dials', 'answer-rate', 'contact-rate', 'abandon-rate', 'average-wait', 'occupancy', 'in-flight', 'dial-level', 'agents'];

/** Each tile: its label, value, tooltip (title) and the label's accessible description. */
function renderTiles(language: Language) {
  const { container } = renderIn(language, <WallboardTiles tiles={tilesOf([campaign])} />);
  return Object.fromEntries(
    TILES.map((id) => {
      const tile = container.querySelector(`[data-tile="${id}"]`) as HTMLElement;
      const label = tile.querySelector('dt') as HTMLElement;
      const describedBy = label.getAttribute('aria-describedby') ?? '';
      const description = describedBy === '' ? null : document.getElementById(describedBy);
      return [
        id,
        {
          label: label.textContent,
          value: tile.querySelector('.wb-tile-value')?.textContent,
          title: tile.getAttribute('title'),
          description: description?.textContent ?? null,
          descriptionHidden: description?.hidden ?? false,
        },
      ];
    }),
  );
}

describe('the wallboard tiles say what they count', () => {
  it.each<Language>(['en', 'ja'])('every tile has its formula as a tooltip and as its label’s accessible description (%s)', (language) => {
    const tiles = renderTiles(language);
    for (const id of TILES) {
      const tile = tiles[id];
      expect(tile.title).toBeTruthy();
      // The same text both ways, not shown on the tile itself, and never a raw i18n key.
      expect(tile.description).toBe(tile.title);
      expect(tile.descriptionHidden).toBe(true);
      expect(tile.title).not.toMatch(/kpi\.|wallboard\.|\{\{/);
    }
    // Each figure its own sentence.
    expect(new Set(TILES.map((id) => tiles[id].title)).size).toBe(TILES.length);
  });

  it('gives コンタクト率 as contacts ÷ dials, apart from 接続率, in Japanese', () => {
    const tiles = renderTiles('ja');
    expect(tiles['contact-rate']).toMatchObject({ label: 'コンタクト率', value: '41.7%' });
    expect(tiles['contact-rate'].title).toBe('直近1時間。コンタクト率 = コンタクト数 ÷ 発信数（コンタクト: 通話結果がコンタクトまたは成約の、人が応答した通話）');
    expect(tiles['answer-rate']).toMatchObject({ label: '接続率', value: '50.0%', title: '直近1時間。接続率 = 接続数（人）÷ 発信数' });
    expect(tiles['abandon-rate'].title).toMatch(/^規制期間（720時間）の集計。放棄率 = 放棄呼 ÷ 接続数（人）/);
    expect(tiles['average-wait']).toMatchObject({ value: '0.2 秒', title: '直近1時間。平均応答速度 = 顧客の応答からオペレーター接続までの平均秒数' });
    expect(tiles.occupancy.title).toMatch(/後処理は含みません/);
    expect(tiles.dials.title).toMatch(/^直近1時間。発信数: /);
  });

  it('in English too', () => {
    const tiles = renderTiles('en');
    expect(tiles['contact-rate']).toMatchObject({ label: 'Contact rate', value: '41.7%' });
    expect(tiles['contact-rate'].title).toBe('Last hour. Contact rate = contacts ÷ dials (contacts: live answers whose outcome code is flagged a contact or a success)');
    expect(tiles['answer-rate']).toMatchObject({ value: '50.0%', title: 'Last hour. Answer rate = live answers ÷ dials' });
    expect(tiles['abandon-rate'].title).toMatch(/^Over the regulatory window \(720 h\)\. Abandon rate = abandons ÷ live answers/);
    expect(tiles['average-wait'].value).toBe('0.2 s');
    expect(tiles['in-flight'].title).toMatch(/^Now\. Calls placed and not yet ended/);
  });

  it('is found by its label with its formula as description (accessibility tree)', () => {
    renderIn('en', <WallboardTiles tiles={tilesOf([campaign])} />);
    const terms = screen.getAllByRole('term');
    const contact = terms.find((term) => term.textContent === 'Contact rate') as HTMLElement;
    expect(contact.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByRole('term', { description: /^Last hour\. Contact rate = contacts ÷ dials/ })).toBe(contact);
  });
});
