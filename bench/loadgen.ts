/**
 * The load generator: one process (pinned to its own core by bench/run.ts)
 * that holds every client of every variant, triggers each broadcast itself
 * and timestamps each receipt with the same monotonic clock. Every client
 * decodes every payload (JSON.parse) as a browser would. Driven over IPC.
 */
import { performance } from 'node:perf_hooks';
import { type Socket as ClientSocket, io as ioClient } from 'socket.io-client';
import WebSocket from 'ws';
import { http } from './lib/http.ts';
import { ACTIVATE_REASON, ACTIVATE_TITLE, DEACTIVATE_REASON, versionOf } from './lib/payload.ts';
import type { BroadcastResult, ClientKind, ConnectResult, GenReply, GenRequest, Trigger } from './lib/protocol.ts';
import { openSocketIo } from './lib/sio-shim.ts';

interface Client {
  close(): void;
  closed: Promise<void>;
}

let clients: Client[] = [];

/** The broadcast being measured: which version counts, and where receipts go. */
let current: {
  version: number;
  t0: number;
  samples: number[];
  expected: number;
  frameBytes: number;
  sampleText: string;
  stray: number;
  done: () => void;
} | null = null;

function receive(event: unknown, frameBytes: number, text: string): void {
  const now = performance.now();
  const c = current;
  if (!c) return;
  if (versionOf(event) !== c.version) {
    c.stray++;
    return;
  }
  c.samples.push(now - c.t0);
  if (c.frameBytes === 0) {
    c.frameBytes = frameBytes;
    c.sampleText = text;
  }
  if (c.samples.length === c.expected) c.done();
}

function openOne(kind: ClientKind, url: string, headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let closedResolve!: () => void;
    const closed = new Promise<void>((r) => {
      closedResolve = r;
    });
    const fail = (msg: string) => {
      if (settled) return;
      settled = true;
      reject(new Error(msg));
    };
    if (kind === 'ws') {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false });
      ws.on('open', () => {
        settled = true;
        resolve({ close: () => ws.terminate(), closed });
      });
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        receive(JSON.parse(text), data.length, text);
      });
      ws.on('error', (err) => fail(err.message));
      ws.on('close', () => {
        fail('closed before open');
        closedResolve();
      });
    } else if (kind === 'sio-shim') {
      const ws = openSocketIo(url, headers, {
        onConnect: () => {
          settled = true;
          resolve({ close: () => ws.terminate(), closed });
        },
        onError: (m) => fail(m),
        onEvent: (name, payload, bytes, text) => {
          if (name === 'mode:changed') receive(payload, bytes, text);
        },
        onClose: () => {
          fail('closed before connect');
          closedResolve();
        },
      });
    } else {
      const s: ClientSocket = ioClient(url, {
        path: '/socket.io',
        transports: ['websocket'],
        extraHeaders: headers,
        reconnection: false,
        forceNew: true,
      });
      s.on('connect', () => {
        settled = true;
        resolve({
          close: () => {
            s.disconnect();
            closedResolve();
          },
          closed,
        });
      });
      s.on('connect_error', (err) => {
        fail(err.message);
        closedResolve();
      });
      // socket.io-client has parsed the packet already; the frame size is not visible to it.
      s.on('mode:changed', (e: unknown) => receive(e, 0, ''));
    }
  });
}

async function connect(req: Extract<GenRequest, { cmd: 'connect' }>): Promise<ConnectResult> {
  const t = performance.now();
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const opened: Client[] = [];
  async function worker(): Promise<void> {
    while (next < req.n) {
      next++;
      try {
        opened.push(await openOne(req.kind, req.url, req.headers));
      } catch (err) {
        failed++;
        firstError ??= (err as Error).message;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(req.concurrency, req.n) }, worker));
  clients.push(...opened);
  return { connected: opened.length, failed, firstError, ms: performance.now() - t };
}

