import type { Message } from '@samverkan/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.ts';
import { Person, Time } from './bits.tsx';
import { PanelHeader } from './PanelHeader.tsx';

/** How the message came to be as it is: each change of status, and the version it replaced. */
export function MessageHistory({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="message-history">
      <PanelHeader headingId={headingId} title={t('messages.history.title')} />
      <ol className="msg-history">
        {m.history.map((h) => (
          <li key={`${h.at}-${h.to}`}>
            <strong>{t(`messages.status.${h.to}`)}</strong> · <Person person={h.by} /> · <Time value={h.at} />
          </li>
        ))}
      </ol>
      {m.previousId && (
        <p>
          <Link to={{ page: 'messages', id: m.previousId }} testId="previous-version">
            {t('messages.history.previous')}
          </Link>
        </p>
      )}
    </section>
  );
}
