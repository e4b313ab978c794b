import { areaName, type MessageStatus, type MessageSummary, type User } from '@samverkan/contracts';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useLive, useLiveStore } from '../live.ts';
import {
  type DraftField,
  deskStatuses,
  emptyMessageDraft,
  type MessageDraft,
  mayDraftMessages,
  mayViewMessageDesk,
  prepareCreate,
} from '../messages.ts';
import { Link, navigate } from '../router.ts';
import { useActors } from '../useActors.ts';
import { ExerciseTag, Time } from './bits.tsx';
import { FormPanel } from './FormPanel.tsx';
import { FormSubmit } from './FormSubmit.tsx';
import { MessageFields } from './MessageFields.tsx';
import { ClassTag, StatusTag } from './MessageTags.tsx';
import { MessageView } from './MessageView.tsx';
import { PanelHeader } from './PanelHeader.tsx';
import { useMessageFormErrors } from './useMessageFormErrors.ts';
import { useMessageReload } from './useMessageReload.ts';

/**
 * Kommunikation (samordnad kommunikation): the desk where the actors'
 * communicators draft joint messages, consult on them, agree and publish.
 * `/messages` is the list and the form for a new message; `/messages/:id`
 * one message with its consultation.
 */
export function MessagesPage({ user, id }: { user: User; id: string | null }) {
  const { t } = useTranslation();
  const desk = mayViewMessageDesk(user.role);

  // Between the list and a message the page stays the same: announce the change by moving focus to the heading.
  const shown = useRef(id);
  useEffect(() => {
    if (shown.current === id) return;
    shown.current = id;
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [id]);

  return (
    <main id="main" className="layout layout--page" tabIndex={-1} data-testid="messages-page">
      <header className="page-head">
        <div className="page-head__text">
          <h1 className="page-head__title" tabIndex={-1}>
            {t('messages.title')}
          </h1>
          <p className="page-head__intro">{desk ? t('messages.intro') : t('messages.introPublished')}</p>
        </div>
      </header>
      {id ? <MessageView key={id} id={id} user={user} /> : <Desk user={user} />}
    </main>
  );
}

type ListState = { status: 'loading' } | { status: 'ready'; list: MessageSummary[] } | { status: 'failed' };

/** The messages, newest first, refetched (folded) whenever one changes. */
function useMessageList() {
  const store = useLiveStore();
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const latest = useRef(0);

  const load = useCallback(() => {
    const ticket = ++latest.current;
    api.messages().then(
      (list) => ticket === latest.current && setState({ status: 'ready', list }),
      (err: unknown) => {
        store.handleError(err);
        if (ticket === latest.current) setState((prev) => (prev.status === 'ready' ? prev : { status: 'failed' }));
      },
    );
  }, [store]);

  useMessageReload(load, latest, 200);

  return { state, load };
}

function Desk({ user }: { user: User }) {
  const drafts = mayDraftMessages(user.role);
  const { state, load } = useMessageList();
  return (
    <>
      <div className={`layout__main${drafts ? '' : ' layout__main--wide'}`}>
        <MessageList state={state} onRetry={load} />
      </div>
      {drafts && (
        <aside className="layout__side">
          <NewMessageForm user={user} />
        </aside>
      )}
    </>
  );
}

function MessageList({ state, onRetry }: { state: ListState; onRetry: () => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [filter, setFilter] = useState<MessageStatus | 'all'>('all');

  if (state.status !== 'ready') {
    return (
      <section className="panel" aria-labelledby={headingId} aria-busy={state.status === 'loading'}>
        <PanelHeader headingId={headingId} title={t('messages.list.title')} />
        {state.status === 'loading' ? (
          <p className="panel__empty">{t('messages.list.loading')}</p>
        ) : (
          <div className="panel__empty panel__empty--error">
            <p>{t('messages.list.failed')}</p>
            <button type="button" className="btn btn--quiet btn--small" onClick={onRetry}>
              {t('callouts.retry')}
            </button>
          </div>
        )}
      </section>
    );
  }

  const counts = new Map(deskStatuses.map((s) => [s, state.list.filter((m) => m.status === s).length]));
  const groups = deskStatuses
    .filter((s) => filter === 'all' || s === filter)
    .map((status) => ({ status, list: state.list.filter((m) => m.status === status) }))
    .filter((g) => g.list.length > 0);

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="message-list">
      <PanelHeader headingId={headingId} title={t('messages.list.title')} className="panel__header msg-list__header">
        <label className="msg-list__filter">
          <span className="field__label">{t('messages.list.filter')}</span>
          <select
            value={filter}
            onChange={(e) => setFilter(e.target.value as MessageStatus | 'all')}
            data-testid="message-filter"
          >
            <option value="all">{t('messages.list.all', { count: state.list.length })}</option>
            {deskStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`messages.status.${s}`)} ({counts.get(s) ?? 0})
              </option>
            ))}
          </select>
        </label>
      </PanelHeader>
      {groups.length === 0 && (
        <p className="panel__empty" data-testid="message-list-empty">
          {t('messages.list.empty')}
        </p>
      )}
      {groups.map(({ status, list }) => (
        <section
          key={status}
          className="msg-group"
          aria-labelledby={`${headingId}-${status}`}
          data-testid="message-group"
          data-status={status}
        >
          <h3 id={`${headingId}-${status}`} className="msg-group__title">
            {t(`messages.status.${status}`)} <span className="panel__count">({list.length})</span>
          </h3>
          <ul className="msg-list">
            {list.map((m) => (
              <MessageRow key={m.id} m={m} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function MessageRow({ m }: { m: MessageSummary }) {
  const { t } = useTranslation();
  const areas = m.areas.map(areaName).join(', ');
  return (
    <li
      className={`msg-row${m.exercise ? ' msg-row--exercise' : ''}`}
      data-testid="message-row"
      data-message-id={m.id}
      data-status={m.status}
    >
      <p className="msg-row__title">
        {m.exercise && <ExerciseTag testId="message-row-exercise" />}{' '}
        <Link to={{ page: 'messages', id: m.id }} testId="message-link">
          {m.headline}
        </Link>
        {m.version > 1 && <span className="muted"> · {t('messages.version', { version: m.version })}</span>}
      </p>
      <p className="msg-row__meta">
        <StatusTag status={m.status} /> <ClassTag classification={m.classification} />{' '}
        {m.agreements.required > 0 ? (
          <span className="msg-row__agreements" data-testid="message-row-agreements">
            {t('messages.agreementsCount', { met: m.agreements.met, required: m.agreements.required })}
          </span>
        ) : null}
      </p>
      <p className="msg-row__meta muted">
        {t('messages.responsibleShort', { actor: m.responsibleActor.name })} · {areas} · {t('messages.updated')}{' '}
        <Time value={m.updatedAt} />
      </p>
    </li>
  );
}

/** "Nytt budskap": a draft, validated with CreateMessageBodySchema; on success the new draft opens. */
function NewMessageForm({ user }: { user: User }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const { mode } = useLive();
  const headingId = useId();
  const exerciseMode = mode?.mode === 'activated' && mode.exercise;
  const [draft, setDraft] = useState<MessageDraft>(() => emptyMessageDraft(user.actorId));
  const { formRef, errors, formError, clear, check, fail } = useMessageFormErrors();
  const [busy, setBusy] = useState(false);
  const actors = useActors();

  function update(patch: Partial<MessageDraft>, touched: DraftField[]) {
    setDraft((d) => ({ ...d, ...patch }));
    clear(touched);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const body = check(prepareCreate({ ...draft, exercise: draft.exercise || exerciseMode }, t));
    if (body === null) return;
    setBusy(true);
    try {
      const created = await api.createMessage(body);
      setBusy(false);
      navigate({ page: 'messages', id: created.id });
    } catch (err) {
      setBusy(false);
      store.handleError(err);
      fail(err);
    }
  }

  return (
    <FormPanel
      headingId={headingId}
      title={t('messages.new.title')}
      intro={t('messages.new.intro')}
      formRef={formRef}
      onSubmit={handleSubmit}
      formTestId="message-new-form"
      panelTestId="message-new-panel"
    >
      <MessageFields
        draft={draft}
        onChange={update}
        errors={errors}
        actors={actors}
        readOnly={busy}
        exerciseForced={exerciseMode}
      />
      <FormSubmit
        busy={busy}
        label={t('messages.new.submit')}
        testId="message-create"
        error={formError}
        errorTestId="message-new-error"
      />
    </FormPanel>
  );
}
