import type { ReactNode } from 'react';

/** A titled section of a page (a column block of the desk). */
export function Panel({ title, children, id, actions }: { title: string; children: ReactNode; id?: string; actions?: ReactNode }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="panel" id={id} aria-labelledby={headingId}>
      <header className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
