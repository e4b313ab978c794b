/**
 * `pnpm bench [fanout] [callout] [situation]`: every part unless some are named.
 *
 * Part 1, fan-out of one mode change to N connected dashboards.
 *
 * Three servers, each pinned to CPU 0: a raw `ws` floor (A), plain Socket.IO
 * (B) and the platform itself (C). One load generator pinned to CPU 1 holds
 * the clients of whichever variant is being measured, triggers each change
 * and timestamps each receipt. Per N: a warm-up round, then BENCH_REPS rounds
 * with the variants interleaved (A B C A B C …); each round connects N
 * clients, measures the server's memory, fires BENCH_BURST changes one after
 * another, and disconnects. Samples are merged across rounds before
 * percentiles. See docs/BENCHMARKS.md.
 *
 * Env: BENCH_N=100,1000,5000  BENCH_REPS=5  BENCH_BURST=3  BENCH_CHECK_N=100 (0: no socket.io-client check)
 *
 * Part 2, the activation call-out to the actors' contacts over e-mail and
 * webhooks, on both queue backends: bench/callout.ts.
 *
 * Part 3, the situation picture: 37 actors reporting to 1,000 dashboards, and
 * GET /api/situation as the stored history grows: bench/situation.ts.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { calloutCleanup, runCalloutBench } from './callout.ts';
import { envInt, envList } from './lib/env.ts';
import { createBenchDb, dropBenchDb, login, postgresVersion } from './lib/platform.ts';
import { allProcessTicks, coreTicks, cpusAllowed, cpuTicks, describeProcess, vmRssBytes } from './lib/procfs.ts';
import { freePort, probe, type Spawned, sleep, spawnPinned, stop, waitForHttp } from './lib/procs.ts';
import type {
  BroadcastResult,
  ClientKind,
  ConnectResult,
  GenReply,
  GenRequest,
  ProbeReply,
  Trigger,
} from './lib/protocol.ts';
import { mean, median, type Summary, summarise } from './lib/stats.ts';
import { runSituationBench, situationCleanup } from './situation.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SERVER_CPU = 0;
const GEN_CPU = 1;

const PARTS = ['fanout', 'callout', 'situation'] as const;
type Part = (typeof PARTS)[number];
const parts: Set<Part> = (() => {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  for (const a of args) {
    if (!PARTS.includes(a as Part)) throw new Error(`unknown part "${a}": pnpm bench [${PARTS.join('] [')}]`);
  }
  return new Set(args.length > 0 ? (args as Part[]) : PARTS);
})();

const NS = envList('BENCH_N', [100, 1000, 5000]);
const REPS = envInt('BENCH_REPS', 5);
const BURST = envInt('BENCH_BURST', 3);
const CHECK_N = envInt('BENCH_CHECK_N', 100, 0);
const CHECK_REPS = Math.max(3, Math.min(REPS, 5));
const GAP_MS = 250;
const BROADCAST_TIMEOUT_MS = 30_000;

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = path.join(root, 'bench', 'results', stamp);
mkdirSync(outDir, { recursive: true });
const log = (...a: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------------------
// Processes

const nodeArgs = (script: string) => [
  '--expose-gc',
  '--import',
  'tsx',
  '--import',
  path.join(root, 'bench/lib/probe.ts'),
  script,
];

/** Every process this run started and has not yet seen exit. */
const running = new Set<Spawned>();
function track(p: Spawned): Spawned {
  running.add(p);
  void p.exited.then(() => running.delete(p));
  return p;
}

type VariantId = 'ws' | 'socketio' | 'platform';
interface Variant {
  id: VariantId;
  label: string;
  proc: Spawned;
  port: number;
  kind: ClientKind;
  url: string;
  headers: Record<string, string>;
  trigger: Trigger;
}