async function disconnect(): Promise<null> {
  const all = clients;
  clients = [];
  for (const c of all) c.close();
  await Promise.race([Promise.all(all.map((c) => c.closed)), new Promise((r) => setTimeout(r, 15_000))]);
  return null;
}

/** Reads the platform's mode and picks the change that flips it; nothing here is timed. */
async function prepare(trigger: Trigger): Promise<{ version: number; send: () => Promise<number> }> {
  if (trigger.kind === 'baseline') {
    const next = (lastBaselineVersion.get(trigger.url) ?? 0) + 1;
    lastBaselineVersion.set(trigger.url, next);
    return {
      version: next,
      send: async () => {
        const r = await http('POST', trigger.url, {}, { version: next });
        if (r.status !== 200) throw new Error(`POST ${trigger.url}: ${r.status} ${r.body}`);
        return r.status;
      },
    };
  }
  const headers = { cookie: trigger.cookie, origin: trigger.origin };
  const res = await http('GET', `${trigger.baseUrl}/api/mode`, headers);
  if (res.status !== 200) throw new Error(`GET /api/mode: ${res.status} ${res.body}`);
  const state = JSON.parse(res.body) as { mode: string; version: number };
  const activate = state.mode !== 'activated';
  const url = `${trigger.baseUrl}/api/mode/${activate ? 'activate' : 'deactivate'}`;
  const body = activate
    ? { title: ACTIVATE_TITLE, reason: ACTIVATE_REASON, expectedVersion: state.version }
    : { reason: DEACTIVATE_REASON, expectedVersion: state.version };
  return {
    version: state.version + 1,
    send: async () => {
      const r = await http('POST', url, headers, body);
      if (r.status !== 200) throw new Error(`POST ${url}: ${r.status} ${r.body}`);
      return r.status;
    },
  };
}
const lastBaselineVersion = new Map<string, number>();

async function broadcast(req: Extract<GenRequest, { cmd: 'broadcast' }>): Promise<BroadcastResult> {
  const { version, send } = await prepare(req.trigger);
  const expected = clients.length;
  let timer: NodeJS.Timeout | undefined;
  let finish!: () => void;
  const allIn = new Promise<void>((r) => {
    finish = r;
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  current = { version, t0, samples: [], expected, frameBytes: 0, sampleText: '', stray: 0, done: finish };
  const c = current;
  const timedOut = new Promise<void>((r) => {
    timer = setTimeout(r, req.timeoutMs);
  });
  const sent = send().then((status) => ({ status, ms: performance.now() - t0 }));
  await Promise.race([allIn, timedOut]);
  const tEnd = performance.now();
  const cpu = process.cpuUsage(cpu0);
  clearTimeout(timer);
  const { status, ms } = await sent;
  current = null;
  const delivered = c.samples.length;
  return {
    expected,
    delivered,
    samples: c.samples,
    lastMs: delivered === expected ? (c.samples[delivered - 1] ?? 0) : null,
    triggerMs: ms,
    triggerStatus: status,
    frameBytes: c.frameBytes,
    sampleText: c.sampleText,
    genCpu: (cpu.user + cpu.system) / 1000 / Math.max(tEnd - t0, 1e-3),
    stray: c.stray,
  };
}

process.on('message', (raw: unknown) => {
  const req = raw as GenRequest;
  const run = async (): Promise<ConnectResult | BroadcastResult | null> => {
    switch (req.cmd) {
      case 'connect':
        return connect(req);
      case 'broadcast':
        return broadcast(req);
      case 'disconnect':
        return disconnect();
      case 'exit':
        await disconnect();
        setImmediate(() => process.exit(0));
        return null;
    }
  };
  run().then(
    (result) => process.send?.({ id: req.id, ok: true, result } satisfies GenReply),
    (err: unknown) =>
      process.send?.({ id: req.id, ok: false, error: String((err as Error)?.stack ?? err) } satisfies GenReply),
  );
});
