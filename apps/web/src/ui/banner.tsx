import type { ReactNode } from 'react';

/** A full-width notice (offline, errors); `role="alert"` so screen readers announce it. */
export function Banner({ tone, children }: { tone: 'warning' | 'error' | 'info'; children: ReactNode }) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'info' ? 'status' : 'alert'}>
      {children}
    </div>
  );
}
