import { useTranslation } from 'react-i18next';
import { Link } from '../router.ts';

/** Back to the list of messages. */
export function MessageBackLink() {
  const { t } = useTranslation();
  return (
    <p className="msg-back">
      <Link to={{ page: 'messages', id: null }} testId="message-back">
        ← {t('messages.view.back')}
      </Link>
    </p>
  );
}
