import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { FormEvent } from 'react';
import { useSingleFlightMutation } from './use-single-flight';

/** A create form as the pages write it: `disabled={isPending}` on its button. */
function CreateForm({ create }: { create: () => Promise<unknown> }) {
  const mutation = useSingleFlightMutation({ mutationFn: create });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={submit}>
      <button type="submit" disabled={mutation.isPending}>
        Create
      </button>
      {mutation.isError && <p role="alert">{String(mutation.error)}</p>}
    </form>
  );
}

function renderForm(create: () => Promise<unknown>) {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <CreateForm create={create} />
    </QueryClientProvider>,
  );
}

describe('useSingleFlightMutation', () => {
  it('sends a double click once: the second event comes before isPending disables the button', async () => {
    let finish: () => void = () => undefined;
    const create = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    renderForm(create);
    const button = screen.getByRole('button', { name: 'Create' });
    // Both clicks in one task, as a browser delivers a double click: no render between them.
    act(() => {
      fireEvent.click(button);
      fireEvent.click(button);
    });
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    await act(async () => finish());
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    await waitFor(() => expect(create).toHaveBeenCalledTimes(2));
  });

  it('frees the form after a refusal, keeping the refusal in error', async () => {
    const create = jest.fn().mockRejectedValueOnce(new Error('refused')).mockResolvedValue('ok');
    renderForm(create);
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(2));
  });
});
