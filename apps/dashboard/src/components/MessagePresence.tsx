import type { MessagePresence as Presence } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';

/** Who else has the message open right now, read out as people come and go. */
export function MessagePresence({ others }: { others: Presence['editors'] }) {
  const { t } = useTranslation();
  return (
    <p className="msg-presence" aria-live="polite" data-testid="presence" data-count={others.length}>
      {others.length > 0 &&
        t('messages.presence', {
          names: others.map((o) => `${o.name}, ${o.actorName}`).join('; '),
        })}
    </p>
  );
}