async function startWs(): Promise<Variant> {
  const port = await freePort();
  const proc = track(
    spawnPinned({
      name: 'ws-baseline',
      cpu: SERVER_CPU,
      cwd: root,
      nodeArgs: nodeArgs('bench/servers/ws-baseline.ts'),
      env: { PORT: String(port) },
      logFile: path.join(outDir, `ws-baseline-${port}.log`),
    }),
  );
  await waitForHttp(proc, `http://127.0.0.1:${port}/health`, 30_000);
  return {
    id: 'ws',
    label: 'A: raw ws',
    proc,
    port,
    kind: 'ws',
    url: `ws://127.0.0.1:${port}/`,
    headers: {},
    trigger: { kind: 'baseline', url: `http://127.0.0.1:${port}/trigger` },
  };
}

async function startSocketIo(): Promise<Variant> {
  const port = await freePort();
  const proc = track(
    spawnPinned({
      name: 'socketio-baseline',
      cpu: SERVER_CPU,
      cwd: root,
      nodeArgs: nodeArgs('bench/servers/socketio-baseline.ts'),
      env: { PORT: String(port) },
      logFile: path.join(outDir, `socketio-baseline-${port}.log`),
    }),
  );
  await waitForHttp(proc, `http://127.0.0.1:${port}/health`, 30_000);
  return {
    id: 'socketio',
    label: 'B: plain Socket.IO',
    proc,
    port,
    kind: 'sio-shim',
    url: `http://127.0.0.1:${port}`,
    headers: {},
    trigger: { kind: 'baseline', url: `http://127.0.0.1:${port}/trigger` },
  };
}

async function startPlatform(databaseUrl: string): Promise<Variant> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const proc = track(
    spawnPinned({
      name: 'platform',
      cpu: SERVER_CPU,
      cwd: path.join(root, 'apps/server'),
      nodeArgs: nodeArgs('src/server.ts'),
      env: {
        DATABASE_URL: databaseUrl,
        SEED_DEMO: 'true',
        DEMO_PASSWORD: 'bench-pass',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: publicUrl,
        LOG_LEVEL: 'warn',
        // As deployed: JSON logs (development pipes them through pino-pretty in a worker thread).
        NODE_ENV: 'production',
        // Production requires a webhook secret and an acknowledgement-link key of its own; neither is used here.
        WEBHOOK_SECRET: randomBytes(24).toString('hex'),
        ACK_SECRET: randomBytes(24).toString('hex'),
        // API only: the dashboard's static files play no part in this scenario.
        DASHBOARD_DIR: '',
        REDIS_URL: '',
      },
      logFile: path.join(outDir, `platform-${port}.log`),
    }),
  );
  await waitForHttp(proc, `${publicUrl}/health/live`, 120_000);
  const cookie = await login(publicUrl, 'rsib@samverkan.test', 'bench-pass');
  const headers = { cookie, origin: publicUrl };
  return {
    id: 'platform',
    label: 'C: platform',
    proc,
    port,
    kind: 'sio-shim',
    url: publicUrl,
    headers,
    trigger: { kind: 'platform', baseUrl: publicUrl, cookie, origin: publicUrl },
  };
}

// ---------------------------------------------------------------------------
// The generator

/** The load generator, started by the fan-out part. */
let genProc: Spawned | undefined;
function gen(): Spawned {
  genProc ??= track(
    spawnPinned({
      name: 'loadgen',
      cpu: GEN_CPU,
      cwd: root,
      nodeArgs: ['--import', 'tsx', 'bench/loadgen.ts'],
      logFile: path.join(outDir, 'loadgen.log'),
    }),
  );
  return genProc;
}
let genId = 0;
type GenCommand =
  | Omit<Extract<GenRequest, { cmd: 'connect' }>, 'id'>
  | Omit<Extract<GenRequest, { cmd: 'broadcast' }>, 'id'>
  | { cmd: 'disconnect' }
  | { cmd: 'exit' };
