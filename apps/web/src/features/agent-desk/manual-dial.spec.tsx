import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderIn } from '../../app/testing/render-in';
import { dialTarget, ManualDial } from './manual-dial';

describe('ManualDial', () => {
  it('reads a lead id, or a number national or E.164, and nothing else', () => {
    expect(dialTarget(' 01a24a79-1ddb-7544-8d21-d91d0000000b ')).toEqual({ leadId: '01a24a79-1ddb-7544-8d21-d91d0000000b' });
    expect(dialTarget('03-1234-5678')).toEqual({ phone: '03-1234-5678' });
    expect(dialTarget('+1 (415) 555-0100')).toEqual({ phone: '+1 (415) 555-0100' });
    expect(dialTarget('Hanako')).toBeNull();
    expect(dialTarget('')).toBeNull();
  });

  it('dials a typed number, and says so when the text is neither an id nor a number', async () => {
    const onDial = jest.fn().mockResolvedValue('この番号は発信禁止リスト（DNC）に登録されています。');
    renderIn('ja', <ManualDial onDial={onDial} />);
    const input = screen.getByRole('textbox', { name: /架電先 ID または電話番号/ });
    fireEvent.change(input, { target: { value: 'Hanako' } });
    fireEvent.submit(input.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toBe('発信できません: 架電先 ID か電話番号を入力してください');
    expect(onDial).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: '03-1234-5678' } });
    fireEvent.submit(input.closest('form')!);
    await waitFor(() => expect(onDial).toHaveBeenCalledWith({ phone: '03-1234-5678' }));
    expect((await screen.findByRole('alert')).textContent).toBe('発信できません: この番号は発信禁止リスト（DNC）に登録されています。');
  });
});
