import { CampaignLearner } from './campaign-learner';

const limits = { maxTalkSec: 600, maxWrapSec: 60, maxOutcomeSec: 60, maxGrid: 40, talkHalfLife: 100, wrapHalfLife: 100, outcomeHalfLife: 100 };

describe('CampaignLearner', () => {
  it('learns outcome, talk and wrap times from the event stream', () => {
    const learner = new CampaignLearner(limits);
    learner.observe({ type: 'placed', callId: 'c1', atMs: 0 });
    learner.observe({ type: 'placed', callId: 'c2', atMs: 0 });
    learner.observe({ type: 'unanswered', callId: 'c2', atMs: 25_000, reason: 'no_answer' });
    learner.observe({ type: 'answered', callId: 'c1', atMs: 9_000, by: 'human' });
    learner.observe({ type: 'connected', callId: 'c1', agentId: 'a1', atMs: 9_500 });
    learner.observe({ type: 'talk_ended', callId: 'c1', agentId: 'a1', atMs: 69_500 });
    learner.observe({ type: 'wrap_ended', agentId: 'a1', atMs: 79_500 });
    expect(learner.answers.outcomes).toBeCloseTo(2, 1);
    expect(learner.answers.humanAnswers).toBeCloseTo(1, 1);
    expect(learner.talk.count).toBeCloseTo(1, 1);
    expect(learner.wrap.count).toBeCloseTo(1, 1);
    learner.refresh();
    expect(learner.talk.survivalAt(59)).toBeGreaterThan(learner.talk.survivalAt(61));
  });

  it('ignores ends whose start it never saw (a restart, a lost webhook)', () => {
    const learner = new CampaignLearner(limits);
    learner.observe({ type: 'answered', callId: 'ghost', atMs: 9_000, by: 'human' });
    learner.observe({ type: 'talk_ended', callId: 'ghost', agentId: 'a1', atMs: 60_000 });
    learner.observe({ type: 'wrap_ended', agentId: 'a2', atMs: 70_000 });
    expect(learner.answers.outcomes).toBe(0);
    expect(learner.talk.count).toBe(0);
    expect(learner.wrap.count).toBe(0);
  });
});
