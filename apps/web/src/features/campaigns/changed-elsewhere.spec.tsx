import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { answer, refusal } from '../../app/testing/fake-api';
import { renderIn } from '../../app/testing/render-in';
import { Language } from '../../app/i18n';
import type { Campaign } from './campaign-types';

// jsdom has no structuredClone, which the settings form copies its settings with (JSON values: a JSON round trip does).
globalThis.structuredClone ??= <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const mockApi = { GET: jest.fn(), POST: jest.fn(), PATCH: jest.fn(), PUT: jest.fn(), DELETE: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { CampaignsRoutes } from './campaigns-routes';

const ID = '00000000-0000-4000-8000-0000000000c1';
const campaignAt = (version: number, settings: Campaign['settings'], status: Campaign['status'] = 'draft'): Campaign => ({
  id: ID,
  name: 'Spring',
  kind: 'survey',
  dialingMode: 'progressive',
  jurisdiction: 'US',
  status,
  settings,
  effective: {},
  version,
  createdAt: '2026-12-01T00:00:00Z',
  startedAt: null,
  completedAt: null,
});

/** The api as the page sees it: `stored` is the campaign as stored now (the other tab changes it). */
let stored: Campaign;
const CHANGED = () => refusal(409, 'CAMPAIGN_CHANGED', 'The campaign was changed by someone else since you opened it', { expectedVersion: 3, currentVersion: stored.version });

function renderTab(language: Language, tab: 'script' | 'survey' | '') {
  mockApi.GET.mockImplementation((path: string) => {
    if (path === '/campaigns/{id}') return answer(JSON.parse(JSON.stringify(stored)));
    if (path === '/campaigns/{id}/readiness') return answer({ ready: true, problems: [], warnings: [] });
    return answer([]);
  });
  // A start, pause or resume changes the status and bumps the version, as the api does.
  mockApi.POST.mockImplementation((path: string, options: { params?: { path: { action: string } } }) => {
    if (path !== '/campaigns/{id}/{action}') return answer({ text: 'preview', problem: null, unknownFields: [] });
    const status = options.params?.path.action === 'pause' ? 'paused' : 'active';
    stored = { ...stored, status, version: stored.version + 1 };
    return answer({ ...stored, warnings: [] });
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  renderIn(
    language,
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[tab ? `/${ID}/${tab}` : `/${ID}`]}>
        <CampaignsRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const patchBodies = () => mockApi.PATCH.mock.calls.map(([, options]) => (options as { body: unknown }).body);

beforeEach(() => jest.clearAllMocks());

describe('the script editor, when someone else changed the campaign since it opened', () => {
  it('sends the version it read; told of the change (409), says so, keeps the edit, loads the current campaign and saves from its version', async () => {
    stored = campaignAt(3, { script: 'Hello' });
    renderTab('en', 'script');
    const script = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: /^Script \(the fields/ });
    expect(script.value).toBe('Hello');
    fireEvent.change(script, { target: { value: 'Hello {{firstName}}, mine' } });

    // Meanwhile another tab saves the campaign: version 4.
    stored = campaignAt(4, { script: 'Hello from the other tab', wrapUp: { seconds: 50 } });
    mockApi.PATCH.mockImplementationOnce(CHANGED);
    fireEvent.click(screen.getByRole('button', { name: 'Save script' }));
    await screen.findByText(/Your changes \(Script\) are still on this page/);
    expect(screen.getByRole('alert').textContent).toContain('The campaign was changed by someone else since you opened it');
    expect(patchBodies()).toEqual([{ settings: { script: 'Hello {{firstName}}, mine' }, version: 3 }]);
    expect(script.value).toBe('Hello {{firstName}}, mine');

    // Loaded again: the edit stays on top; saved from version 4, nothing of the other tab's undone.
    fireEvent.click(screen.getByRole('button', { name: 'Load the current campaign (your changes stay)' }));
    await waitFor(() => expect(screen.queryByText(/Your changes/)).toBeNull());
    expect(script.value).toBe('Hello {{firstName}}, mine');
    mockApi.PATCH.mockImplementationOnce(() => answer((stored = campaignAt(5, { ...stored.settings, script: 'Hello {{firstName}}, mine' }))));
    fireEvent.click(screen.getByRole('button', { name: 'Save script' }));
    await screen.findByText('Saved.');
    expect(patchBodies()[1]).toEqual({ settings: { script: 'Hello {{firstName}}, mine' }, version: 4 });

    // The next save goes from the version that save made.
    fireEvent.change(script, { target: { value: 'Hello again' } });
    mockApi.PATCH.mockImplementationOnce(() => answer((stored = campaignAt(6, { ...stored.settings, script: 'Hello again' }))));
    fireEvent.click(screen.getByRole('button', { name: 'Save script' }));
    await waitFor(() => expect(patchBodies()[2]).toEqual({ settings: { script: 'Hello again' }, version: 5 }));
  });
});

describe('the survey builder, when someone else changed the campaign since it opened', () => {
  it('sends the version it read and, told of the change in Japanese, keeps the questions as edited through the reload', async () => {
    stored = campaignAt(3, { survey: { questions: [{ id: 'q1', prompt: 'Happy?', answers: ['yes', 'no'] }] } });
    renderTab('ja', 'survey');
    const prompt = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: '質問' });
    fireEvent.change(prompt, { target: { value: 'Happy with us?' } });
    stored = campaignAt(4, { ...stored.settings, script: 'changed elsewhere' });
    mockApi.PATCH.mockImplementationOnce(CHANGED);
    fireEvent.click(screen.getByRole('button', { name: 'アンケートを保存' }));
    await screen.findByText(/あなたの変更（アンケート）はこの画面に残っています/);
    expect(patchBodies()).toEqual([{ settings: { survey: { questions: [{ id: 'q1', prompt: 'Happy with us?', answers: ['yes', 'no'] }] } }, version: 3 }]);

    fireEvent.click(screen.getByRole('button', { name: '最新の内容を読み込む（変更は残ります）' }));
    await waitFor(() => expect(screen.queryByText(/あなたの変更/)).toBeNull());
    expect(prompt.value).toBe('Happy with us?');
    mockApi.PATCH.mockImplementationOnce(() => answer(campaignAt(5, stored.settings)));
    fireEvent.click(screen.getByRole('button', { name: 'アンケートを保存' }));
    await waitFor(() => expect(patchBodies()[1]).toMatchObject({ version: 4 }));
  });

  it('keeps only its own changes through the reload: the intro the other tab saved is not undone, and a field both changed keeps its own edit', async () => {
    const question = { id: 'q1', prompt: 'Happy?', answers: ['yes', 'no'] };
    stored = campaignAt(3, { survey: { intro: 'INTRO-ORIG', outro: 'OUTRO-ORIG', questions: [question] } });
    renderTab('en', 'survey');
    const outro = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Closing (played after the last answer)' });
    const prompt = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Question' });
    fireEvent.change(outro, { target: { value: 'OUTRO-BY-B' } });
    fireEvent.change(prompt, { target: { value: 'Happy, B?' } });

    // Meanwhile tab A saves its intro and question.
    stored = campaignAt(4, { survey: { intro: 'INTRO-BY-A', outro: 'OUTRO-ORIG', questions: [{ ...question, prompt: 'Happy, A?' }] } });
    mockApi.PATCH.mockImplementationOnce(CHANGED);
    fireEvent.click(screen.getByRole('button', { name: 'Save survey' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Load the current campaign (your changes stay)' }));
    await waitFor(() => expect(screen.queryByText(/Your changes/)).toBeNull());
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Introduction (played before the first question)' }).value).toBe('INTRO-BY-A');
    expect(outro.value).toBe('OUTRO-BY-B');
    expect(prompt.value).toBe('Happy, B?');

    mockApi.PATCH.mockImplementationOnce(() => answer(campaignAt(5, stored.settings)));
    fireEvent.click(screen.getByRole('button', { name: 'Save survey' }));
    await waitFor(() =>
      expect(patchBodies()[1]).toEqual({ settings: { survey: { intro: 'INTRO-BY-A', outro: 'OUTRO-BY-B', questions: [{ ...question, prompt: 'Happy, B?' }] } }, version: 4 }),
    );
  });
});

describe('the tabs, after the person’s own start, pause or resume from the page (it bumps the version too)', () => {
  it('the script editor saves from the version the resume made, not refused as changed by someone else', async () => {
    stored = campaignAt(3, { script: 'Hello' }, 'paused');
    renderTab('en', 'script');
    const script = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: /^Script \(the fields/ });
    fireEvent.change(script, { target: { value: 'Hello, resumed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await screen.findByRole('button', { name: 'Pause' });
    expect(stored.version).toBe(4);

    mockApi.PATCH.mockImplementationOnce(() => answer((stored = campaignAt(5, { script: 'Hello, resumed' }, 'active'))));
    fireEvent.click(screen.getByRole('button', { name: 'Save script' }));
    await screen.findByText('Saved.');
    expect(patchBodies()).toEqual([{ settings: { script: 'Hello, resumed' }, version: 4 }]);
    expect(screen.queryByText(/Your changes/)).toBeNull();
  });

  it('still sends the version it read when someone else changed the campaign before the resume: their change is not overwritten', async () => {
    stored = campaignAt(3, { survey: { intro: 'INTRO-ORIG', questions: [{ id: 'q1', prompt: 'Happy?', answers: ['yes', 'no'] }] } }, 'paused');
    renderTab('en', 'survey');
    const intro = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Introduction (played before the first question)' });
    fireEvent.change(intro, { target: { value: 'INTRO-MINE' } });
    // Someone else saves (version 4), then this page resumes it (version 5): the survey builder holds 3, two behind.
    stored = campaignAt(4, { survey: { intro: 'INTRO-THEIRS', questions: [{ id: 'q1', prompt: 'Happy?', answers: ['yes', 'no'] }] } }, 'paused');
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await screen.findByRole('button', { name: 'Pause' });
    expect(stored.version).toBe(5);

    mockApi.PATCH.mockImplementationOnce(CHANGED);
    fireEvent.click(screen.getByRole('button', { name: 'Save survey' }));
    await screen.findByText(/Your changes \(Survey\) are still on this page/);
    expect(patchBodies()).toEqual([{ settings: { survey: { intro: 'INTRO-MINE', questions: [{ id: 'q1', prompt: 'Happy?', answers: ['yes', 'no'] }] } }, version: 3 }]);
  });

  it('the settings form saves from the version its own pause made', async () => {
    stored = campaignAt(3, { wrapUp: { seconds: 30 } }, 'active');
    renderTab('en', '');
    const name = await screen.findByRole<HTMLInputElement>('textbox', { name: 'Name' });
    fireEvent.change(name, { target: { value: 'Spring, paused' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await screen.findByRole('button', { name: 'Resume' });

    mockApi.PATCH.mockImplementationOnce(() => answer((stored = { ...stored, name: 'Spring, paused', version: 5 })));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(patchBodies()).toEqual([{ name: 'Spring, paused', version: 4 }]);
  });
});
