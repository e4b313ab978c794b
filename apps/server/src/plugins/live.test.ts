import {
  type LiveEvent,
  type LiveEventOf,
  MAX_REPLAY_EVENTS,
  type ModeState,
  type SyncResult,
} from '@samverkan/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../modules/audit/event-log.ts';
import { as, connect, login, startTestApp, type TestApp, type TestSocket, waitFor } from '../testing/harness.ts';

let t: TestApp;
let coordinatorCookie: string;
let coordinator: ReturnType<typeof as>;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.listen();
  coordinatorCookie = (await login(t.app, 'rsib@samverkan.test')).cookie;
  coordinator = as(t.app, coordinatorCookie);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(() => t?.close());

function open(cookie?: string): TestSocket {
  const s = connect(t.url, cookie);
  sockets.push(s);
  return s;
}

async function connected(s: TestSocket): Promise<void> {
  if (s.connected) return;
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
}

function sync(s: TestSocket, lastSeq: number | null): Promise<SyncResult> {
  return new Promise((resolve) => s.emit('sync', { lastSeq }, resolve));
}

/** Records every live event a socket receives, in arrival order. */
function record(s: TestSocket): LiveEvent[] {
  const seen: LiveEvent[] = [];
  s.on('mode:changed', (e) => seen.push(e));
  s.on('request:created', (e) => seen.push(e));
  s.on('request:updated', (e) => seen.push(e));
  return seen;
}

async function mode(): Promise<ModeState> {
  return (await coordinator({ method: 'GET', url: '/api/mode' })).json<ModeState>();
}

async function toggle(): Promise<ModeState> {
  const m = await mode();
  const res =
    m.mode === 'ordinary'
      ? await coordinator({
          method: 'POST',
          url: '/api/mode/activate',
          payload: { title: 'Live', reason: 'r', expectedVersion: m.version },
        })
      : await coordinator({
          method: 'POST',
          url: '/api/mode/deactivate',
          payload: { reason: 'r', expectedVersion: m.version },
        });
  expect(res.statusCode).toBe(200);
  return res.json<ModeState>();
}

