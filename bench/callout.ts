/**
 * `pnpm bench callout`: activation call-out to 37 actors × 3 contacts ×
 * e-mail + webhook, delivered to real SMTP and HTTP sinks on loopback, on
 * both queue backends, against the same messages sent straight through the
 * channel adapters. See docs/BENCHMARKS.md, scenario 2.
 *
 * Processes: the channel baseline and one platform per queue backend
 * (bench/servers/callout-*.ts), each `taskset -c 0`; the sinks live in this
 * runner (`taskset -c 1`), which also sends every trigger, so one clock
 * (performance.now()) times the trigger and every arrival.
 *
 * Per round, interleaved baseline → postgres → redis:
 * - `activation`: POST /api/mode/activate; the platform calls the first
 *   contact of every actor: 37 × 2 = 74 messages. Then every actor
 *   acknowledges through its personal link (untimed), and
 * - `deactivation`: POST /api/mode/deactivate, which notifies the first
 *   contacts again: 74 messages, timed the same way;
 * - `full` (the first BENCH_CALLOUT_FULL_REPS rounds): the activation, then
 *   the escalation clock forced twice (`app.notifications.escalate(t)` with
 *   a `t` past the acknowledgement timeout), each time as soon as the
 *   previous step's outbox rows are on the queue: every contact of every
 *   actor, 37 × 3 × 2 = 222 messages; then acknowledgement and deactivation
 *   as above (that deactivation is not timed).
 * The baseline sends the same 74 (or all 222 at once) messages.
 *
 * Then, with each backend's platform restarted at the shipped send limits
 * (RATE_EMAIL_PER_SECOND=50, RATE_WEBHOOK_PER_SECOND=100), the full list
 * again: one warm-up and BENCH_CALLOUT_DEFAULT_RATE_REPS runs.
 *
 * Env: BENCH_CALLOUT_REPS=20 BENCH_CALLOUT_FULL_REPS=5 BENCH_CALLOUT_WARMUP=2
 *      BENCH_CALLOUT_DEFAULT_RATE_REPS=2 BENCH_CALLOUT_BACKENDS=postgres,redis
 *      BENCH_REDIS_URL=redis://127.0.0.1:6379
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  ACTORS,
  type BaselineTrigger,
  type CalloutServerReply,
  type CalloutServerRequest,
  CONTACTS_PER_ACTOR,
  type EscalateResult,
  expectedMessages,
  type SetupResult,
} from './lib/callout.ts';
import { type Arrival, type Phase, phaseArrivals, phaseStray, startSinks } from './lib/callout-sinks.ts';
import { envInt } from './lib/env.ts';
import { http } from './lib/http.ts';
import { createBenchDb, dropBenchDb, login, postgresVersion } from './lib/platform.ts';
import { allProcessTicks, type CoreTicks, coreTicks, cpuTicks } from './lib/procfs.ts';
import { freePort, probe, type Spawned, sleep, spawnPinned, stop, waitForHttp } from './lib/procs.ts';
import { MiniRedis } from './lib/redis.ts';
import { mean, median, percentile } from './lib/stats.ts';

const SERVER_CPU = 0;
const RUNNER_CPU = 1;
/** "Every contact reached in under 2 s on loopback." */
const TARGET_MS = 2000;
/** Send limits for the measured runs: high enough never to hold a message back (the defaults are 50 and 100 per second). */
const HIGH_RATE = 100_000;
/** The platform's default acknowledgement timeout (ACK_TIMEOUT_SECONDS), left as it is. */
const ACK_TIMEOUT_S = 300;
const PHASE_TIMEOUT_MS = 30_000;
const PASSWORD = 'bench-pass';
const COORDINATOR = 'rsib@samverkan.test';

type Scenario = 'activation' | 'deactivation' | 'full';
type InstanceId = 'baseline' | 'postgres' | 'redis' | 'postgres-defaults' | 'redis-defaults';
type Backend = 'postgres' | 'redis';

interface Instance {
  id: InstanceId;
  /** The label in the contacts' addresses, so the sinks know whose message it is. */
  label: string;
  backend?: Backend;
  rates: 'high' | 'default';
  proc: Spawned;
  url: string;
  headers: Record<string, string>;
  /** The platform's database (outbox polling, checks). */
  pool?: pg.Pool;
}

interface CpuPoint {
  /** The server's own CPU (µs), from the probe. */
  serverUs: number;
  /** Ticks (10 ms) of every `postgres` process, by pid. */
  pg: Map<number, number>;
  /** The PostgreSQL backends connected to the instance's database (not the runner's own), from pg_stat_activity. */
  dbBackends: Set<number>;
  redisTicks: number;
  runnerUs: number;
  core0: CoreTicks;
  core1: CoreTicks;
  wall: number;
}

