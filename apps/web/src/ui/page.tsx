import type { ReactNode } from 'react';

/** A console or compliance page: its heading, the actions beside it, its body. The skip link lands here. */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <main id="main" className="page" tabIndex={-1}>
      <header className="page-head">
        <h1>{title}</h1>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </main>
  );
}
