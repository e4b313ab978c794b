import type { ReactNode } from 'react';

/** A panel's header: its title (the heading the panel is labelled by), and anything beside it. */
export function PanelHeader({
  headingId,
  title,
  className = 'panel__header',
  children,
}: {
  headingId: string;
  title: ReactNode;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <header className={className}>
      <h2 id={headingId} className="panel__title">
        {title}
      </h2>
      {children}
    </header>
  );
}
