import { resolveCampaignConfig } from '@dialer/campaigns';
import { createPacer } from '@dialer/pacing';
import { estimatedAmdFalsePositives } from '../stats/campaign-stats.service';
import { amdFalsePositiveShare, pacerAgent, pacingSettings } from './campaign-runner';

const config = (jurisdiction: 'US' | 'UK', amd: object = { mode: 'async', falsePositiveRate: 0.05 }) =>
  resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'predictive', jurisdiction, settings: { amd } });

describe('pacing settings and the UK AMD false-positive estimate', () => {
  it('measures the abandon rate over the profile’s window', () => {
    expect(pacingSettings('predictive', config('US')).abandonWindowMs).toBe(30 * 86_400_000);
    expect(pacingSettings('predictive', config('UK')).abandonWindowMs).toBe(86_400_000);
  });

  it('estimates false positives only where the law counts them and AMD is on', () => {
    expect(estimatedAmdFalsePositives(config('UK'), 200)).toBeCloseTo(10);
    expect(estimatedAmdFalsePositives(config('US'), 200)).toBe(0);
    expect(estimatedAmdFalsePositives(config('UK', { mode: 'off' }), 200)).toBe(0);
    expect(amdFalsePositiveShare(config('UK'), { liveAnswers: 1000, machines: 200 })).toBeCloseTo(0.01);
    expect(amdFalsePositiveShare(config('UK'), { liveAnswers: 0, machines: 200 })).toBe(0);
  });

  it('lowers the pacer’s cap so that abandons plus false positives stay under the legal cap', () => {
    const uk = config('UK');
    const share = 0.01; // 10 estimated false positives per 1,000 live answers
    const settings = pacingSettings('predictive', uk, share);
    // At the pacer's cap a ÷ h = c', the rate the law sees is (a + f) ÷ (h + f) = c.
    const h = 1000;
    const f = share * h;
    const a = settings.maxAbandonRate * h;
    expect((a + f) / (h + f)).toBeCloseTo(uk.pacing.maxAbandonRate, 10);
    expect(settings.targetAbandonRate!).toBeLessThan(settings.maxAbandonRate);
    expect(() => createPacer(settings)).not.toThrow();
  });

  it('gives up predictive pacing when the estimate leaves almost nothing of the cap', () => {
    const settings = pacingSettings('predictive', config('UK'), 0.03);
    expect(settings.mode).toBe('progressive');
    expect(() => createPacer(settings)).not.toThrow();
    expect(pacingSettings('predictive', config('US'), 0).mode).toBe('predictive');
    // The rule-based modes do not read the cap: left as the campaign set it.
    const power = resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'power', jurisdiction: 'UK', settings: { amd: { mode: 'async' } } });
    expect(pacingSettings('power', power, 0.5)).toMatchObject({ mode: 'power', maxAbandonRate: 0.03 });
    expect(() => createPacer(pacingSettings('power', power, 0.5))).not.toThrow();
  });

  it('paces under the campaign’s own abandon cap when it lowers the law’s', () => {
    const lowered = (settings: object) => resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'predictive', jurisdiction: 'US', settings });
    expect(pacingSettings('predictive', lowered({ abandon: { capRate: 0.02 } }))).toMatchObject({ maxAbandonRate: 0.02, targetAbandonRate: 0.016 });
    // A target under the lowered cap is kept; the pacing cap, when lower still, wins.
    expect(pacingSettings('predictive', lowered({ abandon: { capRate: 0.02 }, pacing: { targetAbandonRate: 0.01 } }))).toMatchObject({ maxAbandonRate: 0.02, targetAbandonRate: 0.01 });
    expect(pacingSettings('predictive', lowered({ abandon: { capRate: 0.02 }, pacing: { maxAbandonRate: 0.015 } }))).toMatchObject({ maxAbandonRate: 0.015 });
    expect(() => createPacer(pacingSettings('predictive', lowered({ abandon: { capRate: 0.02 } })))).not.toThrow();
  });
});

describe('agents as the pacer sees them', () => {
  const wrap = { seconds: 30 };
  const presence = (wrapUpUntilMs: number | null, state: 'wrap_up' | 'ready' = 'wrap_up') => ({
    agentId: 'a1', name: 'A', campaignId: 'c1', state, sinceMs: 1_000_000, attemptId: null, leadId: null,
    pauseReason: null, pauseAfterCall: null, epoch: 3, wrapUpUntilMs,
  });
  const usConfig = resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'predictive', jurisdiction: 'US', settings: { wrapUp: wrap } });

  it('tells the pacer an agent who extended their wrap-up is busy until its deadline', () => {
    expect(pacerAgent(presence(1_060_000), usConfig)).toEqual({ id: 'a1', state: 'wrap_up', sinceMs: 1_000_000, announcedPause: false, busyUntilMs: 1_060_000 });
  });

  it('leaves an ordinary wrap-up to the learned wrap-up times', () => {
    expect(pacerAgent(presence(1_030_000), usConfig)).not.toHaveProperty('busyUntilMs');
    expect(pacerAgent(presence(null), usConfig)).not.toHaveProperty('busyUntilMs');
  });
});
