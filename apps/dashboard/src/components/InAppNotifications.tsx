import { AckBodySchema, type AckChoice, ackChoices, type InAppNotification, type User } from '@samverkan/contracts';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { mayAcknowledge, mergeNotifications, notificationsToShow } from '../callouts.ts';
import { describeError, type FieldErrors, validate } from '../forms.ts';
import { useCalloutUpdates, useLiveStore, useNotificationEvents } from '../live.ts';
import { useFocusAfterRender } from '../useFocusAfterRender.ts';
import { ExerciseTag, useClockText } from './bits.tsx';
import { TextField } from './TextField.tsx';

/**
 * The in-app channel: an activation or a kallelse to the user's actor shows
 * here at once, loud, with a form to acknowledge it for the actor. What is
 * still unacknowledged is shown again after a reload (GET /api/notifications).
 */
export function InAppNotifications({ user }: { user: User }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [list, setList] = useState<InAppNotification[]>([]);
  /** Shown (or received live) in this session: stays, acknowledged or not, until closed. */
  const [seen, setSeen] = useState<ReadonlySet<string>>(() => new Set());
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());

  const load = useCallback(() => {
    api.notifications().then(
      (fresh) => setList((current) => mergeNotifications(current, fresh)),
      (err: unknown) => store.handleError(err),
    );
  }, [store]);

  useEffect(load, [load]);

  useNotificationEvents((notification) => {
    if (notification === null) {
      load();
      return;
    }
    setList((current) => mergeNotifications(current, [notification]));
    setSeen((prev) => new Set(prev).add(notification.id));
  });

  // Someone of the actor may acknowledge elsewhere (by link, or another user): the list says who.
  useCalloutUpdates(load, { delayMs: 300, accept: (change) => change.actorId === user.actorId });

  const shown = notificationsToShow(list, seen, dismissed);

  useEffect(() => {
    const unseen = shown.filter((n) => !seen.has(n.id));
    if (unseen.length > 0) setSeen((prev) => new Set([...prev, ...unseen.map((n) => n.id)]));
  }, [shown, seen]);

  if (shown.length === 0) return null;

  return (
    <section className="inapp-area" aria-label={t('inapp.label')} data-testid="inapp">
      {shown.map((notification) => (
        <NotificationCard
          key={notification.id}
          notification={notification}
          user={user}
          onAcknowledged={(acknowledged) => {
            setList((current) => mergeNotifications(current, [acknowledged]));
            load();
          }}
          onRefresh={load}
          onClose={() => setDismissed((prev) => new Set(prev).add(notification.id))}
        />
      ))}
    </section>
  );
}

