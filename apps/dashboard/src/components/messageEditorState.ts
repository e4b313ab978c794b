import type { Message } from '@samverkan/contracts';
import { changedFields, draftOf, type MessageDraft } from '../messages.ts';

/** What the editor holds: the saved version it started from, and the user's values on top. */
export interface Editor {
  base: MessageDraft;
  draft: MessageDraft;
  revision: number;
}

export const editorOf = (m: Message): Editor => ({ base: draftOf(m), draft: draftOf(m), revision: m.revision });
export const isDirty = (e: Editor | null) => e !== null && changedFields(e.base, e.draft).length > 0;
