import type {
  Activation,
  ActivationRequest,
  ClientToServerEvents,
  InAppNotification,
  LiveEvent,
  LiveEventMap,
  MessagePresence,
  ModeState,
  ServerToClientEvents,
  SyncResult,
} from '@samverkan/contracts';
import {
  createContext,
  createElement,
  type ReactNode,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { io, type Socket } from 'socket.io-client';
import { ApiError, api } from './api.ts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveState {
  connection: ConnectionState;
  /** The mode as last known; null until the first answer. */
  mode: ModeState | null;
  /** Pending activation requests the user may see, newest first. */
  pending: ActivationRequest[];
  /** Requests decided while this page was open, newest decision first. */
  decided: ActivationRequest[];
  /** Every activation, newest first; null until loaded. */
  history: Activation[] | null;
  historyFailed: boolean;
  /** The highest event seq seen; null before the first sync. */
  seq: number | null;
}

const initialState: LiveState = {
  connection: 'connecting',
  mode: null,
  pending: [],
  decided: [],
  history: null,
  historyFailed: false,
  seq: null,
};

/** After this many failed reconnection attempts in a row the dashboard says it is offline (it keeps trying). */
const OFFLINE_AFTER_ATTEMPTS = 3;
const SYNC_TIMEOUT_MS = 10_000;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Told that an actor's contacts changed; `null` means any actor's may have (a snapshot replaced the events). */
export type ContactsListener = (actorId: string | null) => void;

/** What changed in a call-out; `null` means any call-out may have (a snapshot replaced the events). */
export type CalloutChange = { calloutId: string; actorId: string | null } | null;
export type CalloutListener = (change: CalloutChange) => void;

/** The regional picture may have changed (a report was published, a need moved on, the summary was written). */
export type SituationListener = () => void;

/** A joint message changed; `null` means any may have (a snapshot replaced the events): refetch. */
export type MessageChange = LiveEventMap['message:changed'] | null;
export type MessageListener = (change: MessageChange) => void;
export type PresenceListener = (presence: MessagePresence) => void;

/** A notification to the user's actor (or the user); `null` means some may have been missed: refetch the list. */
export type NotificationListener = (notification: InAppNotification | null) => void;

const byNewestRequest = (a: ActivationRequest, b: ActivationRequest) => b.requestedAt.localeCompare(a.requestedAt);
const byNewestDecision = (a: ActivationRequest, b: ActivationRequest) =>
  (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '');

/**
 * The live part of the dashboard: the mode, the pending requests and the
 * history, kept current over Socket.IO. Delivery is at most once, so on every
 * (re)connect the store sends the last seq it saw and applies what it missed
 * (or a snapshot). Applying is idempotent: a mode with a lower version never
 * replaces the one shown, and a request never goes back to an older state.
 */
