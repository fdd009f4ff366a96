import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { answer, refusal } from '../../app/testing/fake-api';
import { renderIn } from '../../app/testing/render-in';
import type { Campaign } from './campaign-types';

globalThis.structuredClone ??= <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const mockApi = { GET: jest.fn(), POST: jest.fn(), PATCH: jest.fn(), PUT: jest.fn(), DELETE: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
import { CampaignsRoutes } from './campaigns-routes';

const ID = '00000000-0000-4000-8000-0000000000c2';
const campaign = (settings: Campaign['settings']): Campaign => ({
  id: ID,
  name: 'Spring',
  kind: 'survey',
  dialingMode: 'progressive',
  jurisdiction: 'JP',
  status: 'draft',
  settings,
  effective: {},
  version: 1,
  createdAt: '2026-12-01T00:00:00Z',
  startedAt: null,
  completedAt: null,
});

/** The api's refusal of a settings change, as it sends it: each field's English messages with their rule codes and what they name. */
const refused = (field: string, problems: { rule: string; message: string; params: Record<string, string | number> }[]) => () =>
  refusal(400, 'VALIDATION_FAILED', `${field}: ${problems.map((p) => p.message).join('; ')}`, {
    fields: [{ field, messages: problems.map((p) => p.message), rules: problems.map((p) => p.rule), params: problems.map((p) => p.params) }],
  });

const FINE = { text: 'Hello', problem: null, problems: [], unknownFields: [] };
let preview: unknown = FINE;

function renderTab(tab: 'script' | 'survey', stored: Campaign) {
  mockApi.GET.mockImplementation((path: string) => {
    if (path === '/campaigns/{id}') return answer(stored);
    if (path === '/campaigns/{id}/readiness') return answer({ ready: true, problems: [], warnings: [] });
    return answer([]);
  });
  mockApi.POST.mockImplementation(() => answer(preview));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  renderIn(
    'ja',
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[`/${ID}/${tab}`]}>
        <CampaignsRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  jest.clearAllMocks();
  preview = FINE;
});

describe('a refused talk script, on a Japanese page', () => {
  const cases: { script: string; rule: string; message: string; params: Record<string, string | number>; ja: string }[] = [
    {
      script: '{{custom}} です',
      rule: 'SCRIPT_UNKNOWN_FIELD',
      message: '{{custom}} names no field a lead has (use {{firstName}}, … or {{custom.<column>}})',
      params: { tag: '{{custom}}', field: 'custom' },
      ja: '「{{custom}}」はどの架電先にもない項目です。',
    },
    {
      script: '{{#firstName}}x{{/firstName}}',
      rule: 'SCRIPT_SECTION',
      message: '{{#firstName}} opens a section: a script has only plain field tags such as {{firstName}}',
      params: { tag: '{{#firstName}}' },
      ja: '「{{#firstName}}」はセクションのタグです。',
    },
    {
      script: '{{firstName',
      rule: 'SCRIPT_UNCLOSED_TAG',
      message: 'script is not a valid template: Unclosed tag at 11',
      params: { tag: '{{firstName', position: 1 },
      ja: '1 文字目からのタグ「{{firstName」が閉じられていません（}} がありません）。',
    },
  ];

  it.each(cases)('says in Japanese what is wrong with $script, naming the tag, beside the script and in the preview', async ({ script, rule, message, params, ja }) => {
    renderTab('script', campaign({ script: 'Hello' }));
    const textbox = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: /^スクリプト/ });
    preview = { text: null, problem: message, problems: [{ code: rule, message, params }], unknownFields: [] };
    fireEvent.change(textbox, { target: { value: script } });
    mockApi.PATCH.mockImplementationOnce(refused('settings.script', [{ rule, message, params }]));
    fireEvent.click(screen.getByRole('button', { name: 'スクリプトを保存' }));
    await waitFor(() => expect(textbox.getAttribute('aria-invalid')).toBe('true'));
    const beside = document.getElementById(textbox.getAttribute('aria-describedby')!)!;
    expect(beside.textContent).toContain(ja);
    expect(beside.textContent).not.toContain(message);
    await waitFor(() => expect(screen.getByTestId('script-problem').textContent).toContain(ja));
    const problem = screen.getByTestId('script-problem');
    expect(problem.textContent).not.toMatch(/[A-Za-z]{3,} [a-z]{3,}/);
  });
});

describe('a refused survey question id, on a Japanese page', () => {
  it.each([
    { id: 'q1', rule: 'QUESTION_ID_REPEATED', message: 'id "q1" is already the id of an earlier question: each question needs its own', ja: 'ID「q1」は前の質問ですでに使われています。' },
    { id: '__proto__', rule: 'QUESTION_ID_RESERVED', message: 'id "__proto__" names a member every JavaScript object has: choose another', ja: 'ID「__proto__」は JavaScript のすべてのオブジェクトが持つ名前のため使えません。' },
  ])('says in Japanese that $id cannot be used, naming it, beside the question', async ({ id, rule, message, ja }) => {
    const question = (qid: string) => ({ id: qid, prompt: 'Happy?', answers: ['yes', 'no'] });
    renderTab('survey', campaign({ survey: { questions: [question('q1'), question('q2')] } }));
    const ids = await screen.findAllByRole<HTMLInputElement>('textbox', { name: 'ID' }).catch(() => [] as HTMLInputElement[]);
    const second = ids[1] ?? (document.querySelector('input[name="q1-id"]') as HTMLInputElement);
    fireEvent.change(second, { target: { value: id } });
    mockApi.PATCH.mockImplementationOnce(refused('settings.survey.questions[1].id', [{ rule, message, params: { id } }]));
    fireEvent.click(screen.getByRole('button', { name: 'アンケートを保存' }));
    const item = (await screen.findByText((_, element) => element?.classList.contains('field-error') === true && element.textContent!.includes(ja))).closest('li');
    expect(item?.getAttribute('data-question')).toBe('1');
    expect(document.body.textContent).not.toContain(message);
  });
});
