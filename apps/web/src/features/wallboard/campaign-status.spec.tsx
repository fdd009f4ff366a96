import type { FloorCampaign } from '@dialer/desk-events';
import { screen } from '@testing-library/react';
import { renderIn } from '../../app/testing/render-in';
import { CampaignStatus } from './campaign-status';
import { tilesOf } from './wallboard-figures';
import { WallboardTiles } from './wallboard-tiles';

/** A campaign as the floor socket sends it, reduced to what the pacing line and the tiles read. */
const campaign = (dialLevel: number) =>
  ({
    name: 'Spring',
    stats: {
      campaignId: 'c1', status: 'active', mode: 'predictive', inFlight: 3, occupancy: null, occupancyWithWrap: null,
      window: { hours: 24, since: '', capRate: 0.03, dials: 0, liveAnswers: 0, abandons: 0 },
      lastHour: { dials: 0, liveAnswers: 0, connects: 0 },
      agents: { byState: {}, list: [] }, leads: {}, at: '',
      pacing: { dialLevel, callsToPlace: 1, reason: 'predictive', callsInFlight: 3, leader: 'w', atMs: 0 },
    },
    why: { campaignId: 'c1', dialing: true, reasons: [] },
    minutes: [],
    speedOfAnswer: { averageSec: null, connects: 0 },
  }) as unknown as FloorCampaign;

describe('the dial level', () => {
  it('reads with at most two decimals in the page language, on the pacing line and its tile', () => {
    renderIn('en', <CampaignStatus campaign={campaign(14 / 11)} showName={false} />);
    expect(screen.getByText(/^Dial level 1\.27,/)).toBeTruthy();
  });

  it('in Japanese too', () => {
    const { container } = renderIn('ja', <WallboardTiles tiles={tilesOf([campaign(12 / 11)])} />);
    expect(container.querySelector('[data-tile="dial-level"] .wb-tile-value')?.textContent).toBe('1.09');
    renderIn('ja', <CampaignStatus campaign={campaign(12 / 11)} showName={false} />);
    expect(screen.getByText(/発信レベル 1\.09/)).toBeTruthy();
  });
});
