import {
  type ClientToServerEvents,
  type LiveSnapshot,
  MAX_REPLAY_EVENTS,
  type ServerToClientEvents,
  type SyncResult,
} from '@samverkan/contracts';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { closeRedis, createRedis } from '../infra/redis.ts';
import { eventsAfter, latestSeq, type StoredEvent } from '../modules/audit/event-log.ts';
import { findSessionUser, SESSION_COOKIE, type SessionUser } from '../modules/auth/sessions.ts';

type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: SessionUser }>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: SessionUser }>;

export interface Live {
  io: LiveServer;
  /** Pushes committed events to their rooms. Call only after the transaction that wrote them committed. */
  publish(events: readonly StoredEvent[]): void;
  /** Disconnects every socket of a session (at logout). */
  endSession(sessionHash: string): void;
  /** Sets what a (re)connecting client gets when it has missed too much. */
  setSnapshot(provider: (user: SessionUser) => Promise<LiveSnapshot>): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    live: Live;
  }
}

/** The rooms a user's sockets join: what their session allows them to see. */
export function roomsFor(user: SessionUser): string[] {
  return ['all', `role:${user.role}`, `actor:${user.actorId}`, `user:${user.id}`];
}

const SyncRequestSchema = z.object({ lastSeq: z.number().int().nonnegative().nullable() });

export interface LiveOptions {
  publicUrl: string;
  redisUrl?: string | undefined;
  redisPrefix: string;
}

/**
 * Socket.IO attached to Fastify's own HTTP server (no wrapper plugin), over
 * WebSocket only, authenticated by the session cookie. Delivery is at most
 * once, so a client that reconnects sends the last seq it saw and is answered
 * from the event log: the events it missed in order, or a snapshot.
 */
export default fp(
  async (app, opts: LiveOptions) => {
    const publicOrigin = new URL(opts.publicUrl).origin;
    let snapshot: ((user: SessionUser) => Promise<LiveSnapshot>) | undefined;
    const redis = opts.redisUrl ? createRedis(opts.redisUrl, app.log, 'live updates') : undefined;

    const io: LiveServer = new Server(app.server, {
      path: '/socket.io',
      transports: ['websocket'],
      serveClient: false,
      // Browsers always send Origin on a WebSocket upgrade; only our own dashboard may connect.
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        callback(null, origin === undefined || origin === publicOrigin);
      },
      ...(redis
        ? {
            adapter: createAdapter(redis, {
              streamName: `${opts.redisPrefix}:socket.io`,
              channelPrefix: `${opts.redisPrefix}:socket.io`,
              sessionKeyPrefix: `${opts.redisPrefix}:sio:session:`,
            }),
          }
        : {}),
    });

    io.use(async (socket, next) => {
      try {
        const cookies = app.parseCookie(socket.handshake.headers.cookie ?? '');
        const token = cookies[SESSION_COOKIE];
        const user = token ? await findSessionUser(app.db, token) : undefined;
        if (!user) return next(new Error('unauthorized'));
        socket.data.user = user;
        next();
      } catch (err) {
        app.log.error({ err }, 'socket authentication failed');
        next(new Error('unavailable'));
      }
    });

    io.on('connection', (socket: LiveSocket) => {
      const user = socket.data.user;
      const rooms = roomsFor(user);
      socket.join([...rooms, `session:${user.sessionHash}`]);
      socket.on('sync', async (raw, ack) => {
        if (typeof ack !== 'function') return;
        const parsed = SyncRequestSchema.safeParse(raw);
        try {
          ack(await sync(parsed.success ? parsed.data.lastSeq : null, user, rooms));
        } catch (err) {
          app.log.error({ err }, 'sync failed');
          socket.disconnect(true);
        }
      });
    });

    async function sync(lastSeq: number | null, user: SessionUser, rooms: string[]): Promise<SyncResult> {
      if (lastSeq !== null) {
        const { events, more } = await eventsAfter(app.db, lastSeq, rooms, MAX_REPLAY_EVENTS);
        if (!more) {
          return { kind: 'events', events, seq: events.at(-1)?.seq ?? Math.max(lastSeq, await latestSeq(app.db)) };
        }
      }
      if (!snapshot) throw new Error('no snapshot provider registered');
      // Read the seq first: anything committed after it is replayed or pushed, never skipped.
      const seq = await latestSeq(app.db);
      return { kind: 'snapshot', snapshot: await snapshot(user), seq };
    }

    const live: Live = {
      io,
      publish(events) {
        for (const { event, rooms } of events) {
          // The map type cannot relate a union event to its own name; the pair is built together.
          (io.to(rooms) as unknown as { emit(name: string, e: unknown): void }).emit(event.type, event);
        }
      },
      endSession(sessionHash) {
        io.in(`session:${sessionHash}`).disconnectSockets(true);
      },
      setSnapshot(provider) {
        snapshot = provider;
      },
    };
    app.decorate('live', live);

    // io.close() would also close Fastify's HTTP server under it; close only what Socket.IO owns.
    app.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
      io.engine.close();
      await Promise.resolve(io.of('/').adapter.close()).catch(() => undefined);
    });
    app.addHook('onClose', async () => {
      if (redis) await closeRedis(redis);
    });
  },
  { name: 'live', dependencies: ['database', 'auth'] },
);
