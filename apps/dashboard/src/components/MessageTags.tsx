import type { MessageClassification, MessageStatus } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';

/** A message's status in words, with a colour that only repeats them. */
export function StatusTag({ status }: { status: MessageStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`msg-status msg-status--${status}`} data-testid="message-status" data-status={status}>
      {t(`messages.status.${status}`)}
    </span>
  );
}

/** Intern or Öppen. */
export function ClassTag({ classification }: { classification: MessageClassification }) {
  const { t } = useTranslation();
  return (
    <span className={`msg-class msg-class--${classification}`} data-testid="message-class">
      {t(`messages.classification.${classification}`)}
    </span>
  );
}
