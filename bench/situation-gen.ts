/**
 * The load generator of `pnpm bench situation` (pinned to CPU 1 by
 * bench/situation.ts): it holds the dashboards (raw `ws` + the Socket.IO
 * framing shim of the fan-out bench), sends the actors' reports and the
 * GET /api/situation requests, and timestamps everything with one monotonic
 * clock. Every dashboard decodes every event (JSON.parse in the shim).
 * Driven over IPC.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { openSocketIo } from './lib/sio-shim.ts';

export type SitGenRequest =
  | { cmd: 'connect'; id: number; url: string; n: number; headers: Record<string, string>; refetchers: number }
  | {
      cmd: 'submit';
      id: number;
      url: string;
      headers: Record<string, string>;
      actorIds: string[];
      /** burst: every actor posts once at the same scheduled moment; sustained: each actor posts back to back for durationMs. */
      mode: 'burst' | 'sustained';
      durationMs: number;
      settleMs: number;
    }
  | { cmd: 'gets'; id: number; url: string; headers: Record<string, string>; n: number; concurrency: number }
  | { cmd: 'disconnect'; id: number }
  | { cmd: 'exit'; id: number };

export interface SubmitResult {
  posts: Array<{ reportId: string | null; status: number; t0: number; answerMs: number }>;
  /** ms from each accepted POST's start to each dashboard's receipt of its event. */
  deliveries: number[];
  delivered: number;
  expected: number;
  /** ms from each accepted POST's start until a refetching dashboard held a situation containing that report. */
  visible: number[];
  visibleExpected: number;
  refetches: number;
  wallMs: number;
  genCpu: number;
  sampleText: string;
}
export interface GetsResult {
  samples: number[];
  bytes: number;
  statuses: Record<string, number>;
  wallMs: number;
  genCpu: number;
}
export type SitGenReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function http(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    req.end(payload);
  });
}

interface Dashboard {
  ws: WebSocket;
  closed: Promise<void>;
}
let dashboards: Dashboard[] = [];
/** reportId → receipt times (performance.now()) over all dashboards. */
let receipts = new Map<string, number[]>();
/** reportId → first time each refetching dashboard held a situation containing it. */
let seen = new Map<string, number[]>();
let refetchCount = 0;
let sampleText = '';

/** Each report's event: its seq and actor (the same for every dashboard). */
const eventInfo = new Map<string, { seq: number; actorId: string }>();
const eventSeq = new Map<string, number>();

function onReport(payload: unknown, text: string): string | null {
  const e = payload as { seq?: number; data?: { reportId?: unknown; actorId?: unknown } } | null;
  const id = typeof e?.data?.reportId === 'string' ? e.data.reportId : null;
  if (!id) return null;
  if (!eventInfo.has(id)) {
    eventInfo.set(id, { seq: Number(e?.seq), actorId: String(e?.data?.actorId) });
    eventSeq.set(id, Number(e?.seq));
  }
  const t = performance.now();
  let r = receipts.get(id);
  if (!r) {
    r = [];
    receipts.set(id, r);
  }
  r.push(t);
  if (!sampleText) sampleText = text;
  return id;
}

/** A dashboard that refetches the situation on each event, one request at a time, as the browser does. */
function refetcher(url: string, headers: Record<string, string>) {
  let inFlight = false;
  const pending = new Set<string>();
  const run = async () => {
    inFlight = true;
    // Events that arrive meanwhile are covered by the next request; a report not yet in the answer is asked again (a few times).
    for (let tries = 0; pending.size > 0 && tries < 5; tries++) {
      const asked = [...pending];
      const res = await http('GET', `${url}/api/situation`, headers).catch(() => ({ status: 0, body: '' }));
      refetchCount++;
      const t = performance.now();
      // The picture shows each actor's latest version: a report counts as visible once the actor's
      // entry is that report or one whose event came after it (a later version replaced it).
      const shown = new Map<string, number>();
      if (res.status === 200) {
        const sit = JSON.parse(res.body) as { actors: Array<{ actorId: string; report: { id: string } | null }> };
        for (const a of sit.actors) {
          // A report without a known event (the seeded history) is older than any posted here.
          if (a.report) shown.set(a.actorId, eventSeq.get(a.report.id) ?? Number.NEGATIVE_INFINITY);
        }
      }
      for (const id of asked) {
        const ev = eventInfo.get(id);
        if (!ev || (shown.get(ev.actorId) ?? Number.NEGATIVE_INFINITY) < ev.seq) continue;
        pending.delete(id);
        let s = seen.get(id);
        if (!s) {
          s = [];
          seen.set(id, s);
        }
        s.push(t);
      }
      if (pending.size > asked.length) tries = 0;
    }
    pending.clear();
    inFlight = false;
  };
  return (reportId: string) => {
    pending.add(reportId);
    if (!inFlight) void run();
  };
}

