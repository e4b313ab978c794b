import type { InAppNotification } from './callouts.ts';
import type { MessageClassification, MessagePresence, MessageStatus } from './messages.ts';
import type { ActivationRequest, ModeState } from './schemas.ts';

/**
 * Every event that the server pushes, with its payload. Events are small;
 * clients refetch details through REST where they need more. Each carries the
 * global `seq` of the event log row written in the same transaction as the
 * change, so a client that reconnects can ask for what it missed.
 */
export interface LiveEventMap {
  'mode:changed': { state: ModeState };
  'request:created': { request: ActivationRequest };
  'request:updated': { request: ActivationRequest };
  'contacts:changed': { actorId: string };
  /** Something changed in a call-out for one actor (null: for all): refetch GET /api/callouts/current. */
  'callout:updated': { calloutId: string; actorId: string | null };
  /** A notification for the user's actor (or for the user): the in-app channel. */
  'notification:received': { notification: InAppNotification };
  /** An actor published a report version (sent only to those who may read it): refetch the picture. */
  'report:submitted': { reportId: string; actorId: string; period: string };
  /** A need changed status, or the summary or the sectors changed: refetch the picture. */
  'situation:changed': { period: string };
  /** A joint message was created, edited, answered or changed status: refetch it (and the list). */
  'message:changed': {
    messageId: string;
    status: MessageStatus;
    classification: MessageClassification;
    revision: number;
  };
}
export type LiveEventType = keyof LiveEventMap;

/** One event as it travels: its type, its seq in the event log, when, and its payload. */
export type LiveEventOf<K extends LiveEventType> = { type: K; seq: number; at: string; data: LiveEventMap[K] };
export type LiveEvent = { [K in LiveEventType]: LiveEventOf<K> }[LiveEventType];

/** What a client needs to draw the live parts of the dashboard from scratch. */
export interface LiveSnapshot {
  mode: ModeState;
  pendingRequests: ActivationRequest[];
}

export type SyncResult =
  | { kind: 'events'; events: LiveEvent[]; seq: number }
  | { kind: 'snapshot'; snapshot: LiveSnapshot; seq: number };

/** Each live event is emitted under its own name, e.g. `mode:changed`. */
export type ServerToClientEvents = {
  [K in LiveEventType]: (event: LiveEventOf<K>) => void;
} & {
  /** Who has a message open in the editor: ephemeral, sent to those who have it open. */
  'message:presence': (presence: MessagePresence) => void;
};

export interface ClientToServerEvents {
  /**
   * Catch up: send the last seq seen (null on first connect). The answer holds
   * every missed event in order, or a snapshot if too much was missed.
   */
  sync: (req: { lastSeq: number | null }, ack: (result: SyncResult) => void) => void;
  /** The user opened a message in the editor (true) or left it (false). */
  'message:editing': (req: { messageId: string; editing: boolean }) => void;
}

/** Above this many missed events a client gets a snapshot instead. */
export const MAX_REPLAY_EVENTS = 500;
