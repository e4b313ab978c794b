import type { Actor, Contact, User } from '@samverkan/contracts';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { mayManageContacts, mayOpenContacts, mayPickActor } from '../contacts.ts';
import { describeError } from '../forms.ts';
import { useContactsChanged, useLiveStore } from '../live.ts';
import { navigate } from '../router.ts';
import { useActors } from '../useActors.ts';
import { ActorOptions } from './ActorOptions.tsx';
import { AddContactForm } from './AddContactForm.tsx';
import { Dialog } from './Dialog.tsx';
import { DialogActions } from './DialogActions.tsx';

type ListState =
  | { status: 'loading' }
  | { status: 'ready'; contacts: Contact[] }
  | { status: 'failed'; reason: 'forbidden' | 'notFound' | 'other' };

/** A message in the page's status line; `n` makes a repeated message count as new. */
type Notice = { tone: 'ok' | 'error'; text: string; n: number };

/** After a move, focus stays on the moved contact's button (or its other one at the ends of the list). */
type PendingFocus = { contactId: string; direction: 'up' | 'down' };

/**
 * Each actor's call-out list (kontaktlista för utlarmning), in order. Admins
 * look at and change any actor's, coordinators read any, a duty officer works
 * on its own actor's. A change made anywhere shows here without a reload.
 */
export function ContactsPage({ user, requestedActorId }: { user: User; requestedActorId: string | null }) {
  const { t } = useTranslation();
  const picks = mayPickActor(user.role);
  // A duty officer always works on its own actor's list, whatever the address says.
  const actorId = picks ? (requestedActorId ?? user.actorId) : user.actorId;
  const actors = useActors();

  useEffect(() => {
    if (!picks && requestedActorId !== null && requestedActorId !== user.actorId) {
      navigate({ page: 'contacts', actorId: null }, { replace: true });
    }
  }, [picks, requestedActorId, user.actorId]);

  const actorName =
    actors?.find((a) => a.id === actorId)?.name ?? (actorId === user.actorId ? user.actorName : actorId);

  return (
    <main id="main" className="layout layout--page" tabIndex={-1} data-testid="contacts-page">
      <header className="page-head">
        <div className="page-head__text">
          <h1 className="page-head__title" tabIndex={-1}>
            {t('contacts.title')}
          </h1>
          <p className="page-head__intro">{t('contacts.intro')}</p>
        </div>
        {picks && (
          <ActorPicker actors={actors} value={actorId} onChange={(id) => navigate({ page: 'contacts', actorId: id })} />
        )}
      </header>
      {mayOpenContacts(user.role) ? (
        <ContactList key={actorId} user={user} actorId={actorId} actorName={actorName} />
      ) : (
        <div className="layout__main">
          <p className="panel panel__empty" data-testid="contacts-no-access">
            {t('contacts.noAccess')}
          </p>
        </div>
      )}
    </main>
  );
}

