import Mustache from 'mustache';
import { CampaignSettings } from './campaign-settings';
import { resolveCampaignConfig } from './campaign-config';
import { checkCampaignReadiness, ReadinessFacts } from './campaign-readiness';
import { pickCallerId } from './caller-id';
import { previewScript, renderScript, scriptProblems, scriptTagProblems, unknownScriptFields } from './script-template';
import { abandonMessageText } from './spoken-messages';

const facts: ReadinessFacts = { activeLists: 1, dialableLeads: 100, loggedInAgents: 12, finalDispositions: 3, accountCps: 5 };
const ready = {
  callerIds: { numbers: ['+14155550100'] },
  abandon: { message: { callerName: 'Example Energy', callbackNumber: '+18005550199', optOut: 'To stop our calls, call us and say stop' } },
};

describe('resolveCampaignConfig', () => {
  it('fills gaps from the jurisdiction profile', () => {
    const uk = resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'predictive', jurisdiction: 'UK', settings: {} });
    expect(uk.abandon).toMatchObject({ capRate: 0.03, windowHours: 24 });
    expect(uk.profile.redialAfterAbandon).toEqual({ hours: 72 });
    expect(uk.pacing.targetAbandonRate).toBeCloseTo(0.024);
    expect(uk.callingHours.weekly.mon).toEqual({ start: '08:00', end: '21:00' });
  });

  it('never lets a campaign raise the cap above the law', () => {
    const config = resolveCampaignConfig({
      kind: 'telemarketing',
      dialingMode: 'predictive',
      jurisdiction: 'US',
      settings: { pacing: { maxAbandonRate: 0.1 }, abandon: { capRate: 0.05 } },
    });
    expect(config.pacing.maxAbandonRate).toBe(0.03);
    expect(config.abandon.capRate).toBe(0.03);
  });

  it('measures the abandon rate over the profile’s window whatever the settings say: shorter forgets a bad day, longer averages it away', () => {
    for (const [jurisdiction, hours] of [
      ['US', 720],
      ['UK', 24],
      ['JP', 720],
    ] as const) {
      for (const windowHours of [1, 24, 744]) {
        const config = resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'predictive', jurisdiction, settings: { abandon: { windowHours } } });
        expect({ jurisdiction, windowHours, measured: config.abandon.windowHours }).toEqual({ jurisdiction, windowHours, measured: hours });
      }
    }
  });

  it('adds a country’s public holidays when asked', () => {
    const config = resolveCampaignConfig(
      { kind: 'survey', dialingMode: 'agentless', jurisdiction: 'JP', settings: { callingHours: { holidayCalendar: 'JP' } } },
      new Date('2026-11-22T00:00:00Z'),
    );
    expect(config.callingHours.holidays).toEqual(expect.arrayContaining(['2026-11-23', '2027-01-01'])); // 勤労感謝の日, 元日
  });
});

describe('pause reasons and the wrap-up cap', () => {
  const config = (settings: CampaignSettings) => resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'predictive', jurisdiction: 'JP', settings });

  it('offers the default pause reasons unless the campaign names its own', () => {
    expect(config({}).pauseReasons).toEqual(['break', 'lunch', 'meeting', 'training', 'end_of_shift', 'other']);
    expect(config({ pauseReasons: ['break', 'coaching'] }).pauseReasons).toEqual(['break', 'coaching']);
    expect(config({ pauseReasons: [] }).pauseReasons).toEqual(['break', 'lunch', 'meeting', 'training', 'end_of_shift', 'other']);
  });

  it('lets a wrap-up stretch by three extensions unless capped, never below its own length', () => {
    expect(config({}).wrapUp).toEqual({ seconds: 30, autoReady: false, maxSeconds: 120 });
    expect(config({ wrapUp: { seconds: 45, maxSeconds: 60 } }).wrapUp.maxSeconds).toBe(60);
    expect(config({ wrapUp: { seconds: 45, maxSeconds: 10 } }).wrapUp.maxSeconds).toBe(45);
  });
});

