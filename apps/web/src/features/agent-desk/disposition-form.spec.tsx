import type { DeskScreenPop } from '@dialer/desk-events';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../api/client';
import { renderIn } from '../../app/testing/render-in';
import { DispositionForm } from './disposition-form';

const pop = (kind = 'telemarketing'): DeskScreenPop => ({
  attemptId: 'attempt-1',
  mode: 'progressive',
  campaign: { id: 'c1', name: 'Renewals', kind },
  lead: { id: 'l1', phone: '+81312345678', firstName: '花子', lastName: '山田', email: null, externalId: null, region: null, postalCode: null, custom: {} },
  localTime: { zone: 'Asia/Tokyo', time: '10:00', date: '2026-12-07' },
  script: 'Hello',
  history: [],
  dispositions: [
    { code: 'SALE', label: 'Sale', isFinal: true, isCallback: false, isDnc: false },
    { code: 'NOT_INTERESTED', label: 'Not interested', isFinal: true, isCallback: false, isDnc: false },
    { code: 'CALLBACK', label: 'Call back later', isFinal: false, isCallback: true, isDnc: false },
  ],
  survey: null,
});

const HOURS = { weekly: { mon: { start: '09:00', end: '20:00' }, tue: { start: '09:00', end: '20:00' }, wed: { start: '09:00', end: '20:00' }, thu: { start: '09:00', end: '20:00' }, fri: { start: '09:00', end: '20:00' }, sat: { start: '09:00', end: '20:00' }, sun: { start: '09:00', end: '20:00' } }, holidays: [] };

describe('DispositionForm', () => {
  beforeEach(() => sessionStorage.clear());

  it('picks a code with its number key when no field has focus, and saves with Ctrl+Enter', async () => {
    const onSubmit = jest.fn().mockResolvedValue(undefined);
    renderIn('en', <DispositionForm pop={pop()} callingHours={HOURS} blockedBy={null} onSubmit={onSubmit} />);
    fireEvent.keyDown(window, { key: '2' });
    expect(screen.getByRole('button', { name: /Not interested/ }).getAttribute('aria-pressed')).toBe('true');
    // A digit typed into a field is text, not a hotkey.
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Notes' }), { key: '1' });
    expect(screen.getByRole('button', { name: /Sale/ }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ code: 'NOT_INTERESTED' }));
  });

  it('refuses a callback outside the callee’s calling hours, in their zone, and books one inside', async () => {
    const onSubmit = jest.fn().mockResolvedValue(undefined);
    renderIn('ja', <DispositionForm pop={pop()} callingHours={HOURS} blockedBy={null} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('button', { name: /Call back later/ }));
    const input = screen.getByLabelText(/再架電予約（架電先の現地時刻、Asia\/Tokyo）/);
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    fireEvent.change(input, { target: { value: `${future}T21:00` } });
    expect(screen.getByTestId('callback-problem').textContent).toBe('架電先の架電可能時間外です（09:00–20:00）。');
    expect((screen.getByRole('button', { name: /保存して待機/ }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: `${future}T10:30` } });
    expect(screen.queryByTestId('callback-problem')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /保存して待機/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ code: 'CALLBACK', callbackAt: `${future}T10:30`, personalCallback: false }));
  });

  it('shows the api’s refusal with its field, and keeps the draft across a reload', async () => {
    const onSubmit = jest.fn().mockRejectedValue(new ApiError(400, 'VALIDATION_FAILED', 'Invalid input (data.amount: must be a whole number of at least 1 (minor units))'));
    const first = renderIn('en', <DispositionForm pop={pop('collections')} callingHours={HOURS} blockedBy={null} onSubmit={onSubmit} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Notes' }), { target: { value: 'will pay Friday' } });
    first.unmount();
    renderIn('en', <DispositionForm pop={pop('collections')} callingHours={HOURS} blockedBy={null} onSubmit={onSubmit} />);
    expect((screen.getByRole('textbox', { name: 'Notes' }) as HTMLTextAreaElement).value).toBe('will pay Friday');
    fireEvent.click(screen.getByRole('button', { name: /Sale/ }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /Save and ready/ }));
    });
    expect((await screen.findByRole('alert')).textContent).toContain('data.amount: must be a whole number');
  });

  it('waits for what blocks it (the JP disclosure) before saving', () => {
    renderIn('en', <DispositionForm pop={pop()} callingHours={HOURS} blockedBy="Confirm every item of the disclosure first." onSubmit={jest.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: /Sale/ }));
    expect((screen.getByRole('button', { name: /Save and ready/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Confirm every item of the disclosure first.')).toBeTruthy();
  });
});
