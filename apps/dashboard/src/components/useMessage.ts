import type { Message } from '@samverkan/contracts';
import { useCallback, useRef, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { useLiveStore } from '../live.ts';
import { type Editor, editorOf, isDirty } from './messageEditorState.ts';
import { useMessageReload } from './useMessageReload.ts';

export type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; message: Message }
  | { status: 'failed'; reason: 'notFound' | 'other' };

/** Shows a message as it now is (e.g. a panel's result, or the fresh state a 409 carries). */
export type ApplyMessage = (message: Message, opts?: { resetEditor?: boolean }) => void;

/**
 * One message, kept current: fetched, refetched (folded) whenever someone
 * changes it, and the editor's state beside it.
 */
export function useMessage(id: string) {
  const store = useLiveStore();
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [editor, setEditor] = useState<Editor | null>(null);
  const latest = useRef(0);

  /** An editor with unsaved edits keeps them (and the revision they build on). */
  const apply: ApplyMessage = useCallback((message, { resetEditor = false } = {}) => {
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

  useMessageReload(load, latest, 150, (change) => change === null || change.messageId === id);

  return { state, editor, setEditor, apply, load };
}
