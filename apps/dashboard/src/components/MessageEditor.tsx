import type { Message } from '@samverkan/contracts';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useLiveStore } from '../live.ts';
import { type DraftField, draftOf, type MessageDraft, prepareEdit, reapply } from '../messages.ts';
import { useActors } from '../useActors.ts';
import { EditConflictPanel } from './EditConflictPanel.tsx';
import { FormError } from './FormError.tsx';
import { MessageFields } from './MessageFields.tsx';
import { type Notice, NoticeLine } from './MessageNotice.tsx';
import { type Editor, isDirty } from './messageEditorState.ts';
import { messageConflictOf } from './messageErrors.ts';
import type { MessagePanelProps } from './messagePanel.ts';
import { PanelHeader } from './PanelHeader.tsx';
import { useMessageFormErrors } from './useMessageFormErrors.ts';

/**
 * The message's fields, saved against the revision the editor started from.
 * If someone saved first, the server refuses and the conflict panel offers a
 * merge instead of an overwrite.
 */
export function MessageEditor({
  message,
  editor,
  setEditor,
  apply,
  say,
  notice,
}: MessagePanelProps & {
  editor: Editor;
  setEditor: (update: (prev: Editor | null) => Editor | null) => void;
  notice: Notice | null;
}) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const headingId = useId();
  const conflictRef = useRef<HTMLHeadingElement>(null);
  const { formRef, errors, formError, clear, check, fail } = useMessageFormErrors();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<Message | null>(null);
  const actors = useActors();
  const dirty = isDirty(editor);
  const someoneSaved = dirty && message.revision > editor.revision && conflict === null;

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  function update(patch: Partial<MessageDraft>, touched: DraftField[]) {
    setEditor((prev) => (prev ? { ...prev, draft: { ...prev.draft, ...patch } } : prev));
    clear(touched);
  }

  async function save(draft: MessageDraft, revision: number) {
    if (busy) return;
    const body = check(prepareEdit(draft, revision, t));
    if (body === null) return;
    setBusy(true);
    try {
      const saved = await api.editMessage(message.id, body);
      setBusy(false);
      setConflict(null);
      apply(saved, { resetEditor: true });
      say(t('messages.editor.saved', { revision: saved.revision }));
    } catch (err) {
      setBusy(false);
      store.handleError(err);
      const body = messageConflictOf(err);
      if (body?.error === 'edit_conflict' && body.current) {
        // Their version is shown; the editor keeps my values and the revision I started from until I choose.
        const current = body.current;
        apply(current);
        setConflict(current);
        return;
      }
      fail(err);
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
      <PanelHeader headingId={headingId} title={t('messages.editor.title')}>
        <span className="panel__count" data-testid="editor-state" data-dirty={dirty}>
          {dirty ? t('messages.editor.unsaved') : t('messages.editor.upToDate', { revision: editor.revision })}
        </span>
      </PanelHeader>

      {someoneSaved && (
        <p className="msg-stale" role="status" data-testid="someone-saved">
          {t('messages.editor.someoneSaved', { revision: message.revision })}
        </p>
      )}

      {conflict && (
        <EditConflictPanel
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
        <FormError error={formError} testId="message-edit-error" />
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
