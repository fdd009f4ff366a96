import { DefaultError, useMutation, UseMutationOptions, UseMutationResult } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';

/**
 * Runs one task at a time: a call while one is in flight is refused (resolves
 * to undefined). A `busy` state or `disabled={isPending}` is not enough: it
 * turns on only after React renders again, so a double click's second event
 * still submits (two lists, two exports, two consents). A ref changes at once.
 */
export function useSingleFlight(): <T>(task: () => Promise<T>) => Promise<T | undefined> {
  const inFlight = useRef(false);
  return useCallback(async <T,>(task: () => Promise<T>) => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    try {
      return await task();
    } finally {
      inFlight.current = false;
    }
  }, []);
}

/** `useMutation` whose `mutate` refuses a second submission while one is in flight (`useSingleFlight`). */
export function useSingleFlightMutation<TData = unknown, TError = DefaultError, TVariables = void, TContext = unknown>(
  options: UseMutationOptions<TData, TError, TVariables, TContext>,
): UseMutationResult<TData, TError, TVariables, TContext> {
  const mutation = useMutation(options);
  const once = useSingleFlight();
  const { mutateAsync } = mutation;
  const mutate = useCallback(
    // The refusal stays in `error`, as with `mutate`; the promise only frees the next submission.
    (...args: Parameters<typeof mutateAsync>) => void once(() => mutateAsync(...args)).catch(() => undefined),
    [mutateAsync, once],
  );
  return { ...mutation, mutate };
}
