import type { Message, Requirement } from '@samverkan/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../forms.ts';
import { useLiveStore } from '../live.ts';
import { navigate } from '../router.ts';
import { conflictKey, messageConflictOf } from './messageErrors.ts';
import type { ApplyMessage } from './useMessage.ts';

/**
 * Runs one of the message's decisions (publish, new version, withdraw) and
 * reads a refusal: the agreements still missing, a newer revision (shown at
 * once), or a new version someone already prepares (opened instead).
 */
export function useMessageAction(apply: ApplyMessage, close: () => void) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<Requirement[] | null>(null);

  async function run(action: () => Promise<Message>, done: (result: Message) => void) {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      setBusy(false);
      close();
      done(result);
    } catch (err) {
      setBusy(false);
      store.handleError(err);
      const body = messageConflictOf(err);
      if (body?.error === 'agreements_missing') setMissing(body.missing ?? []);
      if (body?.error === 'stale_revision' && body.current) {
        apply(body.current);
        setError(t('messages.actions.stale'));
        return;
      }
      if (body?.error === 'version_in_progress' && body.messageId) {
        close();
        navigate({ page: 'messages', id: body.messageId });
        return;
      }
      setError(body ? t(`messages.errors.${conflictKey(body.error)}`) : describeError(err, t));
    }
  }

  /** A dialog opens without the last attempt's refusal. */
  function reset() {
    setError(null);
    setMissing(null);
  }

  return { busy, error, missing, run, reset };
}