function ask<T>(cmd: GenCommand): Promise<T> {
  const id = ++genId;
  return new Promise((resolve, reject) => {
    const onMessage = (raw: unknown) => {
      const m = raw as GenReply;
      if (m.id !== id) return;
      g.child.off('message', onMessage);
      if (m.ok) resolve(m.result as T);
      else reject(new Error(m.error));
    };
    const g = gen();
    g.child.on('message', onMessage);
    void g.exited.then((code) => reject(new Error(`load generator exited (${code}):\n${g.tail()}`)));
    g.child.send({ ...cmd, id });
  });
}

// ---------------------------------------------------------------------------
// Measurement

interface MemPoint {
  vmRss: number;
  probe: ProbeReply;
}
interface Phase {
  n: number;
  variant: VariantId;
  clientKind: ClientKind;
  round: number;
  warmup: boolean;
  connect: ConnectResult;
  memBefore: MemPoint;
  memAfter: MemPoint;
  /** Server CPU (µs, from the probe) over the burst of broadcasts, and the /proc ticks for a cross-check. */
  serverCpuUs: number;
  serverCpuTicks: number;
  /**
   * Over the burst, CPU busy on each core that was not the process under
   * test (core 0: not the server; core 1: not the generator nor this runner),
   * as a share of that core; steal is the hypervisor's.
   */
  otherCore0: number;
  otherCore1: number;
  steal: number;
  /** Processes other than the server under test and the generator that used CPU during the burst: ticks by name. */
  others: Record<string, number>;
  /** Length of the burst window in ticks of one core. */
  windowTicks: number;
  broadcasts: BroadcastResult[];
}
const phases: Phase[] = [];

async function memPoint(v: Variant): Promise<MemPoint> {
  const p = await probe(v.proc, true);
  return { vmRss: vmRssBytes(v.proc.pid), probe: p };
}

/** Waits until a process uses (almost) no CPU for a while, so one variant's clean-up does not land in the next one's window. */
async function waitIdle(pid: number, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const t0 = cpuTicks(pid);
    await sleep(250);
    if (cpuTicks(pid) - t0 <= 1) return;
  }
}