function NotificationCard({
  notification: n,
  user,
  onAcknowledged,
  onRefresh,
  onClose,
}: {
  notification: InAppNotification;
  user: User;
  onAcknowledged: (notification: InAppNotification) => void;
  onRefresh: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const clock = useClockText();
  const headingId = useId();
  const doneRef = useRef<HTMLParagraphElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const [choice, setChoice] = useState<AckChoice | ''>('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const acknowledged = n.acknowledgedAt !== null;
  const asks = n.needsAcknowledgement && !acknowledged;
  const mayAck = mayAcknowledge(user.role);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const prepared = validate(
      AckBodySchema,
      { ...(choice ? { choice } : {}), ...(comment.trim() ? { comment } : {}) },
      t,
    );
    if (!prepared.ok) {
      setErrors(prepared.errors);
      return;
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const result = await api.acknowledge(n.id, prepared.data);
      setBusy(false);
      if (result.alreadyAcknowledged) {
        // Someone else of the actor was first: the list says who.
        setNote(t('inapp.alreadyAcknowledged'));
        onRefresh();
      } else {
        onAcknowledged({ ...n, acknowledgedAt: new Date().toISOString(), acknowledgedByName: user.name });
      }
      // The form is gone: focus goes to what took its place.
      focusAfterRender(() => doneRef.current);
    } catch (err) {
      setBusy(false);
      store.handleError(err);
      setFormError(err instanceof ApiError && err.status === 404 ? t('inapp.notCalled') : describeError(err, t));
    }
  }

  const done =
    acknowledged && n.acknowledgedAt
      ? n.acknowledgedByName
        ? t('inapp.acknowledged', { name: n.acknowledgedByName, time: clock(n.acknowledgedAt) })
        : t('inapp.acknowledgedSomeone', { time: clock(n.acknowledgedAt) })
      : '';

  return (
    <article
      className={`inapp inapp--${n.kind}${n.exercise ? ' inapp--exercise' : ''}${asks ? ' inapp--asks' : ''}`}
      aria-labelledby={headingId}
      data-testid="inapp-notice"
      data-notification-id={n.id}
      data-kind={n.kind}
      data-acknowledged={acknowledged}
    >
      <div className="inapp__main">
        <div className="inapp__alert" role={asks ? 'alert' : undefined} data-testid="inapp-alert">
          {n.exercise && <ExerciseTag testId="inapp-exercise" />}
          <h2 id={headingId} className="inapp__headline" data-testid="inapp-headline">
            {asks ? t(`inapp.headline.${n.kind}`) : t(`inapp.headlineDone.${n.kind}`)}
          </h2>
          <p className="inapp__title" data-testid="inapp-title">
            {n.title}
          </p>
        </div>
        <p className="inapp__reason">{n.reason}</p>
        {n.message && <p className="inapp__reason">{n.message}</p>}
        <p className="inapp__meta">
          {t('inapp.decidedBy', { name: n.decidedBy.name, actor: n.decidedBy.actorName, time: clock(n.createdAt) })}
        </p>
      </div>

      <div className="inapp__side">
        {asks && mayAck && (
          <form className="inapp__form" noValidate onSubmit={handleSubmit} data-testid="inapp-ack-form">
            <fieldset className="inapp__choices">
              <legend className="field__label">
                {t('inapp.choiceLegend')} <span className="field__required">({t('form.optional')})</span>
              </legend>
              {ackChoices.map((c) => (
                <label key={c} className="radio">
                  <input
                    type="radio"
                    name={`choice-${n.id}`}
                    value={c}
                    checked={choice === c}
                    disabled={busy}
                    onChange={() => setChoice(c)}
                    data-testid={`inapp-choice-${c}`}
                  />
                  {t(`inapp.choices.${c}`)}
                </label>
              ))}
            </fieldset>
            <TextField
              name="comment"
              label={t('inapp.comment')}
              optional
              value={comment}
              onChange={(value) => {
                setComment(value);
                if (errors.comment) setErrors({});
              }}
              error={errors.comment}
              maxLength={1000}
              autoComplete="off"
              testId="inapp-comment"
              readOnly={busy}
            />
            {formError && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <button
              type="submit"
              className="btn btn--danger btn--block"
              data-testid="inapp-ack-submit"
              aria-disabled={busy || undefined}
              aria-busy={busy || undefined}
            >
              {busy ? t('actions.sending') : t('inapp.submit', { actor: user.actorName })}
            </button>
          </form>
        )}
        {asks && !mayAck && <p className="inapp__note">{t('inapp.cannotAcknowledge')}</p>}
        <p
          ref={doneRef}
          className={done ? 'inapp__done' : 'inapp__done inapp__done--empty'}
          role="status"
          tabIndex={-1}
          data-testid="inapp-acknowledged"
        >
          {done && (
            <>
              <span aria-hidden="true">✓ </span>
              {done}
            </>
          )}
        </p>
        {note && <p className="inapp__note">{note}</p>}
        {!asks && (
          <button
            type="button"
            className="btn btn--quiet btn--small inapp__close"
            data-testid="inapp-close"
            aria-label={t('inapp.closeLabel', { title: n.title })}
            onClick={onClose}
          >
            {t('inapp.close')}
          </button>
        )}
      </div>
    </article>
  );
}
