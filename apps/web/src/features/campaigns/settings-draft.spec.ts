import { changedSettings, fromLines, fromPairs, fromPercent, getAt, issuesAt, setAt, toPercent, withChanges } from './settings-draft';

describe('the campaign settings draft', () => {
  it('sends only the settings changed since the form opened, sections whole, emptied top-level ones as null (left out, the stored ones would stay)', () => {
    const stored = { pauseReasons: ['break', 'coaching'], cps: 20, script: 'Hello', wrapUp: { seconds: 30 }, abandon: { capRate: 0.03, windowHours: 24 } };
    expect(changedSettings({ cps: 20, wrapUp: {}, abandon: { windowHours: 24, capRate: 0.03 } }, stored)).toEqual({ wrapUp: {}, pauseReasons: null, script: null });
    expect(changedSettings({ ...stored, pauseReasons: ['lunch'], wrapUp: { seconds: 50 } }, stored)).toEqual({ pauseReasons: ['lunch'], wrapUp: { seconds: 50 } });
    expect(changedSettings({ cps: 20 }, { cps: 20 })).toEqual({});
    // A section opened and left empty on a campaign without one is no change.
    expect(changedSettings({ recording: {} }, {})).toEqual({});
  });

  it('puts a form’s changes on top of the settings read afresh, a cleared one removed', () => {
    const fresh: { cps?: number; wrapUp?: { seconds?: number }; pauseReasons?: string[] | null } = { cps: 30, wrapUp: { seconds: 30 }, pauseReasons: ['break'] };
    expect(withChanges(fresh, { wrapUp: { seconds: 50 }, pauseReasons: null })).toEqual({ cps: 30, wrapUp: { seconds: 50 } });
    expect(fresh).toEqual({ cps: 30, wrapUp: { seconds: 30 }, pauseReasons: ['break'] });
  });

  it('sets a nested value without touching the original, creating the objects on the way', () => {
    const stored = { cps: 5, abandon: { capRate: 0.03 } };
    const next = setAt(stored, 'abandon.message.callerName', 'Example Energy');
    expect(next).toEqual({ cps: 5, abandon: { capRate: 0.03, message: { callerName: 'Example Energy' } } });
    expect(stored).toEqual({ cps: 5, abandon: { capRate: 0.03 } });
    expect(getAt(next, 'abandon.message.callerName')).toBe('Example Energy');
    expect(getAt(next, 'amd.mode')).toBeUndefined();
  });

  it('removes a cleared value and the nested object it leaves empty, but keeps the emptied section so the api clears it', () => {
    const draft = { abandon: { message: { callerName: 'X' } }, cps: 2 };
    expect(setAt(draft, 'abandon.message.callerName', undefined)).toEqual({ abandon: {}, cps: 2 });
    expect(setAt(draft, 'cps', undefined)).toEqual({ abandon: { message: { callerName: 'X' } } });
  });

  it('keeps null, which means "no calls that day"', () => {
    expect(setAt({}, 'callingHours.weekly.sun', null)).toEqual({ callingHours: { weekly: { sun: null } } });
  });

  it('finds the readiness issues of a field, including its items, or only its own', () => {
    const issues = [
      { field: 'settings.callerIds.numbers[1]', code: 'INVALID_CALLER_ID', message: 'bad' },
      { field: 'settings.abandon.message', code: 'ABANDON_MESSAGE_MISSING', message: 'missing' },
      { field: 'settings.abandon.message.callbackNumber', code: 'INVALID_CALLBACK_NUMBER', message: 'not E.164' },
      { field: 'settings.callerIdsX', code: 'OTHER', message: 'other' },
    ];
    expect(issuesAt(issues, 'settings.callerIds.numbers').map((i) => i.code)).toEqual(['INVALID_CALLER_ID']);
    expect(issuesAt(issues, 'settings.abandon.message', true).map((i) => i.code)).toEqual(['ABANDON_MESSAGE_MISSING']);
    expect(issuesAt(issues, 'settings.abandon').map((i) => i.code)).toEqual(['ABANDON_MESSAGE_MISSING', 'INVALID_CALLBACK_NUMBER']);
    expect(issuesAt(undefined, 'lists')).toEqual([]);
  });

  it('shows shares as percentages and reads them back without float noise', () => {
    expect(toPercent(0.03)).toBe('3');
    expect(toPercent(0.024)).toBe('2.4');
    expect(fromPercent('2.4')).toBe(0.024);
    expect(fromPercent(' ')).toBeUndefined();
    expect(toPercent(undefined)).toBe('');
  });

  it('reads one item per line and key=value pairs', () => {
    expect(fromLines('+14155550100\n\n  +12125550100 \n')).toEqual(['+14155550100', '+12125550100']);
    expect(fromLines('\n')).toBeUndefined();
    expect(fromPairs('plan = Gold\nnot a pair\ntier=2=3')).toEqual({ plan: 'Gold', tier: '2=3' });
  });
});