async function runPhase(
  v: Variant,
  all: readonly Variant[],
  n: number,
  round: number,
  warmup: boolean,
  kind = v.kind,
): Promise<Phase> {
  for (const o of all) await waitIdle(o.proc.pid);
  const memBefore = await memPoint(v);
  const connect = await ask<ConnectResult>({
    cmd: 'connect',
    kind,
    url: v.url,
    n,
    headers: v.headers,
    concurrency: 64,
  });
  if (connect.connected !== n) {
    throw new Error(
      `${v.label}: ${connect.connected}/${n} clients connected; first error: ${connect.firstError}\n${v.proc.tail()}`,
    );
  }
  await waitIdle(v.proc.pid);
  await waitIdle(gen().pid);
  const memAfter = await memPoint(v);
  const cpu0 = await probe(v.proc, false);
  const ticks0 = cpuTicks(v.proc.pid);
  const genTicks0 = cpuTicks(gen().pid) + cpuTicks(process.pid);
  const procsA = allProcessTicks();
  const core0a = coreTicks(SERVER_CPU);
  const core1a = coreTicks(GEN_CPU);
  const broadcasts: BroadcastResult[] = [];
  for (let b = 0; b < BURST; b++) {
    const r = await ask<BroadcastResult>({ cmd: 'broadcast', trigger: v.trigger, timeoutMs: BROADCAST_TIMEOUT_MS });
    broadcasts.push(r);
    await sleep(GAP_MS);
  }
  const cpu1 = await probe(v.proc, false);
  const ticks1 = cpuTicks(v.proc.pid);
  const genTicks1 = cpuTicks(gen().pid) + cpuTicks(process.pid);
  const core0b = coreTicks(SERVER_CPU);
  const core1b = coreTicks(GEN_CPU);
  const procsB = allProcessTicks();
  const others: Record<string, number> = {};
  for (const [pid, b] of procsB) {
    if (pid === v.proc.pid || pid === gen().pid || pid === process.pid) continue;
    const d = b.ticks - (procsA.get(pid)?.ticks ?? b.ticks);
    if (d <= 0) continue;
    const name = all.some((o) => o.proc.pid === pid)
      ? `idle bench server (${describeProcess(pid, b.name)})`
      : describeProcess(pid, b.name);
    others[name] = (others[name] ?? 0) + d;
  }
  await ask<null>({ cmd: 'disconnect' });
  const share = (busy: number, a: { total: number }, b: { total: number }) => busy / Math.max(b.total - a.total, 1);
  const phase: Phase = {
    n,
    variant: v.id,
    clientKind: kind,
    round,
    warmup,
    connect,
    memBefore,
    memAfter,
    serverCpuUs: cpu1.cpuUserUs + cpu1.cpuSystemUs - (cpu0.cpuUserUs + cpu0.cpuSystemUs),
    serverCpuTicks: ticks1 - ticks0,
    otherCore0: share(core0b.busy - core0a.busy - (ticks1 - ticks0), core0a, core0b),
    otherCore1: share(core1b.busy - core1a.busy - (genTicks1 - genTicks0), core1a, core1b),
    steal: share(core0b.steal - core0a.steal + core1b.steal - core1a.steal, core0a, core0b) / 2,
    others,
    windowTicks: core0b.total - core0a.total,
    broadcasts,
  };
  const last = broadcasts.map((b) => (b.lastMs === null ? 'LOST' : b.lastMs.toFixed(1))).join(' / ');
  const lost = broadcasts.reduce((s, b) => s + b.expected - b.delivered, 0);
  log(
    `  N=${n} ${v.label}${kind !== v.kind ? ` (${kind})` : ''} round ${warmup ? 'warm-up' : round}: connect ${connect.ms.toFixed(0)} ms, last ${last} ms, gen CPU ${broadcasts.map((b) => `${(b.genCpu * 100).toFixed(0)}%`).join(' ')}${lost ? `, ${lost} LOST` : ''}`,
  );
  return phase;
}

async function idleCpu(vs: Variant[], ms: number): Promise<Record<string, number>> {
  const t0 = vs.map((v) => cpuTicks(v.proc.pid));
  await sleep(ms);
  const hz = 100;
  return Object.fromEntries(vs.map((v, i) => [v.id, (cpuTicks(v.proc.pid) - (t0[i] ?? 0)) / hz / (ms / 1000)]));
}

// ---------------------------------------------------------------------------
// Main

const dbName = `samverkan_bench_${process.pid}_${Date.now()}`;
const started = Date.now();
const idle: Record<number, Record<string, number>> = {};
let platformError: string | null = null;
let pinnedSelf = false;
const loadAvgAtStart = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');

