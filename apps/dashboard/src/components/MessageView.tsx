import {
  type Actor,
  actorCategories,
  areaName,
  COUNTY_CODE,
  CommentBodySchema,
  capStatus,
  type Message,
  type MessageAnswer,
  ObjectBodySchema,
  type Requirement,
  type User,
  WHOLE_COUNTY,
  WithdrawBodySchema,
} from '@samverkan/contracts';
import type { TFunction } from 'i18next';
import { type FormEvent, type RefObject, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { describeError, type FieldErrors, issueMessage } from '../forms.ts';
import { useLiveStore, useMessageChanges, useMessagePresence } from '../live.ts';
import {
  changedFields,
  type DraftField,
  draftOf,
  type MessageDraft,
  mayViewMessageDesk,
  messageApiErrors,
  prepareEdit,
  reapply,
} from '../messages.ts';
import { Link, navigate } from '../router.ts';
import { ExerciseTag, Person, Time } from './bits.tsx';
import { Dialog } from './Dialog.tsx';
import { MessageFields } from './MessageFields.tsx';
import { ClassTag, StatusTag } from './MessageTags.tsx';
import { TextField } from './TextField.tsx';

type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; message: Message }
  | { status: 'failed'; reason: 'notFound' | 'other' };

/** What the editor holds: the saved version it started from, and the user's values on top. */
interface Editor {
  base: MessageDraft;
  draft: MessageDraft;
  revision: number;
}

const editorOf = (m: Message): Editor => ({ base: draftOf(m), draft: draftOf(m), revision: m.revision });
const isDirty = (e: Editor | null) => e !== null && changedFields(e.base, e.draft).length > 0;

/** A notice under the editor; `n` makes a repeated one count as new. */
type Notice = { text: string; n: number; tone: 'ok' | 'info' };

/**
 * One joint message: the editor (with who else has it open, and a merge
 * instead of an overwrite when someone saved first), the consultation, the
 * preview of what goes out, and publishing, a new version or withdrawal.
 */
export function MessageView({ id, user }: { id: string; user: User }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [editor, setEditor] = useState<Editor | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const latest = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const desk = mayViewMessageDesk(user.role);
  const others = useMessagePresence(desk ? id : null, user.id);

  /** Shows a message as it now is; an editor with unsaved edits keeps them (and the revision they build on). */
  const apply = useCallback((message: Message, { resetEditor = false } = {}) => {
    latest.current++;
    setState({ status: 'ready', message });
    setEditor((prev) => (resetEditor || prev === null || !isDirty(prev) ? editorOf(message) : prev));
  }, []);

  const load = useCallback(() => {
    const ticket = ++latest.current;
    api.message(id).then(
      (message) => {
        if (ticket !== latest.current) return;
        setState({ status: 'ready', message });
        setEditor((prev) => (prev === null || !isDirty(prev) ? editorOf(message) : prev));
      },
      (err: unknown) => {
        store.handleError(err);
        if (ticket !== latest.current) return;
        const reason = err instanceof ApiError && err.status === 404 ? 'notFound' : 'other';
        setState((prev) => (prev.status === 'ready' && reason === 'other' ? prev : { status: 'failed', reason }));
      },
    );
  }, [id, store]);

  useEffect(() => {
    load();
    return () => {
      latest.current++;
      window.clearTimeout(timer.current);
    };
  }, [load]);

  useMessageChanges((change) => {
    if (change !== null && change.messageId !== id) return;
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      load();
    }, 150);
  });

  useEffect(() => {
    if (!notice) return;
    const handle = window.setTimeout(() => setNotice(null), 10_000);
    return () => window.clearTimeout(handle);
  }, [notice]);

  const say = useCallback(
    (text: string, tone: Notice['tone'] = 'ok') => setNotice((prev) => ({ text, tone, n: (prev?.n ?? 0) + 1 })),
    [],
  );

  if (state.status !== 'ready' || editor === null) {
    return (
      <div className="layout__main layout__main--wide">
        <BackLink />
        <section className="panel" aria-busy={state.status === 'loading'}>
          {state.status === 'failed' ? (
            <div className="panel__empty panel__empty--error" data-testid="message-failed">
              <p>{state.reason === 'notFound' ? t('messages.view.notFound') : t('messages.view.failed')}</p>
              {state.reason === 'other' && (
                <button type="button" className="btn btn--quiet btn--small" onClick={load}>
                  {t('callouts.retry')}
                </button>
              )}
            </div>
          ) : (
            <p className="panel__empty">{t('messages.view.loading')}</p>
          )}
        </section>
      </div>
    );
  }

  const m = state.message;
  return (
    <>
      <div className="layout__main" data-testid="message-view" data-message-id={m.id} data-status={m.status}>
        <BackLink />
        <section
          className={`panel msg-view${m.exercise ? ' msg-view--exercise' : ''}`}
          aria-labelledby="message-heading"
        >
          {m.exercise && (
            <p className="exercise-strip" data-testid="message-exercise">
              <ExerciseTag /> {t('messages.exerciseText')}
            </p>
          )}
          <header className="msg-view__head">
            <p className="msg-view__tags">
              <StatusTag status={m.status} /> <ClassTag classification={m.classification} />{' '}
              {m.version > 1 && <span className="muted">{t('messages.version', { version: m.version })}</span>}
            </p>
            <h2 id="message-heading" className="msg-view__title" tabIndex={-1} data-testid="message-headline">
              {m.headline}
            </h2>
            <p className="msg-view__meta muted">
              {t('messages.view.meta', {
                author: m.author.name,
                actor: m.author.actorName,
                responsible: m.responsibleActor.name,
                revision: m.revision,
              })}{' '}
              · {t('messages.updated')} <Time value={m.updatedAt} />
            </p>
            {m.status === 'withdrawn' && (
              <p className="form-error" data-testid="message-withdrawn">
                {t('messages.view.withdrawn')}
                {m.withdrawReason ? `: ${m.withdrawReason}` : ''}
              </p>
            )}
          </header>
          <p className="msg-presence" aria-live="polite" data-testid="presence" data-count={others.length}>
            {others.length > 0 &&
              t('messages.presence', {
                names: others.map((o) => `${o.name}, ${o.actorName}`).join('; '),
              })}
          </p>
        </section>

        {m.can.edit ? (
          <EditorPanel message={m} editor={editor} setEditor={setEditor} apply={apply} say={say} notice={notice} />
        ) : (
          notice && <NoticeLine notice={notice} />
        )}
        <Preview message={m} />
      </div>
      <aside className="layout__side">
        <Actions message={m} apply={apply} say={say} dirty={isDirty(editor)} />
        {desk && <Consultation message={m} apply={apply} say={say} />}
        {desk && <AnswersThread answers={m.answers} revision={m.revision} />}
        <HistoryList message={m} />
      </aside>
    </>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <p className="msg-back">
      <Link to={{ page: 'messages', id: null }} testId="message-back">
        ← {t('messages.view.back')}
      </Link>
    </p>
  );
}

