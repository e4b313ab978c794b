import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { describeError } from '../forms.ts';
import { useLiveStore } from '../live.ts';
import { useActors } from '../useActors.ts';
import { ActorCheckboxes } from './ActorCheckboxes.tsx';
import { FormError } from './FormError.tsx';
import type { MessagePanelProps } from './messagePanel.ts';

/** "Skicka på samråd": every actor not yet consulted, or those chosen. */
export function ConsultForm({ message: m, apply, say }: MessagePanelProps) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const id = useId();
  const actors = useActors();
  const [who, setWho] = useState<'all' | 'chosen'>('chosen');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const already = new Set(m.consulted?.map((c) => c.actorId) ?? []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (who === 'chosen' && chosen.length === 0) {
      setError(t('messages.consult.chooseSome'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api.consultMessage(m.id, who === 'all' ? {} : { actorIds: chosen });
      setChosen([]);
      apply(result);
      say(t('messages.consult.sent', { count: result.consulted?.length ?? 0 }));
    } catch (err) {
      store.handleError(err);
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  const remaining = actors?.filter((a) => !already.has(a.id)) ?? [];
  if (actors && remaining.length === 0) return null;
  return (
    <form className="msg-consult-form" noValidate onSubmit={submit} data-testid="consult-form">
      <fieldset className="recipients">
        <legend className="field__label">
          {m.consulted === null ? t('messages.consult.send') : t('messages.consult.sendMore')}
        </legend>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-who`}
            checked={who === 'all'}
            onChange={() => setWho('all')}
            data-testid="consult-all"
          />
          {t('messages.consult.all', { count: remaining.length })}
        </label>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-who`}
            checked={who === 'chosen'}
            onChange={() => setWho('chosen')}
            data-testid="consult-chosen"
          />
          {t('messages.consult.chosen', { count: chosen.length })}
        </label>
        {who === 'chosen' && (
          <div className="actor-chooser" data-testid="consult-chooser">
            {!actors && <p className="field__hint">{t('actors.loading')}</p>}
            {actors && (
              <ActorCheckboxes
                actors={remaining}
                chosen={chosen}
                optionTestId="consult-actor"
                onChange={(actorIds) => {
                  setError(null);
                  setChosen(actorIds);
                }}
              />
            )}
          </div>
        )}
      </fieldset>
      <FormError error={error} testId="consult-error" />
      <button type="submit" className="btn btn--primary btn--block" data-testid="consult-submit" disabled={busy}>
        {busy
          ? t('actions.sending')
          : m.consulted === null
            ? t('messages.consult.send')
            : t('messages.consult.sendMore')}
      </button>
    </form>
  );
}