async function main(): Promise<void> {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(GEN_CPU), String(process.pid)], { stdio: 'ignore' });
    pinnedSelf = true;
  } catch {
    log('could not pin the bench runner itself to CPU 1');
  }
  log(`parts: ${[...parts].join(', ')}; output in ${path.relative(root, outDir)}`);
  if (parts.has('fanout')) await fanout();
  if (parts.has('callout')) {
    const report = await runCalloutBench({ root, outDir, log, track });
    console.log(`\n${report}`);
    log(`call-out raw samples in ${path.relative(root, outDir)}/callout-results.json`);
  }
  if (parts.has('situation')) {
    const report = await runSituationBench({ root, outDir, log, track });
    console.log(`\n${report}`);
    log(`situation raw samples in ${path.relative(root, outDir)}/situation-results.json`);
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function fanout(): Promise<void> {
  log(
    `bench: N=${NS.join(',')} reps=${REPS} burst=${BURST} check N=${CHECK_N}; output in ${path.relative(root, outDir)}`,
  );
  const databaseUrl = await createBenchDb(dbName);
  log(`database ${dbName} created (PostgreSQL ${postgresVersion()})`);
  try {
    for (const n of NS) {
      log(`N=${n}: starting servers`);
      const variants: Variant[] = [await startWs(), await startSocketIo()];
      try {
        variants.push(await startPlatform(databaseUrl));
      } catch (err) {
        platformError = (err as Error).message;
        log(`platform did not start; continuing with the baselines only:\n${platformError}`);
      }
      try {
        for (const v of variants) await waitIdle(v.proc.pid);
        idle[n] = await idleCpu(variants, 3000);
        log(
          `  idle CPU: ${Object.entries(idle[n] ?? {})
            .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
            .join(', ')}`,
        );
        for (const v of variants) log(`  ${v.proc.name} pid ${v.proc.pid} on CPU ${cpusAllowed(v.proc.pid)}`);
        for (let round = 0; round <= REPS; round++) {
          for (const v of variants) phases.push(await runPhase(v, variants, n, round, round === 0));
        }
        if (CHECK_N > 0 && n === CHECK_N) {
          log(`N=${n}: check with the real socket.io-client`);
          const sio = variants.filter((v) => v.kind === 'sio-shim');
          for (let round = 1; round <= CHECK_REPS; round++) {
            for (const v of sio) {
              for (const kind of ['sio-shim', 'sio-client'] as const) {
                const p = await runPhase(v, variants, n, round, false, kind);
                phases.push({ ...p, round: -round });
              }
            }
          }
        }
      } finally {
        for (const v of variants) await stop(v.proc);
      }
    }
  } finally {
    await ask<null>({ cmd: 'exit' }).catch(() => undefined);
    if (genProc) await stop(genProc, 5000);
    await dropBenchDb(dbName).catch((err: unknown) => log(`could not drop ${dbName}: ${String(err)}`));
  }
  const report = buildReport();
  writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ meta: meta(), idle, phases, platformError }));
  writeFileSync(path.join(outDir, 'report.md'), report);
  console.log(`\n${report}`);
  log(
    `fan-out done in ${((Date.now() - started) / 1000).toFixed(0)} s; raw samples in ${path.relative(root, outDir)}/results.json`,
  );
}

// ---------------------------------------------------------------------------
// Report