describe('checkCampaignReadiness', () => {
  const config = (settings: object, mode: 'predictive' | 'agentless' | 'power' | 'preview' = 'predictive', jurisdiction: 'US' | 'UK' | 'JP' = 'US') =>
    resolveCampaignConfig({ kind: 'telemarketing', dialingMode: mode, jurisdiction, settings });

  it('blocks a start with a stored script Mustache cannot read, instead of failing every screen pop', () => {
    const report = checkCampaignReadiness(config({ ...ready, script: 'Hi {{#custom.plan}}' }), facts);
    expect(report.problems).toEqual([expect.objectContaining({ field: 'settings.script', code: 'INVALID_SCRIPT' })]);
  });

  it('accepts a complete campaign', () => {
    expect(checkCampaignReadiness(config(ready), facts)).toEqual({ problems: [], warnings: [] });
  });

  it('dials every number a lead has by default, and says so when a campaign leaves the main number out or repeats one', () => {
    expect(config(ready).numbers).toEqual({ order: ['main', 'alt1', 'alt2'], nextOn: ['busy', 'no_answer', 'failed', 'machine'], wrongNumberCodes: ['WRONG_NUMBER', 'WRONG_PARTY'] });
    expect(checkCampaignReadiness(config({ ...ready, numbers: { order: ['alt1', 'alt2'] } }), facts).warnings).toEqual([
      expect.objectContaining({ field: 'settings.numbers.order', code: 'MAIN_NUMBER_NOT_DIALED' }),
    ]);
    // Stored before validation existed: the start names the field.
    expect(checkCampaignReadiness(config({ ...ready, numbers: { order: ['main', 'main'] } }), facts).problems).toEqual([
      expect.objectContaining({ field: 'settings.numbers.order', code: 'INVALID_NUMBER_ORDER' }),
    ]);
  });

  it('warns a US campaign whose national DNC registry copy is over 31 days old', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const codes = (jurisdiction: 'US' | 'UK', registryCopyDate: Date | null) =>
      checkCampaignReadiness(config(ready, 'predictive', jurisdiction), { ...facts, registryCopyDate, now }).warnings.map((w) => w.code);
    expect(codes('US', new Date('2026-11-01T00:00:00Z'))).toEqual(['REGISTRY_COPY_STALE']);
    expect(codes('US', new Date('2026-11-20T00:00:00Z'))).toEqual([]);
    expect(codes('UK', new Date('2026-11-01T00:00:00Z'))).not.toContain('REGISTRY_COPY_STALE');
  });

  it('lists every problem at once, each with its field', () => {
    const report = checkCampaignReadiness(
      config({ ringTimeoutSec: 10, callingHours: { weekly: { mon: { start: '07:00', end: '22:00' } } } }),
      { ...facts, activeLists: 0, finalDispositions: 0 },
    );
    expect(report.problems.map((p) => p.code).sort()).toEqual(
      ['ABANDON_MESSAGE_MISSING', 'NO_CALLER_ID', 'NO_FINAL_DISPOSITION', 'NO_LISTS', 'OUTSIDE_LAWFUL_HOURS', 'RING_TOO_SHORT'].sort(),
    );
    expect(report.problems.find((p) => p.code === 'OUTSIDE_LAWFUL_HOURS')).toMatchObject({
      field: 'settings.callingHours.weekly.mon',
      message: expect.stringMatching(/08:00–21:00/),
      params: { day: 'mon', profile: 'US', start: '08:00', end: '21:00' },
    });
    // The figures a sentence states travel beside it: a client words the code in its language and keeps them.
    expect(report.problems.find((p) => p.code === 'RING_TOO_SHORT')).toMatchObject({ params: { seconds: expect.any(Number), profile: 'US' } });
  });

  it('warns that predictive pacing with fewer than 10 agents performs poorly', () => {
    const report = checkCampaignReadiness(config(ready), { ...facts, loggedInAgents: 4 });
    expect(report.problems).toEqual([]);
    expect(report.warnings.map((w) => w.code)).toEqual(['PREDICTIVE_FEW_AGENTS']);
    expect(report.warnings[0].params).toEqual({ min: 10, agents: 4 });
  });

  it('requires a survey for agentless campaigns and single keys as answers', () => {
    const noSurvey = checkCampaignReadiness(config(ready, 'agentless'), facts);
    expect(noSurvey.problems.map((p) => p.code)).toContain('SURVEY_MISSING');
    const badKeys = checkCampaignReadiness(
      config({ ...ready, survey: { questions: [{ id: 'q1', prompt: 'Happy?', answers: ['yes', 'no'] }] } }, 'agentless'),
      facts,
    );
    expect(badKeys.problems.map((p) => p.code)).toContain('ANSWER_NOT_A_KEY');
    expect(badKeys.warnings.map((w) => w.code)).toContain('CONSENT_REQUIRED');
  });

  it('asks JP campaigns for the identity disclosure and the product', () => {
    const codes = checkCampaignReadiness(config(ready, 'preview', 'JP'), facts).problems.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['IDENTITY_MISSING', 'PRODUCT_MISSING']));
  });

  it('says when a window set in the settings is ignored', () => {
    const settings = { ...ready, abandon: { ...ready.abandon, windowHours: 1 } };
    const report = checkCampaignReadiness(config(settings), facts, settings);
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'ABANDON_WINDOW_FIXED', field: 'settings.abandon.windowHours' })]);
  });

  it('warns UK campaigns using AMD that false positives are estimated until a measured rate is set', () => {
    const amd: CampaignSettings = { ...ready, amd: { mode: 'async' } };
    expect(checkCampaignReadiness(config(amd, 'predictive', 'UK'), facts, amd).warnings.map((w) => w.code)).toEqual(['AMD_FALSE_POSITIVE_RATE_ASSUMED']);
    const measured: CampaignSettings = { ...ready, amd: { mode: 'async', falsePositiveRate: 0.01 } };
    expect(checkCampaignReadiness(config(measured, 'predictive', 'UK'), facts, measured).warnings).toEqual([]);
    expect(checkCampaignReadiness(config(amd, 'predictive', 'US'), facts, amd).warnings).toEqual([]);
  });

  it('does not ask preview campaigns for an abandon message: an agent is always there', () => {
    const codes = checkCampaignReadiness(config({ callerIds: ready.callerIds }, 'preview'), facts).problems.map((p) => p.code);
    expect(codes).not.toContain('ABANDON_MESSAGE_MISSING');
  });
});