export class LiveStore {
  private state: LiveState = initialState;
  private readonly listeners = new Set<() => void>();
  private readonly contactsListeners = new Set<ContactsListener>();
  private readonly calloutListeners = new Set<CalloutListener>();
  private readonly notificationListeners = new Set<NotificationListener>();
  private readonly situationListeners = new Set<SituationListener>();
  private readonly messageListeners = new Set<MessageListener>();
  private readonly presenceListeners = new Set<PresenceListener>();
  /** The messages this page has open in the editor, announced again on every (re)connect. */
  private readonly editing = new Map<string, number>();
  private socket: LiveSocket | undefined;
  /** The seq of the last event applied per request, so an older event never undoes a newer one. */
  private readonly requestSeq = new Map<string, number>();
  private historyLoading = false;
  private historyStale = false;
  private stopped = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly onUnauthorized: () => void) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): LiveState => this.state;

  /**
   * Calls `listener` whenever a `contacts:changed` event arrives, live or
   * replayed on a reconnect. Lists are not kept here: a screen that shows one
   * refetches it when told.
   */
  readonly subscribeContacts = (listener: ContactsListener): (() => void) => {
    this.contactsListeners.add(listener);
    return () => this.contactsListeners.delete(listener);
  };

  private contactsChanged(actorId: string | null): void {
    if (this.stopped) return;
    for (const listener of this.contactsListeners) listener(actorId);
  }

  /** Calls `listener` on every `callout:updated` event, live or replayed; `null` after a snapshot. */
  readonly subscribeCallouts = (listener: CalloutListener): (() => void) => {
    this.calloutListeners.add(listener);
    return () => this.calloutListeners.delete(listener);
  };

  private calloutChanged(change: CalloutChange): void {
    if (this.stopped) return;
    for (const listener of this.calloutListeners) listener(change);
  }

  /** Calls `listener` on every `notification:received` event, live or replayed; `null` after a snapshot. */
  readonly subscribeNotifications = (listener: NotificationListener): (() => void) => {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  };

  private notificationReceived(notification: InAppNotification | null): void {
    if (this.stopped) return;
    for (const listener of this.notificationListeners) listener(notification);
  }

  /** Calls `listener` on every `report:submitted` and `situation:changed` event, live or replayed, and after a snapshot. */
  readonly subscribeSituation = (listener: SituationListener): (() => void) => {
    this.situationListeners.add(listener);
    return () => this.situationListeners.delete(listener);
  };

  private situationChanged(): void {
    if (this.stopped) return;
    for (const listener of this.situationListeners) listener();
  }

  /** Calls `listener` on every `message:changed` event, live or replayed; `null` after a snapshot. */
  readonly subscribeMessages = (listener: MessageListener): (() => void) => {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  };

  private messageChanged(change: MessageChange): void {
    if (this.stopped) return;
    for (const listener of this.messageListeners) listener(change);
  }

  /** Calls `listener` with who has a message open in the editor (sent only for messages this page announced). */
  readonly subscribePresence = (listener: PresenceListener): (() => void) => {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  };

  /**
   * Tells the server this page has a message open in the editor (or no
   * longer has). Counted, so two views of one message do not cancel each
   * other; announced again after a reconnect.
   */
  setEditing(messageId: string, editing: boolean): void {
    const count = (this.editing.get(messageId) ?? 0) + (editing ? 1 : -1);
    if (count > 0) this.editing.set(messageId, count);
    else this.editing.delete(messageId);
    if ((editing && count === 1) || (!editing && count <= 0)) {
      if (this.socket?.connected) this.socket.emit('message:editing', { messageId, editing });
    }
  }

  private set(patch: Partial<LiveState>): void {
    if (this.stopped) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  start(): void {
    this.stopped = false;
    void this.loadInitial();
    this.refreshHistory();
    this.connect();
    const offline = () => this.set({ connection: 'offline' });
    const online = () => {
      const socket = this.socket;
      if (!socket) return;
      if (socket.connected) {
        // The connection survived; catch up on anything that may have been missed meanwhile.
        void this.sync(socket);
        return;
      }
      this.set({ connection: 'reconnecting' });
      if (!socket.active) socket.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.cleanups.push(() => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.socket?.removeAllListeners();
    this.socket?.io.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
  }

  /** REST answers for a first picture; the socket's sync replaces them as soon as it arrives. */
  private async loadInitial(): Promise<void> {
    try {
      const [mode, pending] = await Promise.all([api.mode(), api.pendingRequests()]);
      this.applyMode(mode);
      if (this.state.seq === null) this.set({ pending: this.withoutDecided(pending).sort(byNewestRequest) });
    } catch (err) {
      this.handleError(err);
    }
  }

  private connect(): void {
    const socket: LiveSocket = io({
      path: '/socket.io',
      transports: ['websocket'],
      withCredentials: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;

    socket.on('connect', () => {
      void this.sync(socket);
      for (const messageId of this.editing.keys()) socket.emit('message:editing', { messageId, editing: true });
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.set({ connection: navigator.onLine ? 'reconnecting' : 'offline' });
      // The server ended this connection (e.g. the session ended): reconnect only if still logged in.
      if (reason === 'io server disconnect') void this.reconnectIfLoggedIn(socket);
    });
    socket.on('connect_error', () => {
      if (this.stopped) return;
      // Refused by the server (not a network failure): the session may be over.
      if (!socket.active) void this.reconnectIfLoggedIn(socket);
    });
    socket.io.on('reconnect_attempt', (attempt) => {
      if (this.stopped) return;
      this.set({ connection: attempt > OFFLINE_AFTER_ATTEMPTS || !navigator.onLine ? 'offline' : 'reconnecting' });
    });

    socket.on('mode:changed', (event) => this.applyEvents([event]));
    socket.on('request:created', (event) => this.applyEvents([event]));
    socket.on('request:updated', (event) => this.applyEvents([event]));
    socket.on('contacts:changed', (event) => this.applyEvents([event]));
    socket.on('callout:updated', (event) => this.applyEvents([event]));
    socket.on('notification:received', (event) => this.applyEvents([event]));
    socket.on('report:submitted', (event) => this.applyEvents([event]));
    socket.on('situation:changed', (event) => this.applyEvents([event]));
    socket.on('message:changed', (event) => this.applyEvents([event]));
    socket.on('message:presence', (presence) => {
      if (this.stopped) return;
      for (const listener of this.presenceListeners) listener(presence);
    });
  }

  private async reconnectIfLoggedIn(socket: LiveSocket): Promise<void> {
    try {
      await api.me();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        if (!this.stopped) this.onUnauthorized();
        return;
      }
    }
    if (this.stopped || this.socket !== socket) return;
    window.setTimeout(() => {
      if (!this.stopped && this.socket === socket && !socket.connected && !socket.active) socket.connect();
    }, 1_000);
  }

  private async sync(socket: LiveSocket): Promise<void> {
    let result: SyncResult;
    try {
      result = await socket.timeout(SYNC_TIMEOUT_MS).emitWithAck('sync', { lastSeq: this.state.seq });
    } catch {
      // No answer: start over with a fresh connection, which syncs again.
      if (!this.stopped && this.socket === socket) socket.disconnect().connect();
      return;
    }
    if (this.stopped || this.socket !== socket) return;
    if (result.kind === 'snapshot') {
      this.applyMode(result.snapshot.mode);
      this.set({ pending: this.withoutDecided(result.snapshot.pendingRequests).sort(byNewestRequest) });
      // A snapshot does not say which contact lists, call-outs or notifications changed meanwhile: any may have.
      this.contactsChanged(null);
      this.calloutChanged(null);
      this.notificationReceived(null);
      this.situationChanged();
      this.messageChanged(null);
    } else {
      this.applyEvents(result.events, false);
    }
    this.set({ seq: Math.max(this.state.seq ?? 0, result.seq), connection: 'live' });
    // Whatever was missed may have changed the record too.
    this.refreshHistory();
  }

  /** Applies events in order; refetches the history after them unless told not to. */
  private applyEvents(events: readonly LiveEvent[], refresh = true): void {
    if (events.length === 0) return;
    let recordChanged = false;
    for (const event of events) {
      switch (event.type) {
        case 'mode:changed':
          this.applyMode(event.data.state);
          recordChanged = true;
          break;
        case 'request:created':
        case 'request:updated':
          this.applyRequest(event.data.request, event.seq);
          recordChanged = true;
          break;
        case 'contacts:changed':
          this.contactsChanged(event.data.actorId);
          break;
        case 'callout:updated':
          this.calloutChanged(event.data);
          break;
        case 'notification:received':
          this.notificationReceived(event.data.notification);
          break;
        case 'report:submitted':
        case 'situation:changed':
          this.situationChanged();
          break;
        case 'message:changed':
          this.messageChanged(event.data);
          break;
        default:
          // Events of other parts of the platform: only their seq matters here.
          break;
      }
    }
    this.set({ seq: Math.max(this.state.seq ?? 0, ...events.map((e) => e.seq)) });
    if (refresh && recordChanged) this.refreshHistory();
  }

  /** Shows a mode state unless a newer one is already shown. */
  applyMode(next: ModeState): void {
    const current = this.state.mode;
    if (current && next.version < current.version) return;
    if (current && next.version === current.version && current.since === next.since) return;
    this.set({ mode: next });
  }

  /** Shows a request as it now stands (from an event with its seq, or from an API answer). */
  applyRequest(request: ActivationRequest, seq?: number): void {
    if (seq !== undefined) {
      const last = this.requestSeq.get(request.id);
      if (last !== undefined && seq <= last) return;
      this.requestSeq.set(request.id, seq);
    }
    const isDecided = this.state.decided.some((r) => r.id === request.id);
    const pending = this.state.pending.filter((r) => r.id !== request.id);
    if (request.status === 'pending') {
      // A decision is final: an older "pending" never brings a request back.
      if (isDecided) return;
      this.set({ pending: [request, ...pending].sort(byNewestRequest) });
    } else {
      const decided = [request, ...this.state.decided.filter((r) => r.id !== request.id)].sort(byNewestDecision);
      this.set({ pending, decided });
    }
  }

  private withoutDecided(requests: ActivationRequest[]): ActivationRequest[] {
    const decided = new Set(this.state.decided.map((r) => r.id));
    return requests.filter((r) => !decided.has(r.id));
  }

  /** Refetches the activation history; calls that come while one runs are folded into one more. */
  refreshHistory(): void {
    if (this.historyLoading) {
      this.historyStale = true;
      return;
    }
    this.historyLoading = true;
    void api
      .history()
      .then(
        (history) => this.set({ history, historyFailed: false }),
        (err: unknown) => {
          this.handleError(err);
          this.set({ historyFailed: true });
        },
      )
      .finally(() => {
        this.historyLoading = false;
        if (this.historyStale) {
          this.historyStale = false;
          this.refreshHistory();
        }
      });
  }

  /** A 401 anywhere means the session is over. */
  handleError(err: unknown): void {
    if (err instanceof ApiError && err.status === 401 && !this.stopped) this.onUnauthorized();
  }
}

const LiveContext = createContext<LiveStore | null>(null);

/** Runs one live store for the logged-in user while mounted. */
export function LiveProvider({ onUnauthorized, children }: { onUnauthorized: () => void; children: ReactNode }) {
  const [store] = useState(() => new LiveStore(onUnauthorized));
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  return createElement(LiveContext.Provider, { value: store }, children);
}

export function useLiveStore(): LiveStore {
  const store = useContext(LiveContext);
  if (!store) throw new Error('useLiveStore outside LiveProvider');
  return store;
}

/**
 * Calls `onChange` whenever the contacts of `actorId` may have changed
 * (a `contacts:changed` event for it, or a snapshot after a long disconnection).
 */
export function useContactsChanged(actorId: string | null, onChange: () => void): void {
  const store = useLiveStore();
  const callback = useRef(onChange);
  useEffect(() => {
    callback.current = onChange;
  });
  useEffect(() => {
    if (actorId === null) return;
    return store.subscribeContacts((changed) => {
      if (changed === null || changed === actorId) callback.current();
    });
  }, [store, actorId]);
}

/**
 * Calls `onChange` (at most once per `delayMs`, the events in between folded
 * into one call) whenever a call-out changes that `accept` cares about, or
 * after a snapshot. For screens that refetch a call-out when told.
 */
export function useCalloutUpdates(
  onChange: () => void,
  { delayMs = 200, accept }: { delayMs?: number; accept?: (change: NonNullable<CalloutChange>) => boolean } = {},
): void {
  const store = useLiveStore();
  const callback = useRef(onChange);
  const filter = useRef(accept);
  useEffect(() => {
    callback.current = onChange;
    filter.current = accept;
  });
  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = store.subscribeCallouts((change) => {
      if (change !== null && filter.current && !filter.current(change)) return;
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        callback.current();
      }, delayMs);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [store, delayMs]);
}

/** Calls `onNotification` for every notification that arrives, and with `null` when the list should be refetched. */
export function useNotificationEvents(onNotification: NotificationListener): void {
  const store = useLiveStore();
  const callback = useRef(onNotification);
  useEffect(() => {
    callback.current = onNotification;
  });
  useEffect(() => store.subscribeNotifications((n) => callback.current(n)), [store]);
}

/**
 * Calls `onChange` (at most once per `delayMs`, the events in between folded
 * into one call) whenever the regional picture may have changed.
 */
export function useSituationUpdates(onChange: () => void, delayMs = 300): void {
  const store = useLiveStore();
  const callback = useRef(onChange);
  useEffect(() => {
    callback.current = onChange;
  });
  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = store.subscribeSituation(() => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        callback.current();
      }, delayMs);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(timer);
    };
  }, [store, delayMs]);
}

/** Calls `onChange` for every change of a joint message (live or replayed), and with `null` after a snapshot. */
export function useMessageChanges(onChange: MessageListener): void {
  const store = useLiveStore();
  const callback = useRef(onChange);
  useEffect(() => {
    callback.current = onChange;
  });
  useEffect(() => store.subscribeMessages((change) => callback.current(change)), [store]);
}

/**
 * While mounted with a message id, tells the server this user has the
 * message open in the editor, and returns who else has it open, live.
 */
export function useMessagePresence(messageId: string | null, selfId: string): MessagePresence['editors'] {
  const store = useLiveStore();
  const [editors, setEditors] = useState<MessagePresence['editors']>([]);
  useEffect(() => {
    setEditors([]);
    if (!messageId) return;
    const unsubscribe = store.subscribePresence((presence) => {
      if (presence.messageId === messageId) setEditors(presence.editors.filter((e) => e.userId !== selfId));
    });
    store.setEditing(messageId, true);
    return () => {
      store.setEditing(messageId, false);
      unsubscribe();
    };
  }, [store, messageId, selfId]);
  return editors;
}

/** The live state, re-rendering on every change. */
export function useLive(): LiveState {
  const store = useLiveStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
