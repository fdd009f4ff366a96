import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { renderIn } from '../../app/testing/render-in';
import { DisclosureChecklist } from './disclosure-checklist';

function Harness({ onConfirmed }: { onConfirmed: (at: string | null) => void }) {
  const [state, setState] = useState<{ items: string[]; at: string | null }>({ items: [], at: null });
  return (
    <DisclosureChecklist
      identity={{ seller: '株式会社サンプル電力', purpose: '電気料金プランのご案内' }}
      agentName="佐藤"
      checked={state.items}
      confirmedAt={state.at}
      onChange={(items, at) => {
        setState({ items, at });
        onConfirmed(at);
      }}
    />
  );
}

describe('DisclosureChecklist (氏名等の明示)', () => {
  it('is confirmed, with its time, only once every item is ticked', () => {
    const confirmed = jest.fn();
    renderIn('ja', <Harness onConfirmed={confirmed} />);
    expect(screen.getByText('氏名等の明示（特定商取引法 第16条）')).toBeTruthy();
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes).toHaveLength(4);
    expect(screen.getByLabelText('事業者名: 株式会社サンプル電力')).toBeTruthy();
    expect(screen.getByLabelText('担当者名: 佐藤')).toBeTruthy();
    boxes.slice(0, 3).forEach((box) => fireEvent.click(box));
    expect(confirmed).toHaveBeenLastCalledWith(null);
    expect(screen.queryByTestId('disclosure-confirmed')).toBeNull();
    fireEvent.click(boxes[3]);
    const at = confirmed.mock.calls.at(-1)[0] as string;
    expect(Math.abs(new Date(at).getTime() - Date.now())).toBeLessThan(5_000);
    expect(screen.getByTestId('disclosure-confirmed').textContent).toMatch(/に確認済み$/);
    // Unticking one withdraws the confirmation.
    fireEvent.click(boxes[0]);
    expect(confirmed).toHaveBeenLastCalledWith(null);
  });
});