describe('talk scripts', () => {
  const context = { firstName: 'Aiko', phone: '+819012345678', custom: { plan: 'Gold' }, agent: { name: 'Ken' } };

  it('fills lead fields, custom fields and the agent name, as plain text', () => {
    expect(renderScript('Hello {{firstName}}, I am {{agent.name}} about your {{custom.plan}} plan <b>', context)).toBe(
      'Hello Aiko, I am Ken about your Gold plan <b>',
    );
  });

  it('names the fields a template uses that no lead has', () => {
    expect(unknownScriptFields('Hi {{firstName}} {{nickname}} {{custom.anything}}')).toEqual(['nickname']);
  });

  it('previews a script for the sample lead, with the fields the editor gives taking precedence', () => {
    expect(previewScript('{{lastName}} {{firstName}} ({{custom.plan}}, {{custom.tier}}) / {{agent.name}} {{nickname}}', { firstName: 'Aiko', custom: { tier: '2' } })).toEqual({
      text: 'Yamada Aiko (Gold, 2) / Sato ',
      problem: null,
      problems: [],
      unknownFields: ['nickname'],
    });
  });

  it('leaves blank the names that only the JavaScript object has (constructor, __proto__, toString), never calling them', () => {
    const hostile = '[{{constructor}}|{{__proto__}}|{{toString}}|{{custom.constructor.constructor}}|{{#custom.__proto__}}x{{/custom.__proto__}}|{{#constructor.constructor}}y{{/constructor.constructor}}|{{#firstName}}{{constructor}}{{/firstName}}]';
    expect(renderScript(hostile, context)).toBe('[||||||]');
    expect(previewScript(`{{firstName}} [{{constructor}}|{{__proto__}}|{{toString}}|{{custom.constructor.constructor}}]`).text).toBe('Hanako [|||]');
  });

  it('renders a tag naming an object, a section, {{.}} or a path into a field blank, never throwing nor reaching a JavaScript member', () => {
    const objects = '{{custom}}|{{agent}}|{{.}}|{{{custom}}}|{{&custom}}|{{#custom}}{{.}}{{/custom}}|{{^firstName}}none{{/firstName}}|{{>partial}}';
    expect(renderScript(`Hi {{firstName}} ${objects} {{firstName.length}}{{firstName.constructor.name}}{{custom.plan.length}}!`, context)).toBe('Hi Aiko ||||||| !');
    // Stored before scripts were checked, or a value of the wrong kind in a lead's custom fields: still text.
    expect(renderScript('{{custom.n}}/{{custom.o}}/{{custom.toString}}', { ...context, custom: { n: 3, o: { a: 1 } } as never })).toBe('3//');
    expect(renderScript('{{firstName}}', { ...context, firstName: null })).toBe('');
    expect(renderScript('Hello {{#vip}}', context)).toBe('Hello {{#vip}}');
  });

  it('names each tag a script may not use, so a save is refused naming it', () => {
    expect(scriptTagProblems('{{custom}} {{.}} {{{custom}}} {{&agent}} {{#custom}}x{{/custom}} {{^a}}b{{/a}} {{>p}} {{=<% %>=}}').map((p) => p.tag)).toEqual([
      '{{.}}',
      '{{{custom}}}',
      '{{&agent}}',
      '{{#custom}}',
      '{{^a}}',
      '{{>p}}',
      '{{=<% %>=}}',
    ]);
    expect(unknownScriptFields('{{custom}} {{agent}} {{firstName.length}} {{custom.plan}} {{agent.name}} {{localTime}}')).toEqual(['custom', 'agent', 'firstName.length']);
    expect(scriptProblems('Hello {{firstName}} {{custom.plan}}, {{agent.name}} {{! a note for authors }}')).toEqual([]);
    const problems = scriptProblems('Hello {{custom}} {{#custom}}x{{/custom}} {{firstName.length}}');
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('{{#custom}} opens a section'),
      expect.stringContaining('{{custom}} names no field'),
      expect.stringContaining('{{firstName.length}} names no field'),
    ]);
    expect(problems.map((p) => [p.code, p.params.tag])).toEqual([
      ['SCRIPT_SECTION', '{{#custom}}'],
      ['SCRIPT_UNKNOWN_FIELD', '{{custom}}'],
      ['SCRIPT_UNKNOWN_FIELD', '{{firstName.length}}'],
    ]);
    expect(scriptProblems('Hello {{firstName')).toEqual([
      { code: 'SCRIPT_UNCLOSED_TAG', message: expect.stringMatching(/^script is not a valid template: Unclosed tag/), params: { tag: '{{firstName', position: 7 } },
    ]);
  });

  it('previews a script using a refused tag as a problem naming it, never a 500', () => {
    expect(previewScript('{{custom}}', { custom: { a: '1' } })).toEqual({ text: '', problem: null, problems: [], unknownFields: ['custom'] });
    expect(previewScript('{{#custom}}{{.}}{{/custom}}')).toMatchObject({
      text: null,
      problem: expect.stringContaining('{{#custom}} opens a section'),
      problems: [
        { code: 'SCRIPT_SECTION', params: { tag: '{{#custom}}' } },
        { code: 'SCRIPT_NO_FIELD_NAME', params: { tag: '{{.}}' } },
      ],
    });
    expect(previewScript('{{firstName.length}} {{firstName.constructor.name}}', { firstName: 'Ann' })).toEqual({
      text: ' ',
      problem: null,
      problems: [],
      unknownFields: ['firstName.length', 'firstName.constructor.name'],
    });
  });

  it('keeps no parsed template once the preview is answered (a new one comes at every keystroke)', () => {
    const marker = `Keystroke ${Date.now()} {{firstName}}`;
    previewScript(marker);
    const cached = Object.keys((Mustache.templateCache as unknown as { _cache: Record<string, unknown> })._cache);
    expect(cached.filter((key) => key.startsWith(marker))).toEqual([]);
  });

  it('previews no text for a template that does not parse, and says why', () => {
    const preview = previewScript('Hello {{#vip}}friend');
    expect(preview.text).toBeNull();
    expect(preview.problem).toMatch(/Unclosed section "vip"/);
    expect(preview.problems).toEqual([{ code: 'SCRIPT_UNCLOSED_SECTION', message: expect.stringMatching(/Unclosed section "vip"/), params: { tag: '{{#vip}}' } }]);
  });
});

describe('caller ids', () => {
  const pool = ['+14155550100', '+12125550100', '+13125550100'];

  it('rotates through the pool', () => {
    expect([0, 1, 2, 3].map((i) => pickCallerId(pool, '+19075551234', false, i))).toEqual([...pool, pool[0]]);
  });

  it('prefers a number from the callee’s area code with local presence', () => {
    expect(pickCallerId(pool, '+12125559876', true, 7)).toBe('+12125550100');
    expect(pickCallerId(pool, '+19075551234', true, 1)).toBe(pool[1]); // no local number: rotation
  });
});

describe('abandon message', () => {
  it('names the caller, a number to call back and the opt-out', () => {
    const text = abandonMessageText(ready.abandon.message);
    expect(text).toMatch(/Example Energy/);
    expect(text).toMatch(/1 8 0 0 5 5 5 0 1 9 9/);
    expect(text).toMatch(/say stop/);
  });
});
