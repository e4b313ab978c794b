import type { Message } from '@samverkan/contracts';
import type { Say } from './MessageNotice.tsx';
import type { ApplyMessage } from './useMessage.ts';

/** What a panel of the message view that acts on the message gets: the message, a way to show its new state, and to say what happened. */
export interface MessagePanelProps {
  message: Message;
  apply: ApplyMessage;
  say: Say;
}
