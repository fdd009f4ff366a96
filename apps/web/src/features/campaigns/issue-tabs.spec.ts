import { tabOf } from './issue-tabs';

describe('where a readiness issue is fixed', () => {
  it('sends each setting to the tab that edits it', () => {
    expect(tabOf('lists')).toBe('lists');
    expect(tabOf('dispositions')).toBe('dispositions');
    expect(tabOf('settings.script')).toBe('script');
    expect(tabOf('settings.survey.questions[0].answers')).toBe('survey');
    expect(tabOf('settings.callerIds.numbers[1]')).toBe('settings');
    expect(tabOf('mode')).toBe('settings');
  });

  it('links nowhere for what no campaign page changes', () => {
    expect(tabOf('agents')).toBeNull();
    expect(tabOf('dnc.registry')).toBeNull();
  });
});
