import { isKnownHolidayCalendar, settingsProblems } from './settings-rules';

const fields = (settings: object, jurisdiction: 'US' | 'UK' | 'JP' = 'US') =>
  settingsProblems(settings, jurisdiction).map((problem) => problem.field);

describe('settingsProblems', () => {
  it('lets a campaign lower the abandon cap but never raise it', () => {
    expect(fields({ abandon: { capRate: 0.02 } })).toEqual([]);
    expect(fields({ abandon: { capRate: 0.03 } })).toEqual([]);
    expect(fields({ abandon: { capRate: 0.05 } })).toEqual(['settings.abandon.capRate']);
    expect(fields({ pacing: { maxAbandonRate: 0.031 } })).toEqual(['settings.pacing.maxAbandonRate']);
    expect(settingsProblems({ abandon: { capRate: 0.05 } }, 'US')[0].messages[0]).toMatch(/only lower the US cap of 3 %/);
  });

  it('accepts only the jurisdiction’s own abandon window', () => {
    expect(fields({ abandon: { windowHours: 720 } }, 'US')).toEqual([]);
    expect(fields({ abandon: { windowHours: 24 } }, 'UK')).toEqual([]);
    expect(fields({ abandon: { windowHours: 24 } }, 'US')).toEqual(['settings.abandon.windowHours']);
    expect(fields({ abandon: { windowHours: 1 } }, 'UK')).toEqual(['settings.abandon.windowHours']);
  });

  it('refuses a week of its own with no calling day (it would never dial), saying so at the week', () => {
    expect(fields({ callingHours: { weekly: { mon: { start: '10:00', end: '18:00' } } } })).toEqual([]);
    expect(settingsProblems({ callingHours: { weekly: {} } }, 'JP')).toEqual([
      { field: 'settings.callingHours.weekly', messages: [expect.stringMatching(/no day calling hours/)], rules: ['NO_CALLING_DAYS'], params: [undefined] },
    ]);
    expect(fields({ callingHours: { weekly: { mon: null, sat: null } } })).toEqual(['settings.callingHours.weekly']);
    expect(fields({ callingHours: { holidays: [] } })).toEqual([]);
  });

  it('refuses a holiday calendar date-holidays does not know', () => {
    expect(fields({ callingHours: { holidayCalendar: 'JP' } })).toEqual([]);
    expect(fields({ callingHours: { holidayCalendar: 'ZZ' } })).toEqual(['settings.callingHours.holidayCalendar']);
    expect(isKnownHolidayCalendar('GB')).toBe(true);
    expect(isKnownHolidayCalendar('constructor')).toBe(false);
  });

  it('refuses a script Mustache cannot read, saying why', () => {
    expect(fields({ script: 'Hello {{firstName}} {{custom.vip}}' })).toEqual([]);
    const [problem] = settingsProblems({ script: 'Hello {{#custom.plan}} unclosed' }, 'US');
    expect(problem).toEqual({
      field: 'settings.script',
      messages: [expect.stringMatching(/Unclosed section "custom.plan"/)],
      rules: ['SCRIPT_UNCLOSED_SECTION'],
      params: [{ tag: '{{#custom.plan}}' }],
    });
    expect(fields({ script: 'Hello {{firstName' })).toEqual(['settings.script']);
  });

  it('gives each refusal a rule code and the tag or id it names, for a client to word it in its own language', () => {
    const rulesOf = (settings: object) => settingsProblems(settings, 'JP').map(({ field, rules, params }) => ({ field, rules, params }));
    expect(rulesOf({ script: '{{custom}} です' })).toEqual([
      { field: 'settings.script', rules: ['SCRIPT_UNKNOWN_FIELD'], params: [{ tag: '{{custom}}', field: 'custom' }] },
    ]);
    expect(rulesOf({ script: '{{#firstName}}x{{/firstName}}' })).toEqual([
      { field: 'settings.script', rules: ['SCRIPT_SECTION'], params: [{ tag: '{{#firstName}}' }] },
    ]);
    expect(rulesOf({ script: '{{firstName' })).toEqual([
      { field: 'settings.script', rules: ['SCRIPT_UNCLOSED_TAG'], params: [{ tag: '{{firstName', position: 1 }] },
    ]);
    expect(rulesOf({ script: 'Hi {{/plan}}' })).toEqual([{ field: 'settings.script', rules: ['SCRIPT_UNOPENED_SECTION'], params: [{ tag: '{{/plan}}' }] }]);
    expect(rulesOf({ script: '{{&agent.name}} {{>p}} {{.}}' })[0].rules).toEqual(['SCRIPT_UNESCAPED_TAG', 'SCRIPT_PARTIAL', 'SCRIPT_NO_FIELD_NAME']);
    const question = (id: string) => ({ id, prompt: `Question ${id}`, answers: ['1', '2'] });
    expect(rulesOf({ survey: { questions: [question('q1'), question('q1'), question('__proto__')] } })).toEqual([
      { field: 'settings.survey.questions[1].id', rules: ['QUESTION_ID_REPEATED'], params: [{ id: 'q1' }] },
      { field: 'settings.survey.questions[2].id', rules: ['QUESTION_ID_RESERVED'], params: [{ id: '__proto__' }] },
    ]);
    expect(rulesOf({ abandon: { capRate: 0.5, windowHours: 1 }, wrapUp: { seconds: 60, maxSeconds: 20 }, pauseReasons: ['lunch', 'lunch'] }).map((p) => p.rules![0])).toEqual([
      'ABANDON_CAP_TOO_HIGH',
      'ABANDON_WINDOW_SET_BY_LAW',
      'PAUSE_REASON_REPEATED',
      'WRAP_UP_MAX_TOO_SHORT',
    ]);
    // A tag that runs to the end of a long script is quoted short.
    const [long] = rulesOf({ script: `{{firstName ${'x'.repeat(500)}` });
    expect(String(long.params![0]!.tag)).toHaveLength(41);
  });

  it('refuses a script naming an object, a section or a field no lead has, naming each tag', () => {
    for (const script of ['Hello {{custom}}', '{{agent}}', '{{.}}', '{{{custom}}}', '{{&custom}}', '{{#custom}}{{.}}{{/custom}}', '{{firstName.length}}', '{{nickname}}']) {
      const [problem] = settingsProblems({ script }, 'US');
      expect(problem?.field).toBe('settings.script');
      expect(problem.messages.join(' ')).toContain(script.match(/\{\{[^}]*\}\}\}?/)![0]);
    }
  });

  it('refuses a holiday that is no day of the calendar, naming it', () => {
    expect(fields({ callingHours: { holidays: ['2026-02-28', '2028-02-29', '2026-12-31'] } })).toEqual([]);
    expect(fields({ callingHours: { holidays: ['2026-01-01', '2026-02-30', '2026-13-01', '2026-04-31', '2027-02-29', '2026-00-10'] } })).toEqual([
      'settings.callingHours.holidays[1]',
      'settings.callingHours.holidays[2]',
      'settings.callingHours.holidays[3]',
      'settings.callingHours.holidays[4]',
      'settings.callingHours.holidays[5]',
    ]);
    expect(settingsProblems({ callingHours: { holidays: ['2026-02-30'] } }, 'US')[0].messages[0]).toMatch(/"2026-02-30" is not a date of the calendar/);
  });

  it('refuses survey question ids used twice, or named like a member every object has', () => {
    const question = (id: string) => ({ id, prompt: `Question ${id}`, answers: ['1', '2'] });
    expect(fields({ survey: { questions: [question('q1'), question('q2')] } })).toEqual([]);
    expect(fields({ survey: { questions: [question('q1'), question('q2'), question('q1')] } })).toEqual(['settings.survey.questions[2].id']);
    expect(fields({ survey: { questions: [question('__proto__'), question('constructor'), question('toString'), question('ok')] } })).toEqual([
      'settings.survey.questions[0].id',
      'settings.survey.questions[1].id',
      'settings.survey.questions[2].id',
    ]);
  });

  it('refuses pause reasons that are the system’s own, or repeated, naming them', () => {
    expect(fields({ pauseReasons: ['break', 'coaching'] })).toEqual([]);
    const [problem] = settingsProblems({ pauseReasons: ['break', 'no_audio', 'disconnected'] }, 'US');
    expect(problem).toMatchObject({ field: 'settings.pauseReasons', messages: ["pauseReasons may not offer the system's own reasons: no_audio, disconnected"] });
    expect(settingsProblems({ pauseReasons: ['lunch', 'lunch'] }, 'JP')[0].messages[0]).toMatch(/lunch more than once/);
    // A supervisor's "sign out after this call" is a pause-after-call with this reason: an agent's pause with it would sign them out.
    expect(settingsProblems({ pauseReasons: ['break', 'signed_out'] }, 'US')[0]?.messages).toEqual(["pauseReasons may not offer the system's own reasons: signed_out"]);
  });

  it('refuses a wrap-up maximum shorter than the wrap-up', () => {
    expect(fields({ wrapUp: { seconds: 20, maxSeconds: 60 } })).toEqual([]);
    expect(fields({ wrapUp: { seconds: 60, maxSeconds: 20 } })).toEqual(['settings.wrapUp.maxSeconds']);
    expect(fields({ wrapUp: { maxSeconds: 10 } })).toEqual(['settings.wrapUp.maxSeconds']);
  });

  it('lists every problem at once', () => {
    expect(fields({ abandon: { capRate: 0.5, windowHours: 1 }, script: '{{/x}}' }).sort()).toEqual([
      'settings.abandon.capRate',
      'settings.abandon.windowHours',
      'settings.script',
    ]);
  });
});