function pkgVersion(name: string, from = root): string {
  try {
    const req = path.join(from, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(req, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function meta() {
  const serverDir = path.join(root, 'apps/server');
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? '?',
    cpus: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    postgres: postgresVersion(),
    versions: {
      ws: pkgVersion('ws'),
      'socket.io': pkgVersion('socket.io'),
      'socket.io-client': pkgVersion('socket.io-client'),
      'socket.io (platform)': pkgVersion('socket.io', serverDir),
      fastify: pkgVersion('fastify', serverDir),
      tsx: pkgVersion('tsx'),
    },
    ns: NS,
    reps: REPS,
    burst: BURST,
    checkN: CHECK_N,
    pinnedSelf,
    loadAvgAtStart,
    durationS: Math.round((Date.now() - started) / 1000),
  };
}

const f = (ms: number) =>
  !Number.isFinite(ms) ? '—' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

interface Agg {
  n: number;
  variant: VariantId;
  kind: ClientKind;
  delivery: Summary;
  last: number[];
  lastMedian: number;
  /** Median over broadcasts of the first client's latency: the fixed cost before any fan-out. */
  firstMedian: number;
  lastMax: number;
  delivered: number;
  expected: number;
  stray: number;
  genCpuMax: number;
  genCpuMean: number;
  trigger: number;
  frameBytes: number;
  heapPerConn: number;
  otherCore0: number;
  otherCore1: number;
  steal: number;
  rssPerConnFirst: number;
  rssPerConnMean: number;
  cpuUsPerDelivery: number;
  connectRate: number;
  /** The busiest other processes during the bursts, as a share of one core. */
  topOthers: string;
}

function aggregate(ps: Phase[]): Agg | undefined {
  const first = ps[0];
  if (!first) return undefined;
  const bs = ps.flatMap((p) => p.broadcasts);
  const samples: number[] = [];
  for (const b of bs) for (const s of b.samples) samples.push(s);
  // A broadcast that lost a client has no 'last': it counts as infinitely late.
  const last = bs.map((b) => b.lastMs ?? Number.POSITIVE_INFINITY);
  const delivered = bs.reduce((s, b) => s + b.delivered, 0);
  const heapDeltas = ps.map((p) => (p.memAfter.probe.heapUsed - p.memBefore.probe.heapUsed) / p.n);
  const rssDeltas = ps.map((p) => (p.memAfter.vmRss - p.memBefore.vmRss) / p.n);
  const warm = phases.find((p) => p.warmup && p.n === first.n && p.variant === first.variant);
  return {
    n: first.n,
    variant: first.variant,
    kind: first.clientKind,
    delivery: summarise(samples),
    last,
    lastMedian: median(last),
    firstMedian: median(bs.map((b) => (b.samples.length ? Math.min(...b.samples) : Number.NaN))),
    lastMax: Math.max(...last),
    delivered,
    expected: bs.reduce((s, b) => s + b.expected, 0),
    stray: bs.reduce((s, b) => s + b.stray, 0),
    genCpuMax: Math.max(...bs.map((b) => b.genCpu)),
    genCpuMean: mean(bs.map((b) => b.genCpu)),
    trigger: median(bs.map((b) => b.triggerMs)),
    frameBytes: bs.find((b) => b.frameBytes > 0)?.frameBytes ?? 0,
    heapPerConn: mean(heapDeltas),
    otherCore0: mean(ps.map((p) => p.otherCore0)),
    otherCore1: mean(ps.map((p) => p.otherCore1)),
    steal: mean(ps.map((p) => p.steal)),
    topOthers: topOthers(ps),
    rssPerConnFirst: warm ? (warm.memAfter.vmRss - warm.memBefore.vmRss) / warm.n : Number.NaN,
    rssPerConnMean: mean(rssDeltas),
    cpuUsPerDelivery: ps.reduce((s, p) => s + p.serverCpuUs, 0) / Math.max(delivered, 1),
    connectRate: mean(ps.map((p) => p.connect.connected / (p.connect.ms / 1000))),
  };
}

function topOthers(ps: Phase[]): string {
  const sum: Record<string, number> = {};
  let window = 0;
  for (const p of ps) {
    window += p.windowTicks;
    for (const [k, t] of Object.entries(p.others)) sum[k] = (sum[k] ?? 0) + t;
  }
  return (
    Object.entries(sum)
      .sort((a, b) => b[1] - a[1])
      .filter(([, t]) => t / Math.max(window, 1) >= 0.005)
      .slice(0, 3)
      .map(([k, t]) => `${k.replace(/\|/g, '/')} ${pct(t / Math.max(window, 1))}`)
      .join('; ') || '—'
  );
}

const LABEL: Record<VariantId, string> = { ws: 'A: raw ws', socketio: 'B: plain Socket.IO', platform: 'C: platform' };

function buildReport(): string {
  const m = meta();
  const out: string[] = [];
  out.push(`### Run of ${m.date}`, '');
  out.push(
    `Node ${m.node}; ${m.cpu}, ${m.cpus} CPUs, ${m.memGiB} GiB; kernel ${m.kernel}; PostgreSQL ${m.postgres}. ` +
      Object.entries(m.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      `. BENCH_N=${m.ns.join(',')}, BENCH_REPS=${m.reps}, BENCH_BURST=${m.burst}; load average at the start ${m.loadAvgAtStart}; ${m.durationS} s in all.`,
    '',
  );
  if (platformError) out.push('**The platform did not start:**', '', '```', platformError, '```', '');

  const measured = phases.filter((p) => !p.warmup && p.round > 0);
  const aggs = new Map<string, Agg>();
  for (const n of NS) {
    for (const v of ['ws', 'socketio', 'platform'] as const) {
      const a = aggregate(measured.filter((p) => p.n === n && p.variant === v));
      if (a) aggs.set(`${n}/${v}`, a);
    }
  }

  out.push('#### Time from the trigger to each client having the event (ms), merged over all rounds', '');
  out.push(
    '| N | variant | deliveries | delivered | first client (median) | p50 | p99 | p99.9 | max | last client (median / worst) | trigger HTTP (median) | generator CPU (mean / max) |',
  );
  out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const a of aggs.values()) {
    out.push(
      `| ${a.n} | ${LABEL[a.variant]} | ${a.delivery.count} | ${((100 * a.delivered) / a.expected).toFixed(2)} % | ${f(a.firstMedian)} | ${f(a.delivery.p50)} | ${f(a.delivery.p99)} | ${f(a.delivery.p999)} | ${f(a.delivery.max)} | ${f(a.lastMedian)} / ${f(a.lastMax)} | ${f(a.trigger)} | ${(a.genCpuMean * 100).toFixed(0)} % / ${(a.genCpuMax * 100).toFixed(0)} % |`,
    );
  }
  out.push('');

  out.push('#### Ratios (same run): platform ÷ raw ws and platform ÷ plain Socket.IO; Socket.IO ÷ raw ws', '');
  out.push(
    '| N | C/A p50 | C/A p99 | C/A max | C/A last (median) | C/B p50 | C/B p99 | C/B max | C/B last (median) | B/A p50 | B/A p99 | B/A last (median) |',
  );
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of NS) {
    const A = aggs.get(`${n}/ws`);
    const B = aggs.get(`${n}/socketio`);
    const C = aggs.get(`${n}/platform`);
    if (!A || !B) continue;
    const c = (get: (x: Agg) => number, x: Agg | undefined, y: Agg) => (x ? ratio(get(x), get(y)) : '—');
    out.push(
      `| ${n} | ${c((x) => x.delivery.p50, C, A)} | ${c((x) => x.delivery.p99, C, A)} | ${c((x) => x.delivery.max, C, A)} | ${c((x) => x.lastMedian, C, A)} | ${c((x) => x.delivery.p50, C, B)} | ${c((x) => x.delivery.p99, C, B)} | ${c((x) => x.delivery.max, C, B)} | ${c((x) => x.lastMedian, C, B)} | ${ratio(B.delivery.p50, A.delivery.p50)} | ${ratio(B.delivery.p99, A.delivery.p99)} | ${ratio(B.lastMedian, A.lastMedian)} |`,
    );
  }
  out.push('');

  out.push('#### Server memory and CPU per connection / delivery', '');
  out.push(
    '| N | variant | heap Δ per connection after GC (KiB) | RSS Δ per conn., first connect on a fresh process (KiB) | RSS Δ per conn., later rounds (KiB) | server CPU per delivery (µs) | connects/s | frame (bytes) | other CPU on core 0 / core 1 during the bursts | steal | busiest other processes during the bursts |',
  );
  out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const a of aggs.values()) {
    out.push(
      `| ${a.n} | ${LABEL[a.variant]} | ${kb(a.heapPerConn)} | ${kb(a.rssPerConnFirst)} | ${kb(a.rssPerConnMean)} | ${a.cpuUsPerDelivery.toFixed(1)} | ${a.connectRate.toFixed(0)} | ${a.frameBytes} | ${pct(a.otherCore0)} / ${pct(a.otherCore1)} | ${pct(a.steal)} | ${a.topOthers} |`,
    );
  }
  out.push('');

  const checks = phases.filter((p) => p.round < 0);
  if (checks.length) {
    out.push(
      `#### Check: the framing shim against the real socket.io-client (N=${checks[0]?.n}, ${CHECK_REPS} rounds)`,
      '',
    );
    out.push(
      '| variant | client | deliveries | delivered | p50 | p99 | max | last client (median) | generator CPU (mean) |',
    );
    out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const v of ['socketio', 'platform'] as const) {
      for (const kind of ['sio-shim', 'sio-client'] as const) {
        const a = aggregate(checks.filter((p) => p.variant === v && p.clientKind === kind));
        if (!a) continue;
        out.push(
          `| ${LABEL[v]} | ${kind === 'sio-shim' ? 'ws + shim' : 'socket.io-client'} | ${a.delivery.count} | ${((100 * a.delivered) / a.expected).toFixed(2)} % | ${f(a.delivery.p50)} | ${f(a.delivery.p99)} | ${f(a.delivery.max)} | ${f(a.lastMedian)} | ${(a.genCpuMean * 100).toFixed(0)} % |`,
        );
      }
    }
    out.push('');
  }

  out.push('#### Idle CPU of each server before the rounds, once it had settled (share of one core)', '');
  out.push(`| N | ${['ws', 'socketio', 'platform'].map((v) => LABEL[v as VariantId]).join(' | ')} |`);
  out.push('|---:|---:|---:|---:|');
  for (const n of NS) {
    const i = idle[n] ?? {};
    out.push(
      `| ${n} | ${['ws', 'socketio', 'platform'].map((v) => (i[v] === undefined ? '—' : `${(i[v] * 100).toFixed(1)} %`)).join(' | ')} |`,
    );
  }
  out.push('');

  out.push('#### One frame of each variant, as received', '');
  for (const v of ['ws', 'socketio', 'platform'] as const) {
    const b = measured.filter((p) => p.variant === v).flatMap((p) => p.broadcasts);
    const activation = b.find((x) => x.sampleText.includes('"activated"'));
    const deactivation = b.find((x) => x.sampleText.includes('"ordinary"'));
    for (const x of [activation, deactivation]) {
      if (x) out.push(`- ${LABEL[v]} (${x.frameBytes} bytes): \`${x.sampleText}\``);
    }
  }
  out.push('');

  out.push('#### Raw numbers: every measured broadcast (ms)', '');
  out.push(
    '| N | variant | round | # | delivered | p50 | p99 | max | last | trigger HTTP | gen. CPU | server heap Δ/conn (KiB) | server RSS Δ/conn (KiB) |',
  );
  out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of measured) {
    p.broadcasts.forEach((b, i) => {
      const s = summarise(b.samples);
      out.push(
        `| ${p.n} | ${LABEL[p.variant]} | ${p.round} | ${i + 1} | ${b.delivered}/${b.expected} | ${f(s.p50)} | ${f(s.p99)} | ${f(s.max)} | ${f(b.lastMs ?? Number.NaN)} | ${f(b.triggerMs)} | ${(b.genCpu * 100).toFixed(0)} % | ${i === 0 ? kb((p.memAfter.probe.heapUsed - p.memBefore.probe.heapUsed) / p.n) : ''} | ${i === 0 ? kb((p.memAfter.vmRss - p.memBefore.vmRss) / p.n) : ''} |`,
      );
    });
  }
  out.push('');
  return out.join('\n');
}

/** Ctrl-C: stop what this run started (by pid, through the handles) and drop its database. */
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping the servers and the generator`);
    void Promise.all([...running].map((p) => stop(p, 3000)))
      .then(() => Promise.all([dropBenchDb(dbName), calloutCleanup(), situationCleanup()]))
      .catch(() => undefined)
      .finally(() => process.exit(130));
  });
}

main().catch(async (err: unknown) => {
  console.error(err);
  if (genProc) await stop(genProc, 2000).catch(() => undefined);
  await dropBenchDb(dbName).catch(() => undefined);
  await calloutCleanup().catch(() => undefined);
  await situationCleanup().catch(() => undefined);
  process.exit(1);
});