describe('authentication of live connections', () => {
  it('refuses a connection without a session', async () => {
    const s = open();
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
    expect(s.connected).toBe(false);
  });

  it('refuses a connection with a made-up session', async () => {
    const s = open('samverkan_session=forged-token');
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
  });

  it('a logged-out session loses its live connection', async () => {
    const { cookie } = await login(t.app, 'observator@samverkan.test');
    const s = open(cookie);
    await connected(s);
    const disconnected = new Promise<void>((resolve) => s.once('disconnect', () => resolve()));
    await as(t.app, cookie)({ method: 'POST', url: '/api/auth/logout' });
    await disconnected;
    const again = open(cookie);
    const err = await new Promise<Error>((resolve) => again.once('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
  });
});

describe('mode:changed', () => {
  it('reaches every connected dashboard with the new state and its seq', async () => {
    const viewer = await login(t.app, 'observator@samverkan.test');
    const tib = await login(t.app, 'tib.polisen@samverkan.test');
    const clients = [open(viewer.cookie), open(tib.cookie), open(coordinatorCookie)];
    await Promise.all(clients.map(connected));
    const received = clients.map(
      (s) => new Promise<LiveEventOf<'mode:changed'>>((resolve) => s.once('mode:changed', resolve)),
    );
    const state = await toggle();
    for (const event of await Promise.all(received)) {
      expect(event.type).toBe('mode:changed');
      expect(event.data.state).toEqual(state);
      expect(event.seq).toBeGreaterThan(0);
    }
  });
});

describe('request events respect who may see them', () => {
  it('coordinators and the asking actor get request:created; other actors do not', async () => {
    if ((await mode()).mode === 'activated') await toggle();
    const stockholm = await login(t.app, 'tib.stockholm@samverkan.test');
    const stockholmViewer = await login(t.app, 'observator@samverkan.test');
    const police = await login(t.app, 'tib.polisen@samverkan.test');
    const [sCoord, sOwn, sOwnViewer, sOther] = [
      open(coordinatorCookie),
      open(stockholm.cookie),
      open(stockholmViewer.cookie),
      open(police.cookie),
    ] as const;
    await Promise.all([sCoord, sOwn, sOwnViewer, sOther].map(connected));
    const otherSeen = record(sOther);
    const toCoordinator = new Promise<LiveEventOf<'request:created'>>((r) => sCoord.once('request:created', r));
    const toOwn = new Promise<LiveEventOf<'request:created'>>((r) => sOwn.once('request:created', r));
    const toOwnViewer = new Promise<LiveEventOf<'request:created'>>((r) => sOwnViewer.once('request:created', r));
    const res = await as(
      t.app,
      stockholm.cookie,
    )({
      method: 'POST',
      url: '/api/mode/requests',
      payload: { title: 'Synlighet', reason: 'r' },
    });
    expect(res.statusCode).toBe(201);
    const [a, b, c] = await Promise.all([toCoordinator, toOwn, toOwnViewer]);
    expect(a.data.request.id).toBe(res.json().id);
    expect(b.seq).toBe(a.seq);
    expect(c.seq).toBe(a.seq);
    // A change everyone sees comes after; by then the police would have had the request event too.
    const everyone = new Promise((r) => sOther.once('mode:changed', r));
    await toggle();
    await everyone;
    expect(otherSeen.filter((e) => e.type !== 'mode:changed')).toEqual([]);
    // Nor does the police's catch-up replay hand it out.
    const replay = await sync(sOther, a.seq - 1);
    expect(replay.kind).toBe('events');
    if (replay.kind === 'events') expect(replay.events.map((e) => e.type)).not.toContain('request:created');
  });
});

describe('catching up after a lost connection', () => {
  it('a client that missed two mode changes gets both, in order, when it reconnects', async () => {
    const viewer = await login(t.app, 'observator@samverkan.test');
    const first = open(viewer.cookie);
    await connected(first);
    const start = await sync(first, null);
    expect(start.kind).toBe('snapshot');
    let lastSeq = start.seq;
    const seen = record(first);
    await toggle();
    await waitFor(() => (seen.length > 0 ? true : undefined));
    lastSeq = Math.max(lastSeq, ...seen.map((e) => e.seq));

    // The connection dies; meanwhile the mode changes twice.
    first.disconnect();
    const a = await toggle();
    const b = await toggle();

    const again = open(viewer.cookie);
    await connected(again);
    const caughtUp = await sync(again, lastSeq);
    expect(caughtUp.kind).toBe('events');
    if (caughtUp.kind !== 'events') return;
    const modeEvents = caughtUp.events.filter((e) => e.type === 'mode:changed');
    expect(modeEvents.map((e) => e.data.state)).toEqual([a, b]);
    const seqs = caughtUp.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(caughtUp.seq).toBe(seqs.at(-1));
  });

  it('a client with nothing missed gets no events and keeps its seq', async () => {
    const s = open(coordinatorCookie);
    await connected(s);
    const snap = await sync(s, null);
    const res = await sync(s, snap.seq);
    expect(res).toEqual({ kind: 'events', events: [], seq: snap.seq });
  });

  it('a client that missed too much gets a fresh snapshot instead', async () => {
    const s = open(coordinatorCookie);
    await connected(s);
    const before = await sync(s, null);
    await t.app.db.transaction(async (tx) => {
      const state = await mode();
      for (let i = 0; i <= MAX_REPLAY_EVENTS; i++) {
        await appendEvent(tx, { type: 'mode:changed', data: { state }, rooms: ['all'] });
      }
    });
    const res = await sync(s, before.seq);
    expect(res.kind).toBe('snapshot');
    if (res.kind !== 'snapshot') return;
    expect(res.seq).toBeGreaterThanOrEqual(before.seq + MAX_REPLAY_EVENTS + 1);
    expect(res.snapshot.mode).toEqual(await mode());
    expect(Array.isArray(res.snapshot.pendingRequests)).toBe(true);
  });

  it('a malformed sync request is answered with a snapshot, not an error', async () => {
    const s = open(coordinatorCookie);
    await connected(s);
    const res = await new Promise<SyncResult>((resolve) =>
      (s as unknown as { emit(n: string, a: unknown, cb: (r: SyncResult) => void): void }).emit(
        'sync',
        { lastSeq: 'x' },
        resolve,
      ),
    );
    expect(res.kind).toBe('snapshot');
  });
});