export interface CalloutRun {
  instance: InstanceId;
  scenario: Scenario;
  round: number;
  warmup: boolean;
  expected: number;
  delivered: number;
  duplicates: number;
  stray: number;
  /** Milliseconds from sending the trigger: its HTTP answer, the first and the last message at the sinks. */
  responseMs: number;
  firstMs: number;
  lastMs: number;
  /** Every arrival (ms after the trigger), by channel and contact step. */
  arrivals: Array<{ ms: number; channel: string; step: number }>;
  /** Full runs: when step k's outbox rows were on the queue, and when escalation k had committed. */
  marks: Record<string, number>;
  serverCpuMs: number;
  /** CPU of the PostgreSQL backends serving the instance's database. */
  pgCpuMs: number;
  /** CPU of every PostgreSQL process (the instance's backends, the WAL writer, other databases' backends…). */
  pgAllCpuMs: number;
  redisCpuMs: number;
  /** Share of one core used by this runner (sinks, HTTP client) from the trigger until the server was idle again. */
  runnerCpu: number;
  /** CPU busy on core 0 / core 1 not accounted for by the server / the runner, as a share of the core. */
  otherCore0: number;
  otherCore1: number;
}

export interface CalloutOptions {
  root: string;
  outDir: string;
  log: (...a: unknown[]) => void;
  /** Registers a spawned process with the caller, which stops it on Ctrl-C. */
  track: (p: Spawned) => Spawned;
}

const REPS = envInt('BENCH_CALLOUT_REPS', 20);
const FULL_REPS = envInt('BENCH_CALLOUT_FULL_REPS', 5, 0);
const WARMUP = envInt('BENCH_CALLOUT_WARMUP', 2, 0);
const DEFAULT_RATE_REPS = envInt('BENCH_CALLOUT_DEFAULT_RATE_REPS', 2, 0);
const BACKENDS: Backend[] = (process.env.BENCH_CALLOUT_BACKENDS ?? 'postgres,redis').split(',').map((s) => {
  const b = s.trim();
  if (b !== 'postgres' && b !== 'redis') throw new Error(`BENCH_CALLOUT_BACKENDS: unknown backend ${s}`);
  return b;
});
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

// State kept for the Ctrl-C clean-up.
const databases: string[] = [];
let redisPrefix: string | undefined;
const started: Spawned[] = [];

/** Stops what this part started and drops its databases and Redis keys (also on Ctrl-C). */
export async function calloutCleanup(): Promise<void> {
  await Promise.all(started.map((p) => stop(p, 5000)));
  for (const db of databases.splice(0)) await dropBenchDb(db).catch(() => undefined);
  if (redisPrefix) {
    const prefix = redisPrefix;
    redisPrefix = undefined;
    const r = await MiniRedis.open(REDIS_URL).catch(() => undefined);
    if (r) {
      await r.deletePrefix(`${prefix}:`).catch(() => undefined);
      r.close();
    }
  }
}

