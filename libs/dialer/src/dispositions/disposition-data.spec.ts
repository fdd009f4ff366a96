import { callbackInstant, checkDispositionData, MAX_AMOUNT_MINOR_UNITS } from './disposition-data';

const survey = {
  questions: [
    { id: 'satisfied', prompt: 'How satisfied are you?', answers: ['1', '2', '3', '4', '5'] },
    { id: 'recommend', prompt: 'Would you recommend us?', answers: ['yes', 'no'] },
  ],
};

describe('checkDispositionData', () => {
  it('asks a promise to pay for its amount, currency and date', () => {
    expect(checkDispositionData('collections', 'PROMISE_TO_PAY', { amount: 12_500, currency: 'USD', date: '2026-12-01' }, null)).toEqual([]);
    const problems = checkDispositionData('collections', 'PROMISE_TO_PAY', { amount: -3, date: 'next week' }, null);
    expect(problems.map((p) => p.field).sort()).toEqual(['data.amount', 'data.currency', 'data.date']);
  });

  it('bounds amounts to what the reports can sum (minor units), and dates to what PostgreSQL stores', () => {
    const promise = (amount: unknown, date = '2026-12-01') => checkDispositionData('collections', 'PROMISE_TO_PAY', { amount, currency: 'USD', date }, null);
    expect(promise(MAX_AMOUNT_MINOR_UNITS)).toEqual([]);
    for (const amount of [MAX_AMOUNT_MINOR_UNITS + 1, 1e308, Number.MAX_SAFE_INTEGER, 2 ** 63]) {
      expect(promise(amount)).toEqual([{ field: 'data.amount', messages: [`must be a whole number from 1 to ${MAX_AMOUNT_MINOR_UNITS} (minor units)`] }]);
    }
    expect(checkDispositionData('telemarketing', 'SALE', { amount: 1e308 }, null).map((p) => p.field)).toEqual(['data.amount']);
    expect(checkDispositionData('collections', 'PAID', { amount: 1e13 }, null).map((p) => p.field)).toEqual(['data.amount']);
    expect(promise(100, '0000-01-01')).toEqual([{ field: 'data.date', messages: ['must be a date YYYY-MM-DD'] }]);
    expect(promise(100, '0001-01-01')).toEqual([]);
  });

  it('asks a dispute for its reason and refuses details a code does not take', () => {
    expect(checkDispositionData('collections', 'DISPUTE', {}, null)).toEqual([{ field: 'data.reason', messages: ['is required for DISPUTE'] }]);
    expect(checkDispositionData('collections', 'WRONG_PARTY', { amount: 1 }, null)[0].field).toBe('data.amount');
  });

  it('takes an appointment time with its offset for telemarketing', () => {
    expect(checkDispositionData('telemarketing', 'APPOINTMENT', { appointmentAt: '2026-12-01T10:00:00+09:00' }, null)).toEqual([]);
    expect(checkDispositionData('telemarketing', 'APPOINTMENT', { appointmentAt: '2026-12-01T10:00' }, null)[0].messages[0]).toMatch(/offset/);
  });

  it('checks survey answers against the allowed ones, and all of them for a completed survey', () => {
    expect(checkDispositionData('survey', 'COMPLETED', { answers: { satisfied: '4', recommend: 'yes' } }, survey)).toEqual([]);
    const problems = checkDispositionData('survey', 'COMPLETED', { answers: { satisfied: '9', mood: 'ok' } }, survey);
    expect(problems.map((p) => p.field).sort()).toEqual(['data.answers.mood', 'data.answers.recommend', 'data.answers.satisfied']);
    expect(checkDispositionData('survey', 'PARTIAL', { answers: { satisfied: '2' } }, survey)).toEqual([]);
  });

  it('counts only the answers given as answered: a question id every object has (stored before ids were checked) is still required', () => {
    const inherited = { questions: [{ id: 'constructor', prompt: 'Q?', answers: ['1'] }, ...survey.questions] };
    const problems = checkDispositionData('survey', 'COMPLETED', { answers: { satisfied: '4', recommend: 'yes' } }, inherited);
    expect(problems).toEqual([{ field: 'data.answers.constructor', messages: ['is required to complete the survey'] }]);
  });
});

describe('callbackInstant', () => {
  it('reads the callee’s local time in their own zone', () => {
    expect(callbackInstant('2026-11-24T18:30', 'Asia/Tokyo')).toEqual(new Date('2026-11-24T09:30:00Z'));
    expect(callbackInstant('2026-11-24T18:30', 'America/New_York')).toEqual(new Date('2026-11-24T23:30:00Z'));
  });

  it('refuses anything else', () => {
    expect(callbackInstant('tomorrow', 'Asia/Tokyo')).toBeNull();
    expect(callbackInstant('2026-11-24T18:30:00Z', 'Asia/Tokyo')).toBeNull();
  });
});