function NoticeLine({ notice }: { notice: Notice | null }) {
  return (
    <p className={`notice${notice ? ` notice--${notice.tone}` : ''}`} role="status" data-testid="message-notice">
      {notice && <span key={notice.n}>{notice.text}</span>}
    </p>
  );
}

/* ------------------------------------------------------------------ editor */

function EditorPanel({
  message,
  editor,
  setEditor,
  apply,
  say,
  notice,
}: {
  message: Message;
  editor: Editor;
  setEditor: (update: (prev: Editor | null) => Editor | null) => void;
  apply: (m: Message, opts?: { resetEditor?: boolean }) => void;
  say: (text: string, tone?: Notice['tone']) => void;
  notice: Notice | null;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const conflictRef = useRef<HTMLHeadingElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<Message | null>(null);
  const [actors, setActors] = useState<Actor[] | null>(null);
  const dirty = isDirty(editor);
  const someoneSaved = dirty && message.revision > editor.revision && conflict === null;

  useEffect(() => {
    let cancelled = false;
    api.actors().then(
      (list) => !cancelled && setActors(list),
      (err: unknown) => store.handleError(err),
    );
    return () => {
      cancelled = true;
    };
  }, [store]);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  function update(patch: Partial<MessageDraft>, clear: DraftField[]) {
    setEditor((prev) => (prev ? { ...prev, draft: { ...prev.draft, ...patch } } : prev));
    if (clear.some((key) => errors[key])) {
      setErrors((e) => {
        const next = { ...e };
        for (const key of clear) delete next[key];
        return next;
      });
    }
  }

  function focusFirstInvalid() {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function save(draft: MessageDraft, revision: number) {
    if (busy) return;
    const prepared = prepareEdit(draft, revision, t);
    if (!prepared.ok) {
      setErrors(prepared.errors);
      setFormError(t('errors.invalid'));
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const saved = await api.editMessage(message.id, prepared.data);
      setBusy(false);
      setConflict(null);
      apply(saved, { resetEditor: true });
      say(t('messages.editor.saved', { revision: saved.revision }));
    } catch (err) {
      setBusy(false);
      store.handleError(err);
      const body = err instanceof ApiError ? err.messageConflict : undefined;
      if (body?.error === 'edit_conflict' && body.current) {
        // Their version is shown; the editor keeps my values and the revision I started from until I choose.
        const current = body.current;
        apply(current);
        setConflict(current);
        return;
      }
      const fieldErrors = messageApiErrors(err, t);
      setErrors(fieldErrors);
      setFormError(describeError(err, t));
      if (Object.keys(fieldErrors).length > 0) focusFirstInvalid();
    }
  }

  function keepMine(theirs: Message) {
    const merged = reapply(editor.base, editor.draft, draftOf(theirs));
    setEditor(() => ({ base: draftOf(theirs), draft: merged, revision: theirs.revision }));
    void save(merged, theirs.revision);
  }

  function takeTheirs(theirs: Message) {
    setConflict(null);
    apply(theirs, { resetEditor: true });
    say(t('messages.conflict.tookTheirs'), 'info');
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="message-editor">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {t('messages.editor.title')}
        </h2>
        <span className="panel__count" data-testid="editor-state" data-dirty={dirty}>
          {dirty ? t('messages.editor.unsaved') : t('messages.editor.upToDate', { revision: editor.revision })}
        </span>
      </header>

      {someoneSaved && (
        <p className="msg-stale" role="status" data-testid="someone-saved">
          {t('messages.editor.someoneSaved', { revision: message.revision })}
        </p>
      )}

      {conflict && (
        <ConflictPanel
          headingRef={conflictRef}
          base={editor.base}
          mine={editor.draft}
          theirs={conflict}
          busy={busy}
          onKeepMine={() => keepMine(conflict)}
          onTakeTheirs={() => takeTheirs(conflict)}
        />
      )}

      <form
        ref={formRef}
        className="contact-form"
        noValidate
        aria-labelledby={headingId}
        data-testid="message-edit-form"
        onSubmit={(event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          void save(editor.draft, editor.revision);
        }}
      >
        <MessageFields draft={editor.draft} onChange={update} errors={errors} actors={actors} readOnly={busy} />
        {formError && (
          <p className="form-error" role="alert" data-testid="message-edit-error">
            {formError}
          </p>
        )}
        <NoticeLine notice={notice} />
        <div className="msg-editor__actions">
          <button
            type="submit"
            className="btn btn--primary"
            data-testid="message-save"
            disabled={!dirty || conflict !== null}
            aria-busy={busy || undefined}
          >
            {busy ? t('messages.editor.saving') : t('messages.editor.save')}
          </button>
          <button
            type="button"
            className="btn btn--quiet"
            data-testid="message-discard"
            disabled={!dirty || busy || conflict !== null}
            onClick={() => setEditor((prev) => (prev ? { ...prev, draft: prev.base } : prev))}
          >
            {t('messages.editor.discard')}
          </button>
        </div>
      </form>
    </section>
  );
}

const fieldLabelKeys: Record<DraftField, string> = {
  headline: 'messages.form.headline',
  body: 'messages.form.body',
  instruction: 'messages.form.instruction',
  enHeadline: 'messages.form.enHeadline',
  enBody: 'messages.form.enBody',
  enInstruction: 'messages.form.enInstruction',
  areas: 'messages.form.areas',
  classification: 'messages.form.classification',
  responsibleActorId: 'messages.form.responsible',
  audiences: 'messages.form.audiences',
  plannedAt: 'messages.form.plannedAt',
  exercise: 'messages.form.exercise',
};

/**
 * Someone saved while I edited: their saved version beside my unsaved text,
 * field by field, and a choice. Nothing is lost silently: "Behåll min text"
 * lays my changes over theirs and saves; "Ta deras version" drops mine.
 */
function ConflictPanel({
  headingRef,
  base,
  mine,
  theirs,
  busy,
  onKeepMine,
  onTakeTheirs,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  base: MessageDraft;
  mine: MessageDraft;
  theirs: Message;
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const { t } = useTranslation();
  const theirDraft = draftOf(theirs);
  const fields = [...new Set([...changedFields(base, mine), ...changedFields(base, theirDraft)])].filter((f) =>
    changedFields(theirDraft, mine).includes(f),
  );
  const show = (d: MessageDraft, f: DraftField): string => {
    if (f === 'areas') return d.areas.map(areaName).join(', ');
    if (f === 'classification') return t(`messages.classification.${d.classification}`);
    if (f === 'exercise') return d.exercise ? t('messages.yes') : t('messages.no');
    return String(d[f]) || '—';
  };
  return (
    <div className="msg-conflict" role="alert" data-testid="conflict-panel">
      <h3 className="msg-conflict__title" tabIndex={-1} ref={headingRef}>
        {t('messages.conflict.title')}
      </h3>
      <p>{t('messages.conflict.text', { revision: theirs.revision })}</p>
      <table className="msg-conflict__table">
        <caption className="visually-hidden">{t('messages.conflict.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="msg-conflict__cell">
              {t('messages.conflict.field')}
            </th>
            <th scope="col" className="msg-conflict__cell">
              {t('messages.conflict.theirs')}
            </th>
            <th scope="col" className="msg-conflict__cell">
              {t('messages.conflict.mine')}
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f} data-testid="conflict-field" data-field={f}>
              <th scope="row" className="msg-conflict__cell">
                {t(fieldLabelKeys[f] as 'messages.form.headline')}
              </th>
              <td className="msg-conflict__cell" data-testid="conflict-theirs">
                {show(theirDraft, f)}
              </td>
              <td className="msg-conflict__cell" data-testid="conflict-mine">
                {show(mine, f)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field__hint">{t('messages.conflict.hint')}</p>
      <div className="msg-editor__actions">
        <button
          type="button"
          className="btn btn--primary"
          data-testid="conflict-keep-mine"
          disabled={busy}
          onClick={onKeepMine}
        >
          {t('messages.conflict.keepMine')}
        </button>
        <button
          type="button"
          className="btn btn--quiet"
          data-testid="conflict-take-theirs"
          disabled={busy}
          onClick={onTakeTheirs}
        >
          {t('messages.conflict.takeTheirs')}
        </button>
      </div>
    </div>
  );
}

/* ----------------------------------------------------------------- preview */

/** The area codes as the CAP document carries them: the county code, or each municipality's. */
function capAreas(areas: readonly string[]): Array<{ name: string; code: string }> {
  return areas.map((a) => ({ name: areaName(a), code: a === WHOLE_COUNTY ? COUNTY_CODE : a }));
}

/** What goes out: the public text in Swedish and English, and what the CAP 1.2 document will carry. */
function Preview({ message: m }: { message: Message }) {
  const { t, i18n } = useTranslation();
  // Each text in its own language, whatever the dashboard's language is.
  const tSv = i18n.getFixedT('sv');
  const tEn = i18n.getFixedT('en');
  const headingId = useId();
  const en = m.languages.en;
  const isPublic = m.classification === 'public';
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="message-preview">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {isPublic ? t('messages.preview.title') : t('messages.preview.titleInternal')}
        </h2>
      </header>
      <p className="field__hint">{t('messages.preview.savedOnly')}</p>
      <div className="msg-preview__texts">
        <article className="msg-preview" lang="sv" data-testid="preview-sv">
          <p className="msg-preview__lang">{t('messages.preview.swedish')}</p>
          {m.exercise && <span className="exercise-tag">{tSv('callouts.exercise')}</span>}
          <h3 className="msg-preview__headline">{m.headline}</h3>
          <p className="msg-preview__body">{m.body}</p>
          {m.instruction && (
            <p className="msg-preview__instruction">
              <strong>{tSv('messages.preview.instruction')}</strong> {m.instruction}
            </p>
          )}
          <p className="muted">
            {m.areas.map(areaName).join(', ')} · {m.responsibleActor.name}
          </p>
        </article>
        {en ? (
          <article className="msg-preview" lang="en" data-testid="preview-en">
            <p className="msg-preview__lang">{t('messages.preview.english')}</p>
            {m.exercise && <span className="exercise-tag">{tEn('callouts.exercise')}</span>}
            <h3 className="msg-preview__headline">{en.headline}</h3>
            <p className="msg-preview__body">{en.body}</p>
            {en.instruction && (
              <p className="msg-preview__instruction">
                <strong>{tEn('messages.preview.instruction')}</strong> {en.instruction}
              </p>
            )}
          </article>
        ) : (
          <p className="muted" data-testid="preview-no-en">
            {t('messages.preview.noEnglish')}
          </p>
        )}
      </div>

      {isPublic ? (
        <div className="msg-cap" data-testid="cap-preview">
          <h3 className="msg-cap__title">{t('messages.preview.capTitle')}</h3>
          <dl className="msg-cap__facts">
            <div>
              <dt>status</dt>
              <dd data-testid="cap-status">{capStatus(m.exercise)}</dd>
            </div>
            <div>
              <dt>msgType</dt>
              <dd data-testid="cap-msgtype">
                {m.status === 'withdrawn' ? 'Cancel' : m.previousId ? 'Update' : 'Alert'}
              </dd>
            </div>
            <div>
              <dt>scope</dt>
              <dd>Public</dd>
            </div>
            <div>
              <dt>{t('messages.preview.capLanguages')}</dt>
              <dd data-testid="cap-languages">{en ? 'sv-SE, en-GB' : 'sv-SE'}</dd>
            </div>
            <div>
              <dt>{t('messages.preview.capAreas')}</dt>
              <dd data-testid="cap-areas">
                {capAreas(m.areas)
                  .map((a) => `${a.name} (${a.code})`)
                  .join(', ')}
              </dd>
            </div>
          </dl>
          <p className="field__hint">{t('messages.preview.capHint')}</p>
          {m.capUrl && (
            <p className="msg-cap__links">
              <a href={m.capUrl} type="application/cap+xml" data-testid="cap-link">
                {t('messages.preview.capLink')}
              </a>{' '}
              ·{' '}
              <a href="/public" data-testid="public-link">
                {t('messages.preview.publicLink')}
              </a>
            </p>
          )}
        </div>
      ) : (
        <p className="msg-internal" data-testid="internal-only">
          {t('messages.preview.internalOnly')}
        </p>
      )}
    </section>
  );
}

/* ----------------------------------------------------------------- actions */

function Actions({
  message: m,
  apply,
  say,
  dirty,
}: {
  message: Message;
  apply: (m: Message, opts?: { resetEditor?: boolean }) => void;
  say: (text: string, tone?: Notice['tone']) => void;
  dirty: boolean;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const headingId = useId();
  const [dialog, setDialog] = useState<'publish' | 'withdraw' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<Requirement[] | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const editorOfMessage = m.can.edit || m.can.publish || m.can.update || m.can.withdraw;
  if (!editorOfMessage) return null;

  function open(which: 'publish' | 'withdraw') {
    setError(null);
    setMissing(null);
    setReason('');
    setReasonError(undefined);
    setDialog(which);
  }

  async function run(action: () => Promise<Message>, done: (result: Message) => void) {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      setBusy(false);
      setDialog(null);
      done(result);
    } catch (err) {
      setBusy(false);
      store.handleError(err);
      const body = err instanceof ApiError ? err.messageConflict : undefined;
      if (body?.error === 'agreements_missing') setMissing(body.missing ?? []);
      if (body?.error === 'stale_revision' && body.current) {
        apply(body.current);
        setError(t('messages.actions.stale'));
        return;
      }
      if (body?.error === 'version_in_progress' && body.messageId) {
        setDialog(null);
        navigate({ page: 'messages', id: body.messageId });
        return;
      }
      setError(body ? t(`messages.errors.${conflictKey(body.error)}`) : describeError(err, t));
    }
  }

  function publish() {
    void run(
      () => api.publishMessage(m.id, m.revision),
      (published) => {
        apply(published, { resetEditor: true });
        say(t('messages.actions.published'));
      },
    );
  }

  function withdraw() {
    const parsed = WithdrawBodySchema.safeParse(reason.trim() ? { reason } : {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setReasonError(issue ? issueMessage(issue, t) : t('validation.invalid'));
      return;
    }
    void run(
      () => api.withdrawMessage(m.id, parsed.data),
      (withdrawn) => {
        apply(withdrawn, { resetEditor: true });
        say(t('messages.actions.withdrawn'));
      },
    );
  }

  function newVersion() {
    void run(
      () => api.newMessageVersion(m.id),
      (draft) => navigate({ page: 'messages', id: draft.id }),
    );
  }

  const isPublic = m.classification === 'public';
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="message-actions">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {t('messages.actions.title')}
        </h2>
      </header>
      <div className="msg-actions">
        {m.can.publish && (
          <button
            type="button"
            className="btn btn--danger btn--block"
            data-testid="publish-message"
            onClick={() => open('publish')}
          >
            {m.exercise ? t('messages.actions.publishExercise') : t('messages.actions.publish')}
          </button>
        )}
        {!m.can.publish && (m.status === 'draft' || m.status === 'consultation') && (
          <p className="field__hint" data-testid="publish-blocked">
            {m.status === 'draft' ? t('messages.actions.notConsulted') : t('messages.actions.waiting')}
          </p>
        )}
        {m.can.update && (
          <button
            type="button"
            className="btn btn--primary btn--block"
            data-testid="new-version"
            disabled={busy}
            onClick={newVersion}
          >
            {t('messages.actions.newVersion')}
          </button>
        )}
        {m.can.withdraw && (
          <button
            type="button"
            className="btn btn--danger-quiet btn--block"
            data-testid="withdraw-message"
            onClick={() => open('withdraw')}
          >
            {t('messages.actions.withdraw')}
          </button>
        )}
        {error && dialog === null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>

      <Dialog
        open={dialog === 'publish'}
        onClose={() => setDialog(null)}
        title={m.exercise ? t('messages.publish.titleExercise') : t('messages.publish.title')}
        tone="danger"
        dismissible={!busy}
        testId="publish-message-dialog"
      >
        <div className="dialog__body">
          {m.exercise && (
            <p className="exercise-strip">
              <ExerciseTag /> {t('messages.exerciseText')}
            </p>
          )}
          <div className="dialog__context">
            <p className="dialog__context-title">{m.headline}</p>
            <p className="muted">{t('messages.publish.revision', { revision: m.revision })}</p>
          </div>
          {dirty && <p className="dialog__warning">{t('messages.publish.unsaved')}</p>}
          <h3 className="msg-targets__title">{t('messages.publish.where')}</h3>
          <ul className="msg-targets" data-testid="publish-targets">
            <li data-testid="publish-target-actors">
              <strong>{t('messages.publish.toActors')}</strong> {t('messages.publish.toActorsHow')}
            </li>
            {isPublic ? (
              <li data-testid="publish-target-public">
                <strong>{t('messages.publish.toPublic')}</strong>{' '}
                {t('messages.publish.toPublicHow', { msgType: m.previousId ? 'Update' : 'Alert' })}
              </li>
            ) : (
              <li data-testid="publish-target-internal">
                <strong>{t('messages.publish.internalOnly')}</strong>
              </li>
            )}
          </ul>
          {missing && missing.length > 0 && (
            <div className="form-error" role="alert" data-testid="publish-missing">
              <p>{t('messages.publish.missing')}</p>
              <ul>
                {missing.map((r) => (
                  <li key={`${r.requirement}-${r.actorId ?? ''}`}>{requirementText(r, m, t)}</li>
                ))}
              </ul>
            </div>
          )}
          {error && !missing && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <button
            type="button"
            className="btn btn--quiet"
            data-autofocus=""
            disabled={busy}
            onClick={() => setDialog(null)}
          >
            {t('actions.cancel')}
          </button>
          <button
            type="button"
            className="btn btn--danger"
            data-testid="publish-message-confirm"
            aria-busy={busy || undefined}
            disabled={busy}
            onClick={publish}
          >
            {busy ? t('actions.sending') : t('messages.publish.confirm')}
          </button>
        </div>
      </Dialog>

      <Dialog
        open={dialog === 'withdraw'}
        onClose={() => setDialog(null)}
        title={t('messages.withdraw.title')}
        tone="danger"
        dismissible={!busy}
        testId="withdraw-dialog"
      >
        <form
          className="dialog__form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            withdraw();
          }}
        >
          <div className="dialog__body">
            <p className="dialog__intro">
              {isPublic ? t('messages.withdraw.textPublic') : t('messages.withdraw.textInternal')}
            </p>
            <TextField
              name="reason"
              label={t('messages.withdraw.reason')}
              multiline
              optional
              maxLength={1000}
              autoFocus
              value={reason}
              onChange={(v) => {
                setReason(v);
                setReasonError(undefined);
              }}
              error={reasonError}
              testId="withdraw-reason"
              readOnly={busy}
            />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <div className="dialog__actions">
            <button type="button" className="btn btn--quiet" disabled={busy} onClick={() => setDialog(null)}>
              {t('actions.cancel')}
            </button>
            <button type="submit" className="btn btn--danger" data-testid="withdraw-confirm" disabled={busy}>
              {busy ? t('actions.sending') : t('messages.withdraw.confirm')}
            </button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}

const conflictKeys = ['agreements_missing', 'stale_revision', 'wrong_status', 'version_in_progress'] as const;
function conflictKey(error: string): (typeof conflictKeys)[number] | 'other' {
  return (conflictKeys as readonly string[]).includes(error) ? (error as (typeof conflictKeys)[number]) : 'other';
}

function requirementText(r: Requirement, m: Message, t: TFunction): string {
  if (r.requirement === 'coordinator') return t('messages.req.coordinator');
  if (r.requirement === 'responsible') return t('messages.req.responsible', { actor: m.responsibleActor.name });
  const name = m.consulted?.find((c) => c.actorId === r.actorId)?.actorName ?? r.actorId ?? '';
  return t('messages.req.consulted', { actor: name });
}

/* ------------------------------------------------------------ consultation */

function Consultation({
  message: m,
  apply,
  say,
}: {
  message: Message;
  apply: (m: Message, opts?: { resetEditor?: boolean }) => void;
  say: (text: string, tone?: Notice['tone']) => void;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answering, setAnswering] = useState<'object' | 'comment' | null>(null);
  const answered = m.consulted?.filter((c) => c.answer !== null) ?? [];

  async function agree() {
    setBusy(true);
    setError(null);
    try {
      apply(await api.agreeMessage(m.id, { revision: m.revision }));
      say(t('messages.consult.agreed'));
    } catch (err) {
      store.handleError(err);
      const body = err instanceof ApiError ? err.messageConflict : undefined;
      if (body?.current) apply(body.current);
      setError(body?.error === 'stale_revision' ? t('messages.actions.stale') : describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="consultation">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {t('messages.consult.title')}
        </h2>
      </header>

      <h3 className="msg-sub">{t('messages.req.title')}</h3>
      <ul className="msg-reqs" aria-live="polite" data-testid="requirements">
        {m.requirements.map((r) => (
          <li
            key={`${r.requirement}-${r.actorId ?? ''}`}
            className={`msg-req msg-req--${r.met ? 'met' : 'unmet'}`}
            data-testid="requirement"
            data-requirement={r.requirement}
            data-met={r.met}
          >
            <span aria-hidden="true">{r.met ? '✓' : '○'}</span> {requirementText(r, m, t)}:{' '}
            <strong>{r.met ? t('messages.req.met', { name: r.byName ?? '' }) : t('messages.req.unmet')}</strong>
          </li>
        ))}
      </ul>

      {m.can.answer && (
        <div className="msg-answer">
          <h3 className="msg-sub">{t('messages.consult.yourAnswer', { revision: m.revision })}</h3>
          <div className="msg-editor__actions">
            <button
              type="button"
              className="btn btn--go btn--small"
              data-testid="answer-agree"
              disabled={busy}
              onClick={() => void agree()}
            >
              {t('messages.consult.agree')}
            </button>
            <button
              type="button"
              className="btn btn--danger-quiet btn--small"
              data-testid="answer-object"
              onClick={() => setAnswering('object')}
            >
              {t('messages.consult.object')}
            </button>
            <button
              type="button"
              className="btn btn--quiet btn--small"
              data-testid="answer-comment"
              onClick={() => setAnswering('comment')}
            >
              {t('messages.consult.comment')}
            </button>
          </div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}

      {m.can.consult && <ConsultForm message={m} apply={apply} say={say} />}

      <h3 className="msg-sub">
        {t('messages.consult.consulted')}{' '}
        {m.consulted && (
          <span className="panel__count">
            ({t('messages.consult.answeredCount', { count: answered.length, total: m.consulted.length })})
          </span>
        )}
      </h3>
      {m.consulted === null ? (
        <p className="panel__empty" data-testid="not-consulted">
          {t('messages.consult.none')}
        </p>
      ) : (
        <ul className="msg-consulted" aria-live="polite" data-testid="consulted">
          {[...m.consulted]
            .sort((a, b) => Number(b.answer !== null) - Number(a.answer !== null))
            .map((c) => (
              <li
                key={c.actorId}
                className={`msg-consulted__item msg-consulted__item--${c.answer ?? 'none'}`}
                data-testid="consulted-actor"
                data-actor-id={c.actorId}
                data-answer={c.answer ?? 'none'}
              >
                <span className="msg-consulted__name">{c.actorName}</span>{' '}
                <strong>
                  {c.answer === 'agree'
                    ? t('messages.consult.agrees')
                    : c.answer === 'object'
                      ? t('messages.consult.objects')
                      : t('messages.consult.noAnswer')}
                </strong>
                {c.byName && <span className="muted"> · {c.byName}</span>}
                {c.comment && <span className="msg-consulted__comment"> ”{c.comment}”</span>}
              </li>
            ))}
        </ul>
      )}

      <AnswerDialog
        kind={answering}
        message={m}
        onClose={() => setAnswering(null)}
        onDone={(result) => {
          apply(result);
          setAnswering(null);
          say(answering === 'object' ? t('messages.consult.objected') : t('messages.consult.commented'));
        }}
      />
    </section>
  );
}

/** "Skicka på samråd": every actor, or those chosen. */
function ConsultForm({
  message: m,
  apply,
  say,
}: {
  message: Message;
  apply: (m: Message, opts?: { resetEditor?: boolean }) => void;
  say: (text: string, tone?: Notice['tone']) => void;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const id = useId();
  const [actors, setActors] = useState<Actor[] | null>(null);
  const [who, setWho] = useState<'all' | 'chosen'>('chosen');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const already = new Set(m.consulted?.map((c) => c.actorId) ?? []);

  useEffect(() => {
    let cancelled = false;
    api.actors().then(
      (list) => !cancelled && setActors(list),
      (err: unknown) => store.handleError(err),
    );
    return () => {
      cancelled = true;
    };
  }, [store]);

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
            {actors &&
              actorCategories.map((category) => {
                const list = remaining
                  .filter((a) => a.category === category)
                  .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
                if (list.length === 0) return null;
                return (
                  <fieldset key={category} className="actor-chooser__group">
                    <legend className="actor-chooser__title">{t(`actors.category.${category}`)}</legend>
                    {list.map((a) => (
                      <label key={a.id} className="check-inline">
                        <input
                          type="checkbox"
                          value={a.id}
                          checked={chosen.includes(a.id)}
                          data-testid="consult-actor"
                          onChange={(e) => {
                            setError(null);
                            setChosen((c) => (e.target.checked ? [...c, a.id] : c.filter((x) => x !== a.id)));
                          }}
                        />
                        {a.name}
                      </label>
                    ))}
                  </fieldset>
                );
              })}
          </div>
        )}
      </fieldset>
      {error && (
        <p className="form-error" role="alert" data-testid="consult-error">
          {error}
        </p>
      )}
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

/** Invänd (a comment is required, a proposed wording optional) or Kommentera. */
function AnswerDialog({
  kind,
  message: m,
  onClose,
  onDone,
}: {
  kind: 'object' | 'comment' | null;
  message: Message;
  onClose: () => void;
  onDone: (m: Message) => void;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const [comment, setComment] = useState('');
  const [proposal, setProposal] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (kind === null) return;
    setComment('');
    setProposal('');
    setErrors({});
    setError(null);
  }, [kind]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || kind === null) return;
    const schema = kind === 'object' ? ObjectBodySchema : CommentBodySchema;
    const parsed = schema.safeParse({
      revision: m.revision,
      comment,
      ...(proposal.trim() ? { proposal } : {}),
    });
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issueMessage(issue, t);
      setErrors(next);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result =
        kind === 'object' ? await api.objectMessage(m.id, parsed.data) : await api.commentMessage(m.id, parsed.data);
      onDone(result);
    } catch (err) {
      store.handleError(err);
      const body = err instanceof ApiError ? err.messageConflict : undefined;
      setError(body?.error === 'stale_revision' ? t('messages.actions.stale') : describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={kind !== null}
      onClose={onClose}
      title={kind === 'object' ? t('messages.answer.objectTitle') : t('messages.answer.commentTitle')}
      tone={kind === 'object' ? 'danger' : 'neutral'}
      dismissible={!busy}
      testId="answer-dialog"
    >
      <form className="dialog__form" noValidate onSubmit={submit}>
        <div className="dialog__body">
          <p className="dialog__intro">{t('messages.answer.about', { headline: m.headline, revision: m.revision })}</p>
          <TextField
            name="comment"
            label={kind === 'object' ? t('messages.answer.why') : t('messages.answer.comment')}
            multiline
            required
            autoFocus
            maxLength={2000}
            value={comment}
            onChange={(v) => {
              setComment(v);
              setErrors((e) => ({ ...e, comment: undefined }));
            }}
            error={errors.comment}
            testId="answer-comment-text"
            readOnly={busy}
          />
          <TextField
            name="proposal"
            label={t('messages.answer.proposal')}
            hint={t('messages.answer.proposalHint')}
            multiline
            optional
            maxLength={5000}
            value={proposal}
            onChange={(v) => {
              setProposal(v);
              setErrors((e) => ({ ...e, proposal: undefined }));
            }}
            error={errors.proposal}
            testId="answer-proposal"
            readOnly={busy}
          />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <button type="button" className="btn btn--quiet" disabled={busy} onClick={onClose}>
            {t('actions.cancel')}
          </button>
          <button
            type="submit"
            className={`btn ${kind === 'object' ? 'btn--danger' : 'btn--primary'}`}
            data-testid="answer-submit"
            disabled={busy}
          >
            {busy
              ? t('actions.sending')
              : kind === 'object'
                ? t('messages.consult.object')
                : t('messages.consult.comment')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Every agreement, objection and comment, oldest first, with proposed wordings. */
function AnswersThread({ answers, revision }: { answers: MessageAnswer[]; revision: number }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="answers">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {t('messages.answers.title')} <span className="panel__count">({answers.length})</span>
        </h2>
      </header>
      {answers.length === 0 ? (
        <p className="panel__empty">{t('messages.answers.none')}</p>
      ) : (
        <ol className="msg-answers" aria-live="polite">
          {answers.map((a) => (
            <li
              key={a.id}
              className={`msg-answers__item msg-answers__item--${a.kind}`}
              data-testid="answer"
              data-kind={a.kind}
            >
              <p>
                <strong>{t(`messages.answers.kind.${a.kind}`)}</strong> · <Person person={a.by} /> ·{' '}
                <Time value={a.at} />
                {a.revision !== revision && (
                  <span className="muted"> · {t('messages.answers.earlierRevision', { revision: a.revision })}</span>
                )}
              </p>
              {a.comment && <p className="msg-answers__comment">{a.comment}</p>}
              {a.proposal && (
                <div className="msg-answers__proposal">
                  <p className="muted">{t('messages.answers.proposal')}</p>
                  <p>{a.proposal}</p>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function HistoryList({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="message-history">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {t('messages.history.title')}
        </h2>
      </header>
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