export async function runCalloutBench(opts: CalloutOptions): Promise<string> {
  const { root, outDir, log } = opts;
  const t0Bench = Date.now();
  const stamp = `${process.pid}_${Date.now()}`;
  redisPrefix = `benchco${stamp}`;
  const webhookSecret = randomBytes(24).toString('hex');
  const ackSecret = randomBytes(24).toString('hex');
  const nodeArgs = (script: string) => [
    '--expose-gc',
    '--import',
    'tsx',
    '--import',
    path.join(root, 'bench/lib/probe.ts'),
    script,
  ];
  const track = (p: Spawned) => {
    started.push(p);
    return opts.track(p);
  };

  log(
    `call-out: ${ACTORS.length} actors × ${CONTACTS_PER_ACTOR} contacts × 2 channels; backends ${BACKENDS.join(', ')}; ` +
      `${WARMUP} warm-up + ${REPS} activation rounds (${FULL_REPS} with the full list), ${DEFAULT_RATE_REPS} full-list rounds at the default send limits`,
  );
  const sinks = await startSinks();
  log(`sinks: SMTP ${sinks.smtpUrl}, webhooks ${sinks.hookBase} (in the runner, CPU ${RUNNER_CPU})`);
  const runs: CalloutRun[] = [];
  const checks: Record<string, unknown> = {};
  const floors: Record<string, { p50: number; p99: number }> = {};
  let redisVersion = '?';

  const instances: Instance[] = [];
  try {
    // --- the baseline
    const basePort = await freePort();
    const base = track(
      spawnPinned({
        name: 'callout-baseline',
        cpu: SERVER_CPU,
        cwd: root,
        nodeArgs: nodeArgs('bench/servers/callout-baseline.ts'),
        env: {
          PORT: String(basePort),
          LABEL: 'base',
          SMTP_URL: sinks.smtpUrl,
          HOOK_BASE: sinks.hookBase,
          WEBHOOK_SECRET: webhookSecret,
          ACK_SECRET: ackSecret,
          PUBLIC_URL: 'http://127.0.0.1:1',
        },
        logFile: path.join(outDir, `callout-baseline-${basePort}.log`),
      }),
    );
    await waitForHttp(base, `http://127.0.0.1:${basePort}/health`, 60_000);
    instances.push({
      id: 'baseline',
      label: 'base',
      rates: 'high',
      proc: base,
      url: `http://127.0.0.1:${basePort}`,
      headers: {},
    });

    // --- one platform per backend, each on a fresh database
    const dbUrls: Partial<Record<Backend, string>> = {};
    for (const backend of BACKENDS) {
      const dbName = `samverkan_bench_callout_${backend}_${stamp}`;
      dbUrls[backend] = await createBenchDb(dbName);
      databases.push(dbName);
      instances.push(await startPlatform(backend, 'high', dbUrls[backend] as string));
    }
    log(`PostgreSQL ${postgresVersion()}; databases ${databases.join(', ')}`);

    // --- round-trip floors, in this runner
    const platformPool = instances.find((i) => i.pool)?.pool;
    if (platformPool) floors['PostgreSQL SELECT 1'] = await roundTrips(() => platformPool.query('SELECT 1'));
    if (BACKENDS.includes('redis')) {
      const r = await MiniRedis.open(REDIS_URL);
      const info = String(await r.command('INFO', 'server'));
      redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
      floors['Redis PING'] = await roundTrips(() => r.command('PING'));
      r.close();
    }
    floors['HTTP GET to the baseline (node:http)'] = await roundTrips(() => http('GET', `${instances[0]?.url}/health`));
    log(
      `round trips (p50): ${Object.entries(floors)
        .map(([k, v]) => `${k} ${v.p50.toFixed(3)} ms`)
        .join(', ')}`,
    );

    // --- the measured rounds
    const rounds = WARMUP + REPS;
    for (let round = 0; round < rounds; round++) {
      const warmup = round < WARMUP;
      const n = warmup ? round - WARMUP : round - WARMUP + 1; // warm-ups −2, −1; measured 1…REPS
      for (const inst of instances) runs.push(...(await cycle(inst, 'activation', n, warmup)));
      if (round < WARMUP + FULL_REPS)
        for (const inst of instances) runs.push(...(await cycle(inst, 'full', n, warmup)));
    }

    // --- the same with the platform's default send limits (RATE_EMAIL_PER_SECOND=50, RATE_WEBHOOK_PER_SECOND=100)
    if (DEFAULT_RATE_REPS > 0) {
      for (const inst of instances.filter((i) => i.backend)) await stopPlatform(inst);
      const defaults: Instance[] = [];
      for (const backend of BACKENDS) defaults.push(await startPlatform(backend, 'default', dbUrls[backend] as string));
      instances.push(...defaults);
      // Only the full list: the 37 e-mails and 37 webhooks of one step fit in one second's allowance.
      for (let round = 0; round < 1 + DEFAULT_RATE_REPS; round++) {
        for (const inst of defaults) runs.push(...(await cycle(inst, 'full', round, round === 0)));
      }
    }

    // --- what the platforms recorded (one database per backend): every delivery row should be 'delivered'
    for (const inst of instances.filter((i) => i.pool)) {
      const { rows } = await (inst.pool as pg.Pool).query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM deliveries GROUP BY status ORDER BY status',
      );
      const outbox = await (inst.pool as pg.Pool).query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL',
      );
      // Where PostgreSQL read whole tables: the tables with the most rows read by sequential scans.
      const seq = await (inst.pool as pg.Pool).query<{
        t: string;
        seq_scan: number;
        seq_tup_read: string;
        rows: number;
      }>(
        `SELECT schemaname || '.' || relname AS t, seq_scan, seq_tup_read::text, n_live_tup::int AS rows
           FROM pg_stat_user_tables ORDER BY seq_tup_read DESC LIMIT 4`,
      );
      // The PostgreSQL queue keeps its jobs in bullmq.job (completed ones up to removeOnComplete's count).
      const jobs =
        inst.backend === 'postgres'
          ? (
              await (inst.pool as pg.Pool).query<{ queue: string; state: string; n: number }>(
                'SELECT queue, state::text, count(*)::int AS n FROM bullmq.job GROUP BY 1, 2 ORDER BY 1, 2',
              )
            ).rows.map((r) => `${r.queue} ${r.state}: ${r.n}`)
          : undefined;
      checks[`database of the ${inst.backend} platform`] = {
        deliveries: Object.fromEntries(rows.map((r) => [r.status, r.n])),
        outboxPending: outbox.rows[0]?.n,
        ...(jobs ? { queueJobs: jobs } : {}),
        seqScans: seq.rows.map((r) => `${r.t}: ${r.seq_scan} scans, ${r.seq_tup_read} rows read, ${r.rows} rows now`),
      };
    }
    checks['messages at the sinks outside any phase'] = sinks.unattributed.length;
  } finally {
    for (const inst of instances) await inst.pool?.end().catch(() => undefined);
    await calloutCleanup();
    await sinks.close();
  }

  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? '?',
    cpus: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    postgres: postgresVersion(),
    redis: redisVersion,
    versions: {
      fastify: pkgVersion(root, 'fastify'),
      bullmq: pkgVersion(root, 'bullmq'),
      nodemailer: pkgVersion(root, 'nodemailer'),
      'smtp-server': pkgVersion(root, 'smtp-server'),
      tsx: pkgVersion(root, 'tsx', root),
    },
    settings: { REPS, FULL_REPS, WARMUP, DEFAULT_RATE_REPS, BACKENDS, HIGH_RATE, ACK_TIMEOUT_S },
    loadAvgAtStart,
    durationS: Math.round((Date.now() - t0Bench) / 1000),
  };
  writeFileSync(path.join(outDir, 'callout-results.json'), JSON.stringify({ meta, floors, checks, runs }));
  const report = buildReport(meta, floors, checks, runs);
  writeFileSync(path.join(outDir, 'callout-report.md'), report);
  return report;

  // -------------------------------------------------------------------------

  async function startPlatform(backend: Backend, rates: 'high' | 'default', databaseUrl: string): Promise<Instance> {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const rate = rates === 'high' ? String(HIGH_RATE) : ''; // empty: unset, the defaults
    const id: InstanceId = rates === 'high' ? backend : `${backend}-defaults`;
    const proc = track(
      spawnPinned({
        name: `callout-platform-${id}`,
        cpu: SERVER_CPU,
        cwd: path.join(root, 'apps/server'),
        nodeArgs: nodeArgs(path.join(root, 'bench/servers/callout-platform.ts')),
        env: {
          DATABASE_URL: databaseUrl,
          QUEUE_DATABASE_URL: '',
          REDIS_URL: backend === 'redis' ? REDIS_URL : '',
          REDIS_PREFIX: redisPrefix as string,
          SEED_DEMO: 'true',
          DEMO_PASSWORD: PASSWORD,
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: publicUrl,
          LOG_LEVEL: 'warn',
          NODE_ENV: 'production',
          WEBHOOK_SECRET: webhookSecret,
          ACK_SECRET: ackSecret,
          DASHBOARD_DIR: '',
          SMTP_URL: sinks.smtpUrl,
          RATE_EMAIL_PER_SECOND: rate,
          RATE_WEBHOOK_PER_SECOND: rate,
          ACK_TIMEOUT_SECONDS: String(ACK_TIMEOUT_S),
          RUN_WORKERS: 'true',
        },
        logFile: path.join(outDir, `callout-platform-${id}-${port}.log`),
      }),
    );
    await waitForHttp(proc, `${publicUrl}/health/live`, 120_000);
    const cookie = await login(publicUrl, COORDINATOR, PASSWORD);
    const label = backend === 'postgres' ? 'pg' : 'redis';
    const inst: Instance = {
      id,
      label,
      backend,
      rates,
      proc,
      url: publicUrl,
      headers: { cookie, origin: publicUrl },
      pool: new pg.Pool({ connectionString: databaseUrl, max: 1, application_name: 'bench-callout' }),
    };
    const setup = await askServer<SetupResult>(inst, { cmd: 'setup', label, hookBase: sinks.hookBase });
    log(
      `platform ${id} (pid ${proc.pid}, queue on ${backend}) at ${publicUrl}; ${setup.contactsInserted} contacts inserted for ${setup.actors} actors`,
    );
    return inst;
  }

  async function stopPlatform(inst: Instance): Promise<void> {
    await inst.pool?.end().catch(() => undefined);
    inst.pool = undefined;
    await stop(inst.proc);
  }

  /** One measured call-out of `inst`, and for the platform what has to follow before the next one. */
  async function cycle(inst: Instance, scenario: 'activation' | 'full', round: number, warmup: boolean) {
    const out: CalloutRun[] = [];
    const title = `Bench ${scenario} ${inst.id} ${round}`;
    if (!inst.backend) {
      out.push(
        await measure(inst, scenario, round, warmup, async (t0, marks) => {
          const body: BaselineTrigger = {
            run: `b${scenario.slice(0, 1)}${round + 10}r${runs.length}`,
            title,
            steps: scenario === 'full' ? [1, 2, 3] : [1],
          };
          const res = await http('POST', `${inst.url}/trigger`, {}, body);
          marks.answer = performance.now() - t0;
          if (res.status !== 202) throw new Error(`baseline trigger: ${res.status} ${res.body}`);
        }),
      );
      return out;
    }
    const version = await modeVersion(inst, 'ordinary');
    let activation: Phase | undefined;
    const run = await measure(
      inst,
      scenario,
      round,
      warmup,
      async (t0, marks) => {
        const res = await http('POST', `${inst.url}/api/mode/activate`, inst.headers, {
          title,
          reason: 'Benchmark of the call-out',
          expectedVersion: version,
        });
        marks.answer = performance.now() - t0;
        if (res.status !== 200) throw new Error(`activate: ${res.status} ${res.body}`);
        if (scenario !== 'full') return;
        // Escalate twice, each time as soon as the previous step's outbox rows are on the queue (an
        // escalation before that would move the step on under the relay's feet and skip a contact).
        for (let k = 1; k <= 2; k++) {
          await outboxDrained(inst);
          marks[`relayed${k}`] = performance.now() - t0;
          const at = Date.now() + k * (ACK_TIMEOUT_S + 60) * 1000;
          const r = await askServer<EscalateResult>(inst, { cmd: 'escalate', at });
          marks[`escalated${k}`] = performance.now() - t0;
          if (r.escalated !== ACTORS.length) throw new Error(`escalation ${k}: ${JSON.stringify(r)}`);
        }
      },
      (p) => {
        activation = p;
      },
    );
    out.push(run);
    await acknowledgeAll(inst, activation as Phase);
    const v2 = await modeVersion(inst, 'activated');
    const deactivation = await measure(
      inst,
      'deactivation',
      round,
      warmup || scenario === 'full',
      async (t0, marks) => {
        const res = await http('POST', `${inst.url}/api/mode/deactivate`, inst.headers, {
          reason: 'Benchmark over',
          expectedVersion: v2,
        });
        marks.answer = performance.now() - t0;
        if (res.status !== 200) throw new Error(`deactivate: ${res.status} ${res.body}`);
      },
    );
    // A deactivation after a full run is not counted: it follows a different history (more rows).
    if (scenario === 'activation') out.push(deactivation);
    return out;
  }

  /**
   * Times one call-out: from just before the trigger to the last expected
   * message at the sinks; CPU from just before the trigger until the server
   * is idle again (so the work that follows the last send, recording it, is
   * counted too).
   */
  async function measure(
    inst: Instance,
    scenario: Scenario,
    round: number,
    warmup: boolean,
    trigger: (t0: number, marks: Record<string, number>) => Promise<void>,
    keep?: (p: Phase) => void,
  ): Promise<CalloutRun> {
    await waitIdle(inst.proc.pid);
    const steps = scenario === 'full' ? [1, 2, 3] : [1];
    const phase = sinks.expect(inst.label, expectedMessages(steps));
    const before = await cpuPoint(inst);
    const marks: Record<string, number> = {};
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await trigger(t0, marks);
      await Promise.race([
        phase.done,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, PHASE_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    await waitIdle(inst.proc.pid);
    const after = await cpuPoint(inst);
    sinks.end();
    keep?.(phase);
    const arrivals: Arrival[] = phaseArrivals(phase);
    const rel = arrivals.map((a) => ({ ms: a.t - t0, channel: a.channel, step: a.step })).sort((a, b) => a.ms - b.ms);
    const d = (f: (c: CpuPoint) => number) => f(after) - f(before);
    // Per process, so one that ended meanwhile takes nothing away; one that started counts whole.
    const pgDelta = (pids: Iterable<number>) => {
      let ticks = 0;
      for (const pid of pids) ticks += Math.max(0, (after.pg.get(pid) ?? 0) - (before.pg.get(pid) ?? 0));
      return ticks * 10;
    };
    const wallMs = after.wall - before.wall;
    const run: CalloutRun = {
      instance: inst.id,
      scenario,
      round,
      warmup,
      expected: phase.expected.size,
      delivered: arrivals.length,
      duplicates: phase.duplicates,
      stray: phaseStray(phase),
      responseMs: marks.answer ?? Number.NaN,
      firstMs: rel[0]?.ms ?? Number.NaN,
      lastMs: arrivals.length === phase.expected.size ? (rel.at(-1)?.ms ?? Number.NaN) : Number.POSITIVE_INFINITY,
      arrivals: rel.map((a) => ({ ms: Math.round(a.ms * 1000) / 1000, channel: a.channel, step: a.step })),
      marks,
      serverCpuMs: d((c) => c.serverUs) / 1000,
      pgCpuMs: pgDelta(new Set([...before.dbBackends, ...after.dbBackends])),
      pgAllCpuMs: pgDelta(after.pg.keys()),
      redisCpuMs: d((c) => c.redisTicks) * 10,
      runnerCpu: d((c) => c.runnerUs) / 1000 / wallMs,
      otherCore0: Math.max(
        0,
        (d((c) => c.core0.busy) - d((c) => c.serverUs) / 10_000) /
          Math.max(
            1,
            d((c) => c.core0.total),
          ),
      ),
      otherCore1: Math.max(
        0,
        (d((c) => c.core1.busy) - d((c) => c.runnerUs) / 10_000) /
          Math.max(
            1,
            d((c) => c.core1.total),
          ),
      ),
    };
    const lost = run.expected - run.delivered;
    log(
      `  ${inst.id.padEnd(17)} ${scenario.padEnd(12)} ${warmup ? 'warm-up' : `#${round}`.padEnd(7)} ` +
        `${run.delivered}/${run.expected} last ${fmt(run.lastMs)} ms (first ${fmt(run.firstMs)}, answer ${fmt(run.responseMs)})` +
        `${marks.escalated1 !== undefined ? ` escalated at ${fmt(marks.escalated1 ?? Number.NaN)} / ${fmt(marks.escalated2 ?? Number.NaN)}` : ''}` +
        `; CPU ms: server ${run.serverCpuMs.toFixed(0)}, postgres ${run.pgCpuMs} (all ${run.pgAllCpuMs}), redis ${run.redisCpuMs}` +
        `${lost ? `, ${lost} LOST` : ''}${run.duplicates ? `, ${run.duplicates} duplicates` : ''}${run.stray ? `, ${run.stray} stray` : ''}`,
    );
    if (lost > 0) log(`${inst.proc.name} log tail:\n${inst.proc.tail()}`);
    return run;
  }

  async function cpuPoint(inst: Instance): Promise<CpuPoint> {
    const dbBackends = new Set<number>();
    if (inst.pool) {
      const { rows } = await inst.pool.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'bench-callout'",
      );
      for (const r of rows) dbBackends.add(r.pid);
    }
    const p = await probe(inst.proc, false);
    const pgTicks = new Map<number, number>();
    let redisTicks = 0;
    for (const [pid, { name, ticks }] of allProcessTicks()) {
      if (name === 'postgres') pgTicks.set(pid, ticks);
      else if (name === 'redis-server') redisTicks += ticks;
    }
    const r = process.cpuUsage();
    return {
      serverUs: p.cpuUserUs + p.cpuSystemUs,
      pg: pgTicks,
      dbBackends,
      redisTicks,
      runnerUs: r.user + r.system,
      core0: coreTicks(SERVER_CPU),
      core1: coreTicks(RUNNER_CPU),
      wall: performance.now(),
    };
  }

  /** Every actor acknowledges through the personal link its first contact got (as a person would click it). */
  async function acknowledgeAll(inst: Instance, p: Phase): Promise<void> {
    const links = new Map<string, string>();
    for (const a of phaseArrivals(p)) if (a.step === 1 && a.ackUrl) links.set(a.actorId, a.ackUrl);
    if (links.size !== ACTORS.length)
      throw new Error(`${inst.id}: ${links.size} acknowledgement links, not ${ACTORS.length}`);
    const queue = [...links.values()];
    const worker = async () => {
      for (let link = queue.shift(); link; link = queue.shift()) {
        const res = await fetch(link.replace(/^https?:\/\/[^/]+/, inst.url), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: inst.url },
          body: 'comment=',
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`acknowledgement: HTTP ${res.status}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }
}

// ---------------------------------------------------------------------------
// Helpers

const loadAvgAtStart = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');

let ipcId = 0;
type ServerCommand = { cmd: 'setup'; label: string; hookBase: string } | { cmd: 'escalate'; at: number };
function askServer<T>(inst: Instance, cmd: ServerCommand, timeoutMs = 30_000): Promise<T> {
  const id = ++ipcId;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      inst.proc.child.off('message', onMessage);
      reject(new Error(`${inst.proc.name}: no answer to ${cmd.cmd}`));
    }, timeoutMs);
    const onMessage = (raw: unknown) => {
      const m = raw as CalloutServerReply;
      if (m?.id !== id || !('ok' in m)) return;
      clearTimeout(timer);
      inst.proc.child.off('message', onMessage);
      if (m.ok) resolve(m.result as T);
      else reject(new Error(`${inst.proc.name}: ${m.error}`));
    };
    inst.proc.child.on('message', onMessage);
    inst.proc.child.send({ ...cmd, id } satisfies CalloutServerRequest);
  });
}

async function modeVersion(inst: Instance, expect: 'ordinary' | 'activated'): Promise<number> {
  const res = await http('GET', `${inst.url}/api/mode`, inst.headers);
  if (res.status !== 200) throw new Error(`GET /api/mode: ${res.status} ${res.body}`);
  const m = JSON.parse(res.body) as { mode: string; version: number };
  if (m.mode !== expect) throw new Error(`${inst.id}: mode is ${m.mode}, expected ${expect}`);
  return m.version;
}

/** Polls (every 2 ms) until no outbox row waits for the relay. */
async function outboxDrained(inst: Instance, timeoutMs = 10_000): Promise<void> {
  const pool = inst.pool as pg.Pool;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL');
    if (rows[0]?.n === 0) return;
    if (performance.now() > deadline) throw new Error(`${inst.id}: outbox not relayed within ${timeoutMs} ms`);
    await sleep(2);
  }
}

/** Waits until a process uses (almost) no CPU: at most one 10 ms tick in 150 ms. */
async function waitIdle(pid: number, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const t0 = cpuTicks(pid);
    await sleep(150);
    if (cpuTicks(pid) - t0 <= 1) return;
  }
}

async function roundTrips(fn: () => Promise<unknown>, n = 300): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 50; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function pkgVersion(root: string, name: string, from = path.join(root, 'apps/server')): string {
  try {
    return (
      JSON.parse(readFileSync(path.join(from, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return '?';
  }
}

const fmt = (ms: number) =>
  !Number.isFinite(ms) ? (ms > 0 ? '∞' : '—') : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

// ---------------------------------------------------------------------------
// Report

const LABEL: Record<InstanceId, string> = {
  baseline: 'baseline: channel adapters, no queue',
  postgres: 'platform, queue on PostgreSQL',
  redis: 'platform, queue on Redis',
  'postgres-defaults': 'platform, PostgreSQL, default send limits',
  'redis-defaults': 'platform, Redis, default send limits',
};
const SCENARIO: Record<Scenario, string> = {
  activation: 'activation: 1st contact × 37 actors × 2 channels',
  deactivation: 'deactivation: 1st contact × 37 × 2',
  full: 'full list: activation + 2 forced escalations, 3 contacts × 37 × 2',
};

interface Agg {
  runs: number;
  expected: number;
  delivered: number;
  duplicates: number;
  stray: number;
  last: number[];
  lastP50: number;
  lastP99: number;
  lastMax: number;
  firstP50: number;
  responseP50: number;
  /** Per message: ms from the trigger, merged over runs. */
  msgP50: number;
  msgP99: number;
  /** Mean over runs of messages ÷ time to the last. */
  rate: number;
  underTarget: number;
  serverCpuMs: number;
  pgCpuMs: number;
  pgAllCpuMs: number;
  redisCpuMs: number;
  runnerCpuMax: number;
  otherCore0: number;
  otherCore1: number;
}

function aggregate(rs: CalloutRun[]): Agg | undefined {
  if (rs.length === 0) return undefined;
  const last = rs.map((r) => r.lastMs);
  const sorted = [...last].sort((a, b) => a - b);
  const msgs = rs.flatMap((r) => r.arrivals.map((a) => a.ms)).sort((a, b) => a - b);
  return {
    runs: rs.length,
    expected: rs.reduce((s, r) => s + r.expected, 0),
    delivered: rs.reduce((s, r) => s + r.delivered, 0),
    duplicates: rs.reduce((s, r) => s + r.duplicates, 0),
    stray: rs.reduce((s, r) => s + r.stray, 0),
    last,
    lastP50: percentile(sorted, 50),
    lastP99: percentile(sorted, 99),
    lastMax: sorted.at(-1) ?? Number.NaN,
    firstP50: median(rs.map((r) => r.firstMs)),
    responseP50: median(rs.map((r) => r.responseMs)),
    msgP50: percentile(msgs, 50),
    msgP99: percentile(msgs, 99),
    rate: mean(rs.map((r) => r.expected / (r.lastMs / 1000))),
    underTarget: rs.filter((r) => r.lastMs < TARGET_MS).length,
    serverCpuMs: median(rs.map((r) => r.serverCpuMs)),
    pgCpuMs: median(rs.map((r) => r.pgCpuMs)),
    pgAllCpuMs: median(rs.map((r) => r.pgAllCpuMs)),
    redisCpuMs: median(rs.map((r) => r.redisCpuMs)),
    runnerCpuMax: Math.max(...rs.map((r) => r.runnerCpu)),
    otherCore0: mean(rs.map((r) => r.otherCore0)),
    otherCore1: mean(rs.map((r) => r.otherCore1)),
  };
}

function buildReport(
  meta: {
    date: string;
    node: string;
    cpu: string;
    cpus: number;
    memGiB: number;
    kernel: string;
    postgres: string;
    redis: string;
    versions: Record<string, string>;
    loadAvgAtStart: string;
    durationS: number;
  },
  floors: Record<string, { p50: number; p99: number }>,
  checks: Record<string, unknown>,
  runs: CalloutRun[],
): string {
  const out: string[] = [];
  out.push(`### Call-out run of ${meta.date}`, '');
  out.push(
    `Node ${meta.node}; ${meta.cpu}, ${meta.cpus} CPUs, ${meta.memGiB} GiB; kernel ${meta.kernel}; PostgreSQL ${meta.postgres}; Redis ${meta.redis}. ` +
      Object.entries(meta.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      `. ${WARMUP} warm-up + ${REPS} rounds (full list in the first ${FULL_REPS}), ${DEFAULT_RATE_REPS} full-list rounds at the default send limits; ` +
      `RATE_EMAIL_PER_SECOND = RATE_WEBHOOK_PER_SECOND = ${HIGH_RATE} except where marked; load average at the start ${meta.loadAvgAtStart}; ${meta.durationS} s.`,
    '',
  );
  const measured = runs.filter((r) => !r.warmup);
  const ids = [...new Set(measured.map((r) => r.instance))];
  const aggs = new Map<string, Agg>();
  for (const s of ['activation', 'deactivation', 'full'] as const) {
    for (const id of ids) {
      const a = aggregate(measured.filter((r) => r.scenario === s && r.instance === id));
      if (a) aggs.set(`${s}/${id}`, a);
    }
  }

  out.push(
    '#### Time from the trigger to the last message at the sinks (ms), and deliveries per second',
    '',
    `p99 is by nearest rank over the runs: with 20 runs or fewer it is the slowest run. "rate" is the mean over runs of messages ÷ time to the last. Target: every message in under ${TARGET_MS} ms.`,
    '',
  );
  out.push(
    '| scenario | variant | runs | messages per run | delivered | last p50 | last p99 | last max | first (median) | API answer (median) | per message p50 / p99 | rate (msg/s) | runs under 2 s | × baseline (last p50 / p99 / rate) |',
  );
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [key, a] of aggs) {
    const [s, id] = key.split('/') as [Scenario, InstanceId];
    const b = aggs.get(`${s === 'deactivation' ? 'activation' : s}/baseline`);
    const vs =
      id !== 'baseline' && b
        ? `${ratio(a.lastP50, b.lastP50)} / ${ratio(a.lastP99, b.lastP99)} / ${ratio(a.rate, b.rate)}`
        : '';
    out.push(
      `| ${SCENARIO[s]} | ${LABEL[id]} | ${a.runs} | ${a.expected / a.runs} | ${((100 * a.delivered) / a.expected).toFixed(2)} %${a.duplicates ? `, ${a.duplicates} dup.` : ''}${a.stray ? `, ${a.stray} stray` : ''} | ${fmt(a.lastP50)} | ${fmt(a.lastP99)} | ${fmt(a.lastMax)} | ${fmt(a.firstP50)} | ${fmt(a.responseP50)} | ${fmt(a.msgP50)} / ${fmt(a.msgP99)} | ${a.rate.toFixed(0)} | ${a.underTarget}/${a.runs} | ${vs} |`,
    );
  }
  out.push('');

  const full = measured.filter((r) => r.scenario === 'full' && r.instance !== 'baseline');
  if (full.length) {
    out.push(
      '#### Full list: where the time goes (median over runs, ms after the activation request)',
      '',
      '| variant | step 1 last message | step 1 on the queue | escalation 1 committed | step 2 last message | step 2 on the queue | escalation 2 committed | step 3 last message |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const id of [...new Set(full.map((r) => r.instance))]) {
      const rs = full.filter((r) => r.instance === id);
      const stepLast = (s: number) =>
        median(rs.map((r) => Math.max(...r.arrivals.filter((a) => a.step === s).map((a) => a.ms))));
      const mark = (k: string) => median(rs.map((r) => r.marks[k] ?? Number.NaN));
      out.push(
        `| ${LABEL[id]} | ${fmt(stepLast(1))} | ${fmt(mark('relayed1'))} | ${fmt(mark('escalated1'))} | ${fmt(stepLast(2))} | ${fmt(mark('relayed2'))} | ${fmt(mark('escalated2'))} | ${fmt(stepLast(3))} |`,
      );
    }
    out.push('');
  }

  const drift: string[] = [];
  for (const [key] of aggs) {
    const [s, id] = key.split('/') as [Scenario, InstanceId];
    const rs = measured.filter((r) => r.scenario === s && r.instance === id);
    if (rs.length < 10) continue;
    const half = Math.floor(rs.length / 2);
    const a = rs.slice(0, half);
    const b = rs.slice(rs.length - half);
    const m = (xs: CalloutRun[], f: (r: CalloutRun) => number) => median(xs.map(f));
    drift.push(
      `| ${s} | ${LABEL[id]} | ${half} / ${half} | ${fmt(m(a, (r) => r.lastMs))} → ${fmt(m(b, (r) => r.lastMs))} | ${m(a, (r) => r.serverCpuMs).toFixed(0)} → ${m(b, (r) => r.serverCpuMs).toFixed(0)} | ${m(a, (r) => r.pgCpuMs).toFixed(0)} → ${m(b, (r) => r.pgCpuMs).toFixed(0)} |`,
    );
  }
  if (drift.length) {
    out.push(
      '#### First half of the runs against the second half (medians)',
      '',
      '| scenario | variant | runs | last message (ms) | server CPU (ms) | PostgreSQL CPU, the database (ms) |',
      '|---|---|---:|---:|---:|---:|',
      ...drift,
      '',
    );
  }

  out.push(
    '#### CPU per call-out (median over runs), from the trigger until the server is idle again',
    '',
    "| scenario | variant | server (ms) | server per message (µs) | PostgreSQL: the database's backends / all processes (ms) | Redis (ms) | runner incl. sinks (max share of a core) | other CPU on core 0 / 1 |",
    '|---|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const [key, a] of aggs) {
    const [s, id] = key.split('/') as [Scenario, InstanceId];
    out.push(
      `| ${s} | ${LABEL[id]} | ${a.serverCpuMs.toFixed(0)} | ${((a.serverCpuMs * 1000) / (a.expected / a.runs)).toFixed(0)} | ${a.pgCpuMs.toFixed(0)} / ${a.pgAllCpuMs.toFixed(0)} | ${a.redisCpuMs.toFixed(0)} | ${pct(a.runnerCpuMax)} | ${pct(a.otherCore0)} / ${pct(a.otherCore1)} |`,
    );
  }
  out.push('');

  out.push('#### Round trips measured in the same run (from the runner, 300 each after 50 warm-up)', '');
  out.push('| what | p50 (ms) | p99 (ms) |', '|---|---:|---:|');
  for (const [k, v] of Object.entries(floors)) out.push(`| ${k} | ${v.p50.toFixed(3)} | ${v.p99.toFixed(3)} |`);
  out.push('');
  out.push('#### Checks after the runs', '');
  for (const [k, v] of Object.entries(checks)) {
    if (Array.isArray(v) || typeof v !== 'object' || v === null) {
      out.push(`- ${k}: ${JSON.stringify(v)}`);
      continue;
    }
    out.push(`- ${k}:`);
    for (const [k2, v2] of Object.entries(v)) {
      if (Array.isArray(v2)) {
        out.push(`  - ${k2}:`);
        for (const line of v2) out.push(`    - ${String(line)}`);
      } else out.push(`  - ${k2}: ${JSON.stringify(v2)}`);
    }
  }
  out.push('');

  out.push('#### Every measured run', '');
  out.push(
    '| variant | scenario | round | delivered | answer | first | last | msg/s | server CPU (ms) | PostgreSQL CPU: database / all (ms) | Redis CPU (ms) |',
  );
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of measured) {
    out.push(
      `| ${r.instance} | ${r.scenario} | ${r.round} | ${r.delivered}/${r.expected} | ${fmt(r.responseMs)} | ${fmt(r.firstMs)} | ${fmt(r.lastMs)} | ${(r.expected / (r.lastMs / 1000)).toFixed(0)} | ${r.serverCpuMs.toFixed(0)} | ${r.pgCpuMs} / ${r.pgAllCpuMs} | ${r.redisCpuMs} |`,
    );
  }
  out.push('');
  return out.join('\n');
}
