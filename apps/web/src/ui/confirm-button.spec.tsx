import { fireEvent, screen } from '@testing-library/react';
import { renderIn } from '../app/testing/render-in';
import { ConfirmButton } from './confirm-button';

describe('ConfirmButton', () => {
  it('asks, and gives focus back to its button when Esc or cancel closes the question (keyboard users stay in place)', () => {
    let confirmed = 0;
    renderIn('en', <ConfirmButton label="Undo import" question="Remove its leads?" onConfirm={() => confirmed++} />);
    fireEvent.click(screen.getByRole('button', { name: 'Undo import' }));
    expect(screen.getByText('Remove its leads?')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByText('Remove its leads?')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo import' }));

    fireEvent.click(screen.getByRole('button', { name: 'Undo import' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(confirmed).toBe(1);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo import' }));
  });
});
