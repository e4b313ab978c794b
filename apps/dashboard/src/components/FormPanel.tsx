import type { FormEvent, ReactNode, RefObject } from 'react';
import { PanelHeader } from './PanelHeader.tsx';

/**
 * A side panel that holds one form (e.g. a new message, a new contact): the
 * panel and the form both labelled by its title, then a line of introduction.
 * `after` is what belongs to the panel but not the form, e.g. its confirmation dialog.
 */
export function FormPanel({
  headingId,
  title,
  intro,
  formRef,
  onSubmit,
  formTestId,
  panelTestId,
  after,
  children,
}: {
  headingId: string;
  title: string;
  intro: string;
  formRef: RefObject<HTMLFormElement | null>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  formTestId: string;
  panelTestId?: string;
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={headingId} data-testid={panelTestId}>
      <PanelHeader headingId={headingId} title={title} />
      <form
        ref={formRef}
        className="contact-form"
        noValidate
        onSubmit={onSubmit}
        aria-labelledby={headingId}
        data-testid={formTestId}
      >
        <p className="field__hint">{intro}</p>
        {children}
      </form>
      {after}
    </section>
  );
}