async function connect(req: Extract<SitGenRequest, { cmd: 'connect' }>) {
  const t = performance.now();
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const open = (i: number) =>
    new Promise<Dashboard>((resolve, reject) => {
      let closedResolve!: () => void;
      const closed = new Promise<void>((r) => {
        closedResolve = r;
      });
      let settled = false;
      const refetch = i < req.refetchers ? refetcher(req.url, req.headers) : null;
      const ws = openSocketIo(req.url, req.headers, {
        onConnect: () => {
          settled = true;
          resolve({ ws, closed });
        },
        onError: (m) => {
          if (!settled) reject(new Error(m));
          settled = true;
        },
        onEvent: (name, payload, _bytes, text) => {
          if (name !== 'report:submitted') return;
          const id = onReport(payload, text);
          if (id && refetch) refetch(id);
        },
        onClose: () => {
          if (!settled) reject(new Error('closed before connect'));
          settled = true;
          closedResolve();
        },
      });
    });
  const opened: Dashboard[] = [];
  const worker = async () => {
    while (next < req.n) {
      const i = next++;
      try {
        opened.push(await open(i));
      } catch (err) {
        failed++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(64, req.n) }, worker));
  dashboards.push(...opened);
  return { connected: opened.length, failed, firstError, ms: performance.now() - t };
}

const reportBody = (actorId: string, k: number) => ({
  actorId,
  status: 'submitted',
  version: k === 0 ? 'initial' : 'update',
  situation: `Bench: läget hos ${actorId}, version ${k + 1}. Elavbrott i delar av länet; reservkraft i drift.`,
  sectors: [{ sector: 'energi', impact: 'severe' }],
  needs: [],
  classification: 'internal',
});

let posted = 0;
async function submit(req: Extract<SitGenRequest, { cmd: 'submit' }>): Promise<SubmitResult> {
  receipts = new Map();
  seen = new Map();
  refetchCount = 0;
  const posts: SubmitResult['posts'] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const one = async (actorId: string, t0: number) => {
    const res = await http('POST', `${req.url}/api/reports`, req.headers, reportBody(actorId, posted++));
    const reportId = res.status === 201 ? (JSON.parse(res.body) as { id: string }).id : null;
    posts.push({ reportId, status: res.status, t0, answerMs: performance.now() - t0 });
  };
  if (req.mode === 'burst') {
    // One scheduled moment for all: latency counts from it, queueing in the client included.
    await Promise.all(req.actorIds.map((a) => one(a, start)));
  } else {
    await Promise.all(
      req.actorIds.map(async (a) => {
        while (performance.now() - start < req.durationMs) await one(a, performance.now());
      }),
    );
  }
  const postsDone = performance.now();
  const accepted = posts.filter((p) => p.reportId !== null);
  const expected = accepted.length * dashboards.length;
  const refetchers = Math.min(dashboards.length, refetcherCount);
  const complete = () =>
    accepted.every(
      (p) =>
        (receipts.get(p.reportId as string)?.length ?? 0) >= dashboards.length &&
        (seen.get(p.reportId as string)?.length ?? 0) >= refetchers,
    );
  const deadline = performance.now() + req.settleMs;
  while (!complete() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - start;
  const deliveries: number[] = [];
  const visible: number[] = [];
  for (const p of accepted) {
    for (const t of receipts.get(p.reportId as string) ?? []) deliveries.push(t - p.t0);
    for (const t of seen.get(p.reportId as string) ?? []) visible.push(t - p.t0);
  }
  return {
    posts: posts.map((p) => ({ ...p, t0: p.t0 - start })),
    deliveries,
    delivered: deliveries.length,
    expected,
    visible,
    visibleExpected: accepted.length * refetchers,
    refetches: refetchCount,
    wallMs: postsDone - start,
    genCpu: (cpu.user + cpu.system) / 1000 / Math.max(wall, 1e-3),
    sampleText,
  };
}
let refetcherCount = 0;

async function gets(req: Extract<SitGenRequest, { cmd: 'gets' }>): Promise<GetsResult> {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  let left = req.n;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const worker = async () => {
    while (left > 0) {
      left--;
      const t = performance.now();
      const res = await http('GET', req.url, req.headers);
      samples.push(performance.now() - t);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      bytes = Buffer.byteLength(res.body);
      JSON.parse(res.body);
    }
  };
  await Promise.all(Array.from({ length: req.concurrency }, worker));
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { samples, bytes, statuses, wallMs: wall, genCpu: (cpu.user + cpu.system) / 1000 / wall };
}

async function disconnect(): Promise<null> {
  const all = dashboards;
  dashboards = [];
  for (const d of all) d.ws.terminate();
  await Promise.race([Promise.all(all.map((d) => d.closed)), new Promise((r) => setTimeout(r, 15_000))]);
  return null;
}

process.on('message', (raw: unknown) => {
  const req = raw as SitGenRequest;
  const run = async (): Promise<unknown> => {
    switch (req.cmd) {
      case 'connect':
        refetcherCount = req.refetchers;
        return connect(req);
      case 'submit':
        return submit(req);
      case 'gets':
        return gets(req);
      case 'disconnect':
        return disconnect();
      case 'exit':
        await disconnect();
        setImmediate(() => process.exit(0));
        return null;
    }
  };
  run().then(
    (result) => process.send?.({ id: req.id, ok: true, result } satisfies SitGenReply),
    (err: unknown) =>
      process.send?.({ id: req.id, ok: false, error: String((err as Error)?.stack ?? err) } satisfies SitGenReply),
  );
});