/** The 37 actors in a native select, grouped by category as elsewhere on the dashboard. */
function ActorPicker({
  actors,
  value,
  onChange,
}: {
  actors: Actor[] | null;
  value: string;
  onChange: (actorId: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field field--inline actor-picker">
      <label className="field__label" htmlFor={id}>
        {t('contacts.actor')}
      </label>
      <select
        id={id}
        value={value}
        data-testid="actor-select"
        aria-describedby={`${id}-hint`}
        disabled={!actors}
        onChange={(event) => onChange(event.target.value)}
      >
        <ActorOptions actors={actors} value={value} />
      </select>
      <p id={`${id}-hint`} className="field__hint">
        {t('contacts.actorHint')}
      </p>
    </div>
  );
}

/** One actor's list, kept current: fetched, then fetched again whenever the server says it changed. */
function useContactList(actorId: string) {
  const store = useLiveStore();
  const [state, setState] = useState<ListState>({ status: 'loading' });
  /** Only the newest fetch may show its answer; a list from a change made here is newer than any fetch under way. */
  const latest = useRef(0);

  const load = useCallback(() => {
    const ticket = ++latest.current;
    api.contacts(actorId).then(
      (contacts) => {
        if (ticket === latest.current) setState({ status: 'ready', contacts });
      },
      (err: unknown) => {
        store.handleError(err);
        if (ticket !== latest.current) return;
        const reason =
          err instanceof ApiError && err.status === 403
            ? 'forbidden'
            : err instanceof ApiError && err.status === 404
              ? 'notFound'
              : 'other';
        // A refetch that fails for the network keeps the list shown; the next change or reconnect fetches again.
        setState((prev) => (prev.status === 'ready' && reason === 'other' ? prev : { status: 'failed', reason }));
      },
    );
  }, [actorId, store]);

  const apply = useCallback((contacts: Contact[]) => {
    latest.current++;
    setState({ status: 'ready', contacts });
  }, []);

  useEffect(() => {
    load();
    return () => {
      latest.current++;
    };
  }, [load]);

  useContactsChanged(actorId, load);

  return { state, load, apply };
}

function ContactList({ user, actorId, actorName }: { user: User; actorId: string; actorName: string }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const { state, load, apply } = useContactList(actorId);
  const manages = mayManageContacts(user, actorId);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<Contact | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const pendingFocus = useRef<PendingFocus | null>(null);
  /** Where focus goes once the remove dialog closes: a contact, null for the heading, undefined for its opener. */
  const focusAfterRemove = useRef<string | null | undefined>(undefined);
  const listRef = useRef<HTMLOListElement>(null);
  const headingId = useId();
  const contacts = state.status === 'ready' ? state.contacts : [];

  const say = useCallback((tone: Notice['tone'], text: string) => {
    setNotice((prev) => ({ tone, text, n: (prev?.n ?? 0) + 1 }));
  }, []);

  // The status line is about what was just done; it fades after a while.
  useEffect(() => {
    if (!notice || notice.tone === 'error') return;
    const timer = window.setTimeout(() => setNotice(null), 10_000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  useLayoutEffect(() => {
    const wanted = pendingFocus.current;
    if (!wanted || state.status !== 'ready') return;
    pendingFocus.current = null;
    const item = listRef.current?.querySelector(`[data-contact-id="${wanted.contactId}"]`);
    const same = item?.querySelector<HTMLButtonElement>(`[data-move="${wanted.direction}"]`);
    const other = item?.querySelector<HTMLButtonElement>(`[data-move="${wanted.direction === 'up' ? 'down' : 'up'}"]`);
    const target = same && same.getAttribute('aria-disabled') !== 'true' ? same : other;
    target?.focus();
  }, [state]);

  function headingElement(): HTMLElement | null {
    return document.getElementById(headingId);
  }

  async function move(contact: Contact, direction: 'up' | 'down') {
    if (busy) return;
    const index = contacts.findIndex((c) => c.id === contact.id);
    const swapWith = direction === 'up' ? index - 1 : index + 1;
    const other = contacts[swapWith];
    if (index < 0 || !other) return;
    const ids = contacts.map((c) => c.id);
    ids[index] = other.id;
    ids[swapWith] = contact.id;
    setBusy(true);
    try {
      const next = await api.reorderContacts(actorId, ids);
      pendingFocus.current = { contactId: contact.id, direction };
      apply(next);
      const moved = next.find((c) => c.id === contact.id);
      say('ok', t('contacts.moved', { name: contact.name, position: moved?.position ?? swapWith + 1 }));
    } catch (err) {
      store.handleError(err);
      // A 400 here means the list is no longer what was shown: someone changed it meanwhile.
      say(
        'error',
        err instanceof ApiError && (err.status === 400 || err.status === 404)
          ? t('contacts.changedElsewhere')
          : describeError(err, t),
      );
      pendingFocus.current = { contactId: contact.id, direction };
      load();
    } finally {
      setBusy(false);
    }
  }

  async function remove(contact: Contact) {
    if (busy) return;
    const index = contacts.findIndex((c) => c.id === contact.id);
    const rest = contacts.filter((c) => c.id !== contact.id).map((c, i) => ({ ...c, position: i + 1 }));
    setBusy(true);
    setRemoveError(null);
    try {
      await api.removeContact(actorId, contact.id);
      focusAfterRemove.current = (rest[index] ?? rest[index - 1])?.id ?? null;
      apply(rest);
      setRemoving(null);
      say('ok', t('contacts.removed', { name: contact.name }));
    } catch (err) {
      store.handleError(err);
      if (err instanceof ApiError && err.status === 404) {
        // Someone else removed it first: the list shows that now.
        focusAfterRemove.current = (rest[index] ?? rest[index - 1])?.id ?? null;
        setRemoving(null);
        say('error', t('contacts.goneElsewhere'));
        load();
      } else {
        setRemoveError(describeError(err, t));
      }
    } finally {
      setBusy(false);
    }
  }

  /** Cancelled: back to the remove button. Removed: to the contact now in its place, or the heading. */
  function restoreFocusAfterRemove(): HTMLElement | null {
    const id = focusAfterRemove.current;
    focusAfterRemove.current = undefined;
    if (id === undefined) return null;
    const item = id === null ? null : listRef.current?.querySelector<HTMLElement>(`[data-contact-id="${id}"]`);
    return item ?? headingElement();
  }

  return (
    <>
      <div className={`layout__main${manages ? '' : ' layout__main--wide'}`}>
        <section className="panel" aria-labelledby={headingId} aria-busy={state.status === 'loading'}>
          <header className="panel__header">
            <h2 id={headingId} className="panel__title" tabIndex={-1} data-testid="contacts-heading">
              {t('contacts.listTitle', { actor: actorName })}
            </h2>
            {state.status === 'ready' && (
              <span className="panel__count" data-testid="contacts-count">
                {t('contacts.count', { count: contacts.length })}
              </span>
            )}
          </header>

          <div className="notice-area">
            <p
              className={`notice${notice?.tone === 'ok' ? ' notice--ok' : ''}`}
              role="status"
              data-testid="contacts-status"
            >
              {notice?.tone === 'ok' && <span key={notice.n}>{notice.text}</span>}
            </p>
            {notice?.tone === 'error' && (
              <p className="form-error" role="alert" data-testid="contacts-error">
                {notice.text}
              </p>
            )}
          </div>

          {!manages && state.status === 'ready' && <p className="page-note">{t('contacts.readOnly')}</p>}

          {state.status === 'loading' && <p className="panel__empty">{t('contacts.loading')}</p>}
          {state.status === 'failed' && (
            <div className="panel__empty panel__empty--error" data-testid="contacts-failed">
              <p>
                {state.reason === 'forbidden'
                  ? t('contacts.forbidden')
                  : state.reason === 'notFound'
                    ? t('contacts.notFound')
                    : t('contacts.failed')}
              </p>
              {state.reason === 'other' && (
                <button type="button" className="btn btn--quiet btn--small" onClick={load}>
                  {t('contacts.retry')}
                </button>
              )}
            </div>
          )}
          {state.status === 'ready' && contacts.length === 0 && (
            <p className="panel__empty" data-testid="contacts-empty">
              {t('contacts.empty')}
            </p>
          )}
          {state.status === 'ready' && contacts.length > 0 && (
            <ol ref={listRef} className="contact-list" aria-labelledby={headingId} aria-busy={busy || undefined}>
              {contacts.map((contact, index) => (
                <ContactItem
                  key={contact.id}
                  contact={contact}
                  manages={manages}
                  first={index === 0}
                  last={index === contacts.length - 1}
                  onMove={(direction) => void move(contact, direction)}
                  onRemove={() => {
                    setRemoveError(null);
                    setRemoving(contact);
                  }}
                />
              ))}
            </ol>
          )}
        </section>
      </div>

      {manages && state.status === 'ready' && (
        <aside className="layout__side">
          <AddContactForm
            key={actorId}
            actorId={actorId}
            onAdded={(created) => {
              apply([...contacts.filter((c) => c.id !== created.id), created]);
              say('ok', t('contacts.added', { name: created.name, position: created.position }));
            }}
          />
        </aside>
      )}

      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('contacts.removeDialog.title')}
        tone="danger"
        dismissible={!busy}
        testId="remove-dialog"
        restoreFocus={restoreFocusAfterRemove}
      >
        {removing && (
          <>
            <div className="dialog__body">
              <p>
                {t('contacts.removeDialog.text', {
                  name: removing.name,
                  position: removing.position,
                  actor: actorName,
                })}
              </p>
              <p className="dialog__intro">{t('contacts.removeDialog.after')}</p>
              {removeError && (
                <p className="form-error" role="alert">
                  {removeError}
                </p>
              )}
            </div>
            <DialogActions
              busy={busy}
              onCancel={() => setRemoving(null)}
              cancelFocused
              confirmLabel={t('contacts.removeDialog.confirm')}
              confirmTestId="confirm-remove"
              tone="danger"
              onConfirm={() => void remove(removing)}
              ariaDisabled={busy}
              ariaBusy={busy}
            />
          </>
        )}
      </Dialog>
    </>
  );
}

function ContactItem({
  contact,
  manages,
  first,
  last,
  onMove,
  onRemove,
}: {
  contact: Contact;
  manages: boolean;
  first: boolean;
  last: boolean;
  onMove: (direction: 'up' | 'down') => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const nameId = useId();
  const forName = <span className="visually-hidden">: {contact.name}</span>;
  return (
    <li
      className="contact"
      data-testid="contact"
      data-contact-id={contact.id}
      data-position={contact.position}
      aria-labelledby={nameId}
      tabIndex={-1}
    >
      <span className="contact__position">
        <span className="visually-hidden">{t('contacts.positionLabel')} </span>
        {contact.position}
      </span>
      <div className="contact__body">
        <h3 id={nameId} className="contact__name" data-testid="contact-name">
          {contact.name}
        </h3>
        <p className="contact__meta">
          {contact.role && (
            <>
              <span data-testid="contact-role">{contact.role}</span>
              <span aria-hidden="true"> · </span>
            </>
          )}
          <span>
            {t('contacts.language')}: {t(`contacts.languages.${contact.language}`)}
          </span>
        </p>
        <ul className="contact__channels" aria-label={t('contacts.channelsLabel')}>
          {contact.channels.map((channel, i) => (
            <li key={i} className="channel" data-testid="contact-channel" data-type={channel.type}>
              <span className={`channel__type channel__type--${channel.type}`}>
                {t(`contacts.channelType.${channel.type}`)}
              </span>{' '}
              <span className="channel__address">{channel.address}</span>
            </li>
          ))}
        </ul>
      </div>
      {manages && (
        <div className="contact__actions">
          <button
            type="button"
            className="btn btn--quiet btn--small"
            data-move="up"
            data-testid="contact-move-up"
            aria-disabled={first || undefined}
            onClick={() => !first && onMove('up')}
          >
            <span aria-hidden="true">↑</span> {t('contacts.moveUp')}
            {forName}
          </button>
          <button
            type="button"
            className="btn btn--quiet btn--small"
            data-move="down"
            data-testid="contact-move-down"
            aria-disabled={last || undefined}
            onClick={() => !last && onMove('down')}
          >
            <span aria-hidden="true">↓</span> {t('contacts.moveDown')}
            {forName}
          </button>
          <button
            type="button"
            className="btn btn--quiet btn--small btn--danger-quiet"
            data-testid="contact-remove"
            onClick={onRemove}
          >
            {t('contacts.remove')}
            {forName}
          </button>
        </div>
      )}
    </li>
  );
}
