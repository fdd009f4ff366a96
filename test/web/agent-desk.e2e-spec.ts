import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { AgentsService } from '@dialer/agents';
import { query, seedLeads } from '@dialer/testing';
import { AgentsGateway } from '../../apps/api/src/agents/agents.gateway';
import { ensureWebBuild } from '../../scripts/web/web-build';
import { SignedIn, signInAs, TEST_PASSWORD } from '../support/apps';
import { launchChromium, SCREENSHOTS, withPageEvidence } from '../support/browser';
import { launchCampaign } from '../support/campaigns';
import { connectDeskAudio, goReadyAtDesk, signInAtDesk } from '../support/desk-page';
import { Floor, startFloor } from '../support/floor';
import { zonesByWindow } from '../support/zones';

/**
 * The agent desktop (apps/web) in Debian's Chromium against the real api,
 * worker and Twilio emulator: a person signs in, connects the emulated audio,
 * goes ready and works calls with the mouse and the keyboard.
 */
describe('the agent desk in the browser (e2e)', () => {
  let floor: Floor;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const open = zonesByWindow().open;
  const closed = zonesByWindow().closed;

  const newList = async (name: string, country = 'US') =>
    (await query(floor.api.app, `insert into lead_lists (name, default_country) values (?, ?) returning id`, [name, country]))[0].id as string;

  /** A fresh agent in a browser tab with this language, signed in through the page and joined to the campaign. */
  async function agentAtDesk(campaignId: string, locale: 'ja-JP' | 'en-US'): Promise<{ page: Page; agent: SignedIn }> {
    const agent = await signInAs(floor.api, 'agent');
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await withPageEvidence(page, 'agent-desk-join-failed', () => signInAtDesk(page, floor.api.url, agent, campaignId));
    return { page, agent };
  }

  const popOf = (page: Page) => page.locator('[data-testid=screen-pop]');
  const attemptOnScreen = async (page: Page) => (await popOf(page).getAttribute('data-attempt'))!;
  /** Waits until the element shows another call than `previous`. */
  const attemptOtherThan = async (page: Page, selector: string, previous: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const shown = await page.locator(selector).getAttribute('data-attempt', { timeout: 1_000 }).catch(() => null);
      if (shown && shown !== previous) return shown;
      if (Date.now() > deadline) throw new Error(`${selector} still shows ${previous} after ${timeoutMs} ms`);
      await page.waitForTimeout(200);
    }
  };
  /** The hotkey the page shows beside a code. */
  const hotkeyOf = async (page: Page, code: string) => (await page.locator(`button.code[data-code=${code}] kbd`).innerText()).trim();

  beforeAll(async () => {
    ensureWebBuild((line) => process.stdout.write(`${line}\n`));
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, callee: { hangUpAfterTalkSec: null } } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await floor?.close();
  });

  it('takes calls in Japanese: audio, ready, screen pop and script, a hotkey disposition, wrap-up, the next call, and a reload mid-call', async () => {
    const listId = await newList('desk main');
    const campaignId = await launchCampaign(
      floor,
      // Made by a Japanese manager: its outcome buttons speak Japanese.
      { name: 'Desk e2e', dialingMode: 'progressive', locale: 'ja', settings: {
          script: 'こんにちは {{firstName}} さん、{{agent.name}} です。プラン: {{custom.plan}}',
          wrapUp: { seconds: 120, autoReady: false },
          pauseReasons: ['break', 'lunch', 'coaching'],
        },
      },
      [listId],
    );
    const { page } = await agentAtDesk(campaignId, 'ja-JP');

    // Japanese from the browser's language, with the glossary's words.
    expect(await page.locator('[data-testid=agent-state]').innerText()).toContain('離席中');
    // The campaign's own pause reasons.
    expect(await page.locator('select[name=pause-reason] option').allInnerTexts()).toEqual(['休憩', '昼食', 'coaching']);
    // No audio yet: the page says so and will not go ready.
    expect(await page.locator('[data-testid=audio-status]').getAttribute('data-connected')).toBe('no');
    expect(await page.locator('.state-actions button.primary').isDisabled()).toBe(true);
    await connectDeskAudio(page);
    expect(await page.locator('[data-testid=audio-mode]').innerText()).toContain('エミュレート');
    // The list is filled once the agent is ready: until then nothing can reserve them before the page shows ready.
    expect(await goReadyAtDesk(page)).toBe('ready');
    expect(await page.locator('[data-testid=agent-state]').innerText()).toContain('待機中');
    await seedLeads(
      floor.api.app,
      listId,
      Array.from({ length: 6 }, (_, i) => ({ phone: `+1415555${3000 + i}`, zones: [open[0]], firstName: `Hanako${i}`, custom: { plan: `Gold-${i}` } })),
    );

    // A callee answers: the screen pop shows the lead and the rendered script.
    await page.locator('[data-testid=agent-state][data-state=on_call]').waitFor({ timeout: 30_000 });
    await popOf(page).waitFor();
    const first = await attemptOnScreen(page);
    expect(await page.locator('[data-testid=callee-name]').innerText()).toMatch(/Hanako\d/);
    expect(await page.locator('[data-testid=script]').innerText()).toMatch(/こんにちは Hanako\d さん、Test agent です。プラン: Gold-\d/);
    expect(await page.locator('[data-testid=callee-local-time]').innerText()).toContain(open[0]);
    // The page measures its own screen pop (bench:screen-pop reads the same measure): from the socket message to its paint.
    await page.waitForFunction(`performance.getEntriesByName('screen-pop', 'measure').some((m) => m.detail.attemptId === '${first}')`);
    const [popMs] = await page.evaluate(`performance.getEntriesByName('screen-pop', 'measure').map((m) => m.duration)`) as number[];
    expect(popMs).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=agent-state]').innerText()).toContain('通話中');
    await page.locator('[data-testid=call-timer]').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-desk-ja.png') });

    // Hang up from the page: wrap-up counts down, the form is still there.
    await page.locator('#phone button.danger').click();
    await page.locator('[data-testid=agent-state][data-state=wrap_up]').waitFor({ timeout: 20_000 });
    const leftAt = async () => Number(await page.locator('[data-testid=wrap-up-left]').getAttribute('data-left'));
    const before = await leftAt();
    await page.waitForTimeout(2_200);
    expect(await leftAt()).toBeLessThan(before);
    expect(before).toBeLessThanOrEqual(120);
    // "Extend": the server moves the deadline 30 s on and the countdown follows it.
    await page.locator('[data-testid=wrap-up] button').click();
    await page.waitForFunction("Number(document.querySelector('[data-testid=wrap-up-left]')?.getAttribute('data-left')) > 120", undefined, { timeout: 10_000 });
    // Ready waits for the disposition.
    expect(await page.locator('.state-actions button.primary').isDisabled()).toBe(true);

    // The outcome buttons in the glossary's words, not English.
    expect(await page.locator('button.code[data-code=SALE]').innerText()).toContain('成約');
    expect(await page.locator('button.code[data-code=NOT_INTERESTED]').innerText()).toContain('お断り（再勧誘の禁止）');
    expect(await page.locator('.codes').innerText()).not.toMatch(/Sale|Appointment|Call back/);
    // The disposition by its hotkey (no field focused), saved with Ctrl+Enter.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press(await hotkeyOf(page, 'NOT_INTERESTED'));
    expect(await page.locator('button.code[data-code=NOT_INTERESTED]').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+Enter');
    // Back to ready and the next call comes.
    await attemptOtherThan(page, '[data-testid=screen-pop]', first);
    const [saved] = await query(floor.api.app, `select disposition_code from call_attempts where id = ?`, [first]);
    expect(saved.disposition_code).toBe('NOT_INTERESTED');

    // A reload mid-call keeps the call, its screen pop and the form's draft.
    await page.locator('[data-testid=agent-state][data-state=on_call]').waitFor({ timeout: 20_000 });
    const second = await attemptOnScreen(page);
    await page.fill('textarea[name=notes]', '折り返し希望あり');
    await page.reload();
    await popOf(page).waitFor();
    expect(await attemptOnScreen(page)).toBe(second);
    await page.locator('[data-testid=agent-state][data-state=on_call]').waitFor();
    expect(await page.locator('textarea[name=notes]').inputValue()).toBe('折り返し希望あり');
    await page.locator('#phone button.danger').click();
    await page.locator('[data-testid=agent-state][data-state=wrap_up]').waitFor({ timeout: 20_000 });
    await page.locator('button.code[data-code=INTERESTED]').click();
    await page.locator('form.disposition button[type=submit]').click();
    await page.locator('[data-testid=agent-state][data-state=ready], [data-testid=agent-state][data-state=on_call], [data-testid=agent-state][data-state=reserved]').first().waitFor();
    const [kept] = await query(floor.api.app, `select disposition_code, disposition_data from call_attempts where id = ?`, [second]);
    expect(kept).toMatchObject({ disposition_code: 'INTERESTED', disposition_data: { notes: '折り返し希望あり' } });
    // Pause so this agent takes no more calls while the others run.
    await page.locator('.state-actions button:not(.primary)').click();
  });

  it('works a preview campaign in English: skip, dial, and a callback booked in the callee’s time', async () => {
    const listId = await newList('desk preview');
    await seedLeads(floor.api.app, listId, Array.from({ length: 4 }, (_, i) => ({ phone: `+1415555${4000 + i}`, zones: [open[0]], firstName: `Preview${i}` })));
    const campaignId = await launchCampaign(floor, { name: 'Desk preview', dialingMode: 'preview', settings: { wrapUp: { seconds: 60, autoReady: false } } }, [listId]);
    const { page } = await agentAtDesk(campaignId, 'en-US');
    expect(await page.locator('[data-testid=agent-state]').innerText()).toContain('Paused');
    await connectDeskAudio(page);
    expect(await page.locator('[data-testid=audio-mode]').innerText()).toContain('emulated');
    await goReadyAtDesk(page);

    const preview = page.locator('[data-testid=preview]');
    await preview.waitFor({ timeout: 20_000 });
    const skipped = await preview.getAttribute('data-attempt');
    await page.locator('[data-testid=preview] button', { hasText: 'Skip' }).click();
    await attemptOtherThan(page, '[data-testid=preview]', skipped!);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-desk-preview-en.png') });
    const dialed = await preview.getAttribute('data-attempt');
    await page.locator('[data-testid=preview] button', { hasText: 'Dial' }).click();
    await popOf(page).waitFor({ timeout: 30_000 });
    expect(await attemptOnScreen(page)).toBe(dialed);
    expect(await page.locator('[data-testid=agent-state]').innerText()).toMatch(/On call|Connecting/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-desk-en.png') });
    const [skip] = await query(floor.api.app, `select outcome from call_attempts where id = ?`, [skipped]);
    expect(skip.outcome).toBe('skipped');

    // A callback: a time outside the callee's calling hours is refused on the page, one inside is booked.
    await page.locator('#phone button.danger').click();
    await page.locator('[data-testid=agent-state][data-state=wrap_up]').waitFor({ timeout: 20_000 });
    await page.locator('button.code[data-code=CALLBACK]').click();
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: open[0] }).format(new Date(Date.now() + 24 * 3600_000));
    await page.fill('input[name=callbackAt]', `${tomorrow}T23:30`);
    await page.locator('[data-testid=callback-problem]').waitFor();
    expect(await page.locator('[data-testid=callback-problem]').innerText()).toContain('calling hours');
    expect(await page.locator('form.disposition button[type=submit]').isDisabled()).toBe(true);
    await page.fill('input[name=callbackAt]', `${tomorrow}T10:30`);
    await page.locator('[data-testid=callback-problem]').waitFor({ state: 'detached' });
    await page.locator('form.disposition button[type=submit]').click();
    await page.locator('[data-testid=screen-pop]').waitFor({ state: 'detached' });
    const [booked] = await query(floor.api.app, `select disposition_code, disposition_data->>'callbackAt' as at from call_attempts where id = ?`, [dialed]);
    expect(booked.disposition_code).toBe('CALLBACK');
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: open[0], year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(booked.at as string));
    expect(local.replace(',', '')).toBe(`${tomorrow} 10:30`);
    await page.locator('.state-actions button:not(.primary)').click();
  });

  it('gives a desk opened in another browser the call whose outcome is owed after the wrap-up ran out, and takes the outcome there', async () => {
    const listId = await newList('desk owed');
    await seedLeads(floor.api.app, listId, [{ phone: '+14155556100', zones: [open[0]], firstName: 'Owed' }]);
    const campaignId = await launchCampaign(floor, { name: 'Desk owed', dialingMode: 'progressive', settings: { wrapUp: { seconds: 2, autoReady: true } } }, [listId]);
    const { page, agent } = await agentAtDesk(campaignId, 'en-US');
    await connectDeskAudio(page);
    await goReadyAtDesk(page);
    await page.locator('[data-testid=agent-state][data-state=on_call]').waitFor({ timeout: 30_000 });
    const owed = await attemptOnScreen(page);
    await page.locator('#phone button.danger').click();
    // Nothing recorded: the wrap-up runs out and the agent is paused for after-call work.
    await page.locator('[data-testid=agent-state][data-state=paused]').waitFor({ timeout: 20_000 });

    // Another browser, with no memory of the call: the call and its form are there, not a live call.
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const other = await context.newPage();
    // Signed in there, already on the floor: no campaign to join.
    await other.goto(`${floor.api.url}/desk`);
    await other.waitForURL(/\/login$/);
    await other.fill('input[name=email]', agent.email);
    await other.fill('input[name=password]', TEST_PASSWORD);
    await other.locator('form button[type=submit]').click();
    await other.waitForURL(/\/desk$/);
    await popOf(other).waitFor({ timeout: 10_000 });
    expect(await attemptOnScreen(other)).toBe(owed);
    expect(await other.locator('[data-testid=call-timer]').count()).toBe(0);
    await other.locator('button.code[data-code=NOT_INTERESTED]').click();
    await other.locator('form.disposition button[type=submit]').click();
    await popOf(other).waitFor({ state: 'detached' });
    const [saved] = await query(floor.api.app, `select disposition_code from call_attempts where id = ?`, [owed]);
    expect(saved.disposition_code).toBe('NOT_INTERESTED');
  });

  it('keeps a call whose outcome is saved mid-call on screen until it ends, times it from its start in a second tab, and clears it there', async () => {
    const listId = await newList('desk two tabs');
    const campaignId = await launchCampaign(floor, { name: 'Desk two tabs', dialingMode: 'progressive', settings: { wrapUp: { seconds: 120, autoReady: false } } }, [listId]);
    const { page } = await agentAtDesk(campaignId, 'en-US');
    await connectDeskAudio(page);
    await goReadyAtDesk(page);
    await seedLeads(floor.api.app, listId, [1, 2].map((i) => ({ phone: `+1415555${6200 + i}`, zones: [open[0]], firstName: `Tabs${i}` })));
    await page.locator('[data-testid=agent-state][data-state=on_call]').waitFor({ timeout: 30_000 });
    const first = await attemptOnScreen(page);
    await page.waitForTimeout(3_500);

    // Tab B of the same browser opens the desk mid-call: the call's timer counts from the call's start, not from B's pop.
    const other = await page.context().newPage();
    await other.goto(`${floor.api.url}/desk`);
    await popOf(other).waitFor({ timeout: 10_000 });
    expect(await attemptOnScreen(other)).toBe(first);
    expect(await other.locator('[data-testid=call-timer]').innerText()).not.toMatch(/0:0[0-2]$/);

    // Tab A saves the outcome by its hotkey mid-call: the caller, script and timer stay, the outcome shown as saved.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press(await hotkeyOf(page, 'NOT_INTERESTED'));
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid=outcome-saved]').waitFor();
    expect(await attemptOnScreen(page)).toBe(first);
    await page.locator('[data-testid=call-timer]').waitFor();
    await page.locator('[data-testid=script]').waitFor();
    await page.reload();
    await page.locator('[data-testid=outcome-saved]').waitFor();
    expect(await attemptOnScreen(page)).toBe(first);

    // Tab B is told (outcome_saved, pushed to every desk of the agent): it shows the call as saved, asking nothing.
    await other.locator('[data-testid=outcome-saved][data-code=NOT_INTERESTED]').waitFor();
    expect(await attemptOnScreen(other)).toBe(first);
    expect(await other.locator('form.disposition').count()).toBe(0);

    // The call ends: both tabs move on to the next call, as after any saved outcome.
    await page.locator('#phone button.danger').click();
    const second = await attemptOtherThan(page, '[data-testid=screen-pop]', first);
    expect(await attemptOtherThan(other, '[data-testid=screen-pop]', first)).toBe(second);

    // Hung up and saved in tab A after the end: tab B lets go of the finished call, also after a reload.
    await page.locator('#phone button.danger').click();
    await other.locator('[data-testid=agent-state][data-state=wrap_up]').waitFor({ timeout: 20_000 });
    await page.locator('button.code[data-code=NOT_INTERESTED]').click();
    await page.locator('form.disposition button[type=submit]').click();
    await popOf(other).waitFor({ state: 'detached' });
    await other.locator('[data-testid=agent-state][data-state=ready]').waitFor();
    await other.reload();
    await other.locator('[data-testid=agent-state][data-state=ready]').waitFor();
    expect(await popOf(other).count()).toBe(0);
    const saved = await query(floor.api.app, `select disposition_code from call_attempts where id in (?, ?) order by created_at`, [first, second]);
    expect(saved.map((row) => row.disposition_code)).toEqual(['NOT_INTERESTED', 'NOT_INTERESTED']);
    await page.locator('.state-actions button:not(.primary)').click();
  });

  it('times the call by the server’s clock on a browser whose clock is 20 s ahead, and set an hour forward mid-call: the timer starts at 0:00 and Ctrl+H asks twice', async () => {
    const listId = await newList('desk clock ahead');
    const campaignId = await launchCampaign(floor, { name: 'Desk clock ahead', dialingMode: 'progressive', settings: { wrapUp: { seconds: 120, autoReady: false } } }, [listId]);
    const agent = await signInAs(floor.api, 'agent');
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    // The browser's clock runs 20 s ahead of the server's (and this process's, which shares the server's).
    await context.clock.install({ time: Date.now() + 20_000 });
    const page = await context.newPage();
    await withPageEvidence(page, 'agent-desk-clock-join-failed', () => signInAtDesk(page, floor.api.url, agent, campaignId));
    expect(await page.evaluate(() => Date.now() - 20_000)).toBeGreaterThan(Date.now() - 1_000);
    await connectDeskAudio(page);
    await goReadyAtDesk(page);
    await seedLeads(floor.api.app, listId, [{ phone: '+14155556300', zones: [open[0]], firstName: 'Ahead' }]);
    await page.locator('[data-testid=agent-state][data-state=on_call]').waitFor({ timeout: 30_000 });
    const timer = page.locator('[data-testid=call-timer]');
    await timer.waitFor();
    // Not 0:20: counted from the server's start of the call, on the server's clock.
    expect(await timer.innerText()).toMatch(/ 0:0[0-2]$/);
    expect(await page.locator('[data-testid=time-in-state]').innerText()).toMatch(/ 0:0[0-2]$/);
    // The browser's wall clock is set an hour forward mid-call: the desk counts on its steady clock, so nothing jumps.
    await context.clock.setSystemTime(Date.now() + 20_000 + 3_600_000);
    await page.waitForTimeout(1_200);
    expect(await timer.innerText()).toMatch(/ 0:0[0-4]$/);
    // A young call by the server's clock: the first Ctrl+H asks for a second, which hangs up.
    await page.keyboard.press('Control+h');
    await page.locator('[data-testid=hang-up-confirm]').waitFor();
    expect(await page.locator('[data-testid=agent-state]').getAttribute('data-state')).toBe('on_call');
    await page.keyboard.press('Control+h');
    await page.locator('[data-testid=agent-state][data-state=wrap_up]').waitFor({ timeout: 20_000 });
    // The wrap-up counts down the campaign's 120 s from the server's deadline, not 100.
    expect(Number(await page.locator('[data-testid=wrap-up-left]').getAttribute('data-left'))).toBeGreaterThan(115);
    await page.locator('button.code[data-code=NOT_INTERESTED]').click();
    await page.locator('form.disposition button[type=submit]').click();
    await popOf(page).waitFor({ state: 'detached' });
    await page.locator('.state-actions button:not(.primary)').click();
  });

  it('offers the join form again after Leave, also after a reload, and joins again', async () => {
    const listId = await newList('desk leave');
    const campaignId = await launchCampaign(floor, { name: 'Desk leave', dialingMode: 'preview' }, [listId]);
    const { page } = await agentAtDesk(campaignId, 'en-US');
    await page.locator('#me button', { hasText: 'Leave' }).click();
    // Offline (the server still names the campaign left): the picker and Join, no state bar.
    await page.locator('form.join button[type=submit]').waitFor();
    expect(await page.locator('[data-testid=agent-state]').count()).toBe(0);
    await page.reload();
    await page.locator('select[name=campaign]').selectOption(campaignId);
    await page.locator('form.join button[type=submit]').click();
    await page.locator('[data-testid=agent-state][data-state=paused]').waitFor();
  });

  it('shows a manual dial refused by a gate, with the reason in words', async () => {
    const listId = await newList('desk manual');
    const [closedLead] = await seedLeads(floor.api.app, listId, [{ phone: '+14155555000', zones: [closed[0]], firstName: 'Asleep' }]);
    const campaignId = await launchCampaign(floor, { name: 'Desk manual', dialingMode: 'preview' }, [listId]);
    const { page } = await agentAtDesk(campaignId, 'en-US');
    await connectDeskAudio(page);
    await goReadyAtDesk(page);
    await page.fill('input[name=target]', closedLead);
    await page.locator('form.manual-dial button[type=submit]').click();
    const refusal = page.locator('[data-testid=manual-refusal]');
    await refusal.waitFor();
    // Said from the gate's stable code in the agent's language, with when the lead could be dialed.
    expect(await refusal.innerText()).toMatch(/^Refused: (It is outside the callee’s calling hours|It is a holiday|No calls are allowed today)[^(]*\(possible from .+\)$/);
  });

  it('sends an agent whose account is disabled mid-shift back to the sign-in page, and offers them no more calls', async () => {
    const listId = await newList('desk disabled');
    const campaignId = await launchCampaign(floor, { name: 'Desk disabled', dialingMode: 'preview' }, [listId]);
    const { page, agent } = await agentAtDesk(campaignId, 'en-US');
    await connectDeskAudio(page);
    await goReadyAtDesk(page);
    await query(floor.api.app, `update users set active = false where id = ?`, [agent.userId]);
    await floor.api.app.get(AgentsGateway).recheckDesks(); // what the api does every minute
    await page.getByText('Your session has ended. Sign in again to continue where you were.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-desk-signed-out.png') });
    expect(await floor.api.app.get(AgentsService).get(agent.userId)).toMatchObject({ state: 'paused', pauseReason: 'disconnected' });
  });

  it('keeps the JP identity disclosure (氏名等の明示) the agent confirms with the attempt, as evidence with its time', async () => {
    const tokyoOpen = zonesByWindow().open.includes('Asia/Tokyo');
    if (!tokyoOpen) return; // JP calling hours (09:00–20:00 JST) are closed at this hour: nothing can be dialed.
    const listId = await newList('desk jp', 'JP');
    await seedLeads(floor.api.app, listId, [{ phone: '+81312345678', zones: ['Asia/Tokyo'], firstName: '花子' }]);
    const campaignId = await launchCampaign(
      floor,
      {
        name: 'Desk JP',
        dialingMode: 'progressive',
        jurisdiction: 'JP',
        settings: { identity: { seller: '株式会社サンプル電力', purpose: '電気料金プランのご案内' }, product: 'energy-plan', wrapUp: { seconds: 60, autoReady: false } },
      },
      [listId],
    );
    const { page } = await agentAtDesk(campaignId, 'ja-JP');
    await connectDeskAudio(page);
    await goReadyAtDesk(page);
    await popOf(page).waitFor({ timeout: 30_000 });
    const attemptId = await attemptOnScreen(page);
    const checklist = page.locator('[data-testid=disclosure]');
    expect(await checklist.innerText()).toContain('氏名等の明示');
    expect(await checklist.innerText()).toContain('株式会社サンプル電力');
    await page.locator('button.code[data-code=INTERESTED]').click();
    // Not saved until every item is confirmed.
    expect(await page.locator('form.disposition button[type=submit]').isDisabled()).toBe(true);
    const clickedAt = Date.now();
    for (const item of ['seller', 'caller', 'product', 'purpose']) await page.locator(`input[name=disclosure-${item}]`).check();
    await page.locator('[data-testid=disclosure-confirmed]').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'agent-desk-jp-disclosure.png') });
    await page.locator('#phone button.danger').click();
    await page.locator('[data-testid=agent-state][data-state=wrap_up]').waitFor({ timeout: 20_000 });
    await page.locator('form.disposition button[type=submit]').click();
    await popOf(page).waitFor({ state: 'detached' });
    const [row] = await query(floor.api.app, `select disposition_data->'disclosure' as disclosure from call_attempts where id = ?`, [attemptId]);
    const disclosure = row.disclosure as { items: string[]; confirmedAt: string; recordedAt: string };
    expect(disclosure.items).toEqual(['seller', 'caller', 'product', 'purpose']);
    expect(Math.abs(new Date(disclosure.confirmedAt).getTime() - clickedAt)).toBeLessThan(30_000);
    expect(disclosure.recordedAt).toEqual(expect.any(String));
  });
});
