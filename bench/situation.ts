/**
 * `pnpm bench situation`: the joint situation picture under load. See
 * docs/BENCHMARKS.md, scenario 3.
 *
 * Processes: the platform (apps/server, `taskset -c 0`) on a database of its
 * own, a bare `node:http` baseline (bench/servers/situation-baseline.ts, also
 * CPU 0) on the same database, and one load generator (bench/situation-gen.ts,
 * CPU 1) that holds every client and takes every timestamp. This runner (CPU 1)
 * seeds the database and reads query plans; PostgreSQL runs unpinned.
 *
 * Part A, history: the `reports` table is filled straight in the database
 * (INSERT … SELECT generate_series) to 100, 10,000 and 100,000 submitted rows,
 * BENCH_SITUATION_CURRENT_SHARE of them in the current period and the rest
 * spread over past weeks. At each size, interleaved in BENCH_SITUATION_REPS
 * rounds: GET /static (the platform's own answer as pre-built bytes), GET /sql
 * (the latest-per-actor query and its rows, raw) and the platform's
 * GET /api/situation, 40 sequential requests each per round, then 40 with 10
 * in flight; plus EXPLAIN (ANALYZE, BUFFERS) of the latest-per-actor query.
 *
 * Part B, live (on the 100,000-row history): 1,000 dashboards connected (the
 * fan-out bench's ws + Socket.IO shim clients, logged in as the coordinator);
 * the 37 actors' reports are posted by the coordinator for each actor
 * (actorId), (1) all 37 at one scheduled moment, BENCH_SITUATION_BURSTS
 * times, and (2) back to back per actor (37 in flight) for
 * BENCH_SITUATION_SUSTAIN_S seconds, BENCH_SITUATION_SUSTAIN_REPS times.
 * Measured: POST start → each dashboard has the `report:submitted` event;
 * and for 20 of the dashboards, which refetch GET /api/situation on each
 * event (one request in flight per dashboard, as the browser does), POST
 * start → a refetched situation that contains the report.
 *
 * Env: BENCH_SITUATION_SIZES=100,10000,100000 BENCH_SITUATION_CURRENT_SHARE=0.01
 *      BENCH_SITUATION_REPS=5 BENCH_SITUATION_DASHBOARDS=1000 BENCH_SITUATION_REFETCHERS=20
 *      BENCH_SITUATION_BURSTS=5 BENCH_SITUATION_SUSTAIN_S=5 BENCH_SITUATION_SUSTAIN_REPS=3
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { envInt, envList } from './lib/env.ts';
import { http } from './lib/http.ts';
import { createBenchDb, dropBenchDb, login, postgresVersion } from './lib/platform.ts';
import { allProcessTicks, cpuTicks } from './lib/procfs.ts';
import { freePort, probe, type Spawned, sleep, spawnPinned, stop, waitForHttp } from './lib/procs.ts';
import { LATEST_LATERAL, LATEST_SQL } from './lib/situation-sql.ts';
import { mean, type Summary, summarise } from './lib/stats.ts';
import type { GetsResult, SitGenReply, SitGenRequest, SubmitResult } from './situation-gen.ts';

const SERVER_CPU = 0;
const GEN_CPU = 1;
const PASSWORD = 'bench-pass';
const COORDINATOR = 'rsib@samverkan.test';

const SIZES = envList('BENCH_SITUATION_SIZES', [100, 10_000, 100_000]);
const SHARE = Number(process.env.BENCH_SITUATION_CURRENT_SHARE ?? '0.01');
/** When set: the first this many rows are in the current period and all later ones in past weeks (SHARE unused). */
const CURRENT_ROWS = envInt('BENCH_SITUATION_CURRENT_ROWS', 0, 0);
const REPS = envInt('BENCH_SITUATION_REPS', 5);
const PER_ROUND = 40;
const CONCURRENCY = 10;
const DASHBOARDS = envInt('BENCH_SITUATION_DASHBOARDS', 1000, 0);
const REFETCHERS = envInt('BENCH_SITUATION_REFETCHERS', 20, 0);
const BURSTS = envInt('BENCH_SITUATION_BURSTS', 5, 0);
const SUSTAIN_S = envInt('BENCH_SITUATION_SUSTAIN_S', 5);
const SUSTAIN_REPS = envInt('BENCH_SITUATION_SUSTAIN_REPS', 3, 0);
if (!(SHARE > 0 && SHARE <= 1)) throw new Error('BENCH_SITUATION_CURRENT_SHARE: expected a share in (0, 1]');

export interface SituationOptions {
  root: string;
  outDir: string;
  log: (...a: unknown[]) => void;
  track: (p: Spawned) => Spawned;
}

type GetVariant = 'static' | 'sql' | 'lateral' | 'platform';
const VARIANTS: GetVariant[] = ['static', 'sql', 'lateral', 'platform'];
interface GetRun {
  size: number;
  variant: GetVariant;
  round: number;
  concurrency: number;
  samples: number[];
  bytes: number;
  statuses: Record<string, number>;
  genCpu: number;
  /** Server CPU per request (µs), from the probe; the baseline's for static and sql. */
  serverUsPerRequest: number;
  /** CPU of all PostgreSQL processes per request (µs), from /proc ticks. */
  pgUsPerRequest: number;
}
interface LiveRun {
  mode: 'burst' | 'sustained';
  dashboards: number;
  round: number;
  warmup: boolean;
  result: SubmitResult;
  serverCpuMs: number;
}

const databases: string[] = [];
const started: Spawned[] = [];

export async function situationCleanup(): Promise<void> {
  await Promise.all(started.map((p) => stop(p, 5000)));
  for (const db of databases.splice(0)) await dropBenchDb(db).catch(() => undefined);
}

export async function runSituationBench(opts: SituationOptions): Promise<string> {
  const { root, outDir, log } = opts;
  const t0Bench = Date.now();
  const loadAvgAtStart = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
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
  const dbName = `samverkan_bench_situation_${process.pid}_${Date.now()}`;
  const getRuns: GetRun[] = [];
  const liveRuns: LiveRun[] = [];
  const plans: Record<string, string> = {};
  const layout: Record<number, { total: number; current: number; periods: number }> = {};
  let connectInfo: unknown = null;
  let period = '?';

  const databaseUrl = await createBenchDb(dbName);
  databases.push(dbName);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'bench-situation' });
  let gen: Spawned | undefined;
  try {
    // --- the platform, as run.ts starts it
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const platform = track(
      spawnPinned({
        name: 'situation-platform',
        cpu: SERVER_CPU,
        cwd: path.join(root, 'apps/server'),
        nodeArgs: nodeArgs('src/server.ts'),
        env: {
          DATABASE_URL: databaseUrl,
          SEED_DEMO: 'true',
          DEMO_PASSWORD: PASSWORD,
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: url,
          LOG_LEVEL: 'warn',
          NODE_ENV: 'production',
          WEBHOOK_SECRET: randomBytes(24).toString('hex'),
          ACK_SECRET: randomBytes(24).toString('hex'),
          DASHBOARD_DIR: '',
          REDIS_URL: '',
        },
        logFile: path.join(outDir, `situation-platform-${port}.log`),
      }),
    );
    await waitForHttp(platform, `${url}/health/live`, 120_000);
    const cookie = await login(url, COORDINATOR, PASSWORD);
    const headers = { cookie, origin: url };

    const basePort = await freePort();
    const baseUrl = `http://127.0.0.1:${basePort}`;
    const base = track(
      spawnPinned({
        name: 'situation-baseline',
        cpu: SERVER_CPU,
        cwd: root,
        nodeArgs: nodeArgs('bench/servers/situation-baseline.ts'),
        env: { PORT: String(basePort), DATABASE_URL: databaseUrl },
        logFile: path.join(outDir, `situation-baseline-${basePort}.log`),
      }),
    );
    await waitForHttp(base, `${baseUrl}/health`, 60_000);
    gen = track(
      spawnPinned({
        name: 'situation-gen',
        cpu: GEN_CPU,
        cwd: root,
        nodeArgs: ['--import', 'tsx', 'bench/situation-gen.ts'],
        logFile: path.join(outDir, 'situation-gen.log'),
      }),
    );
    const g = gen;
    let askId = 0;
    type Cmd = SitGenRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
    const ask = <T>(cmd: Cmd): Promise<T> => {
      const id = ++askId;
      return new Promise((resolve, reject) => {
        const onMessage = (raw: unknown) => {
          const m = raw as SitGenReply;
          if (m.id !== id) return;
          g.child.off('message', onMessage);
          if (m.ok) resolve(m.result as T);
          else reject(new Error(m.error));
        };
        g.child.on('message', onMessage);
        void g.exited.then((code) => reject(new Error(`generator exited (${code}):\n${g.tail()}`)));
        g.child.send({ ...cmd, id });
      });
    };
    const setStatic = (text: string) =>
      new Promise<void>((resolve) => {
        const onMessage = (raw: unknown) => {
          if ((raw as { staticSet?: number })?.staticSet !== 1) return;
          base.child.off('message', onMessage);
          resolve();
        };
        base.child.on('message', onMessage);
        base.child.send({ static: text, id: 1 });
      });

    const first = await http('GET', `${url}/api/situation`, headers);
    period = (JSON.parse(first.body) as { period: string }).period;
    const actorIds = (await pool.query<{ id: string }>('SELECT id FROM actors ORDER BY id')).rows.map((r) => r.id);
    const userId = (await pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [COORDINATOR])).rows[0]
      ?.id;
    if (!userId) throw new Error('no coordinator user');
    log(
      `situation: platform pid ${platform.pid} at ${url}, baseline pid ${base.pid}, generator pid ${g.pid}; ` +
        `database ${dbName} (PostgreSQL ${postgresVersion()}); ${actorIds.length} actors; current period ${period}`,
    );

    // --- Part A: history
    let seeded = 0;
    const every = Math.max(1, Math.round(1 / SHARE));
    for (const size of SIZES) {
      if (size > seeded) {
        const t = Date.now();
        // Row i: actor i mod 37; every `every`-th row (or the first CURRENT_ROWS) in the current period (the last hour),
        // the others in one of the past 520 weeks. `number` = i keeps (actor, period, number) unique.
        await pool.query(
          `INSERT INTO reports (actor_id, status, period, number, version, classification, body, reported_by, created_at, submitted_at)
           SELECT ($1::text[])[1 + i % cardinality($1::text[])], 'submitted',
                  CASE WHEN ($7 > 0 AND i <= $7) OR ($7 = 0 AND i % $4 = 0) THEN $5 ELSE to_char(now() - (1 + i % 520) * interval '1 week', 'IYYY-"W"IW') END,
                  i, CASE WHEN i < 37 THEN 'initial' ELSE 'update' END, 'internal',
                  jsonb_build_object('situation', 'Historik ' || i || ': elavbrott i delar av länet; reservkraft i drift.',
                    'sectors', jsonb_build_array(jsonb_build_object('sector', 'energi', 'impact', 'severe')), 'needs', '[]'::jsonb),
                  $6::uuid, ts, ts
             FROM generate_series($2::int, $3::int) AS i,
                  LATERAL (SELECT CASE WHEN ($7 > 0 AND i <= $7) OR ($7 = 0 AND i % $4 = 0) THEN now() - interval '1 hour' + i * interval '1 ms'
                                       ELSE now() - (1 + i % 520) * interval '1 week' END AS ts) AS x`,
          [actorIds, seeded + 1, size, every, period, userId, CURRENT_ROWS],
        );
        await pool.query('ANALYZE reports');
        seeded = size;
        log(`  seeded to ${size} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      const counts = (
        await pool.query<{ total: number; current: number; periods: number }>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE period = $1)::int AS current, count(DISTINCT period)::int AS periods
             FROM reports WHERE status = 'submitted'`,
          [period],
        )
      ).rows[0];
      if (counts) layout[size] = counts;
      for (const [name, q] of [
        ['platform', LATEST_SQL],
        ['lateral', LATEST_LATERAL],
      ] as const) {
        const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q}`, [
          period,
          new Date().toISOString(),
        ]);
        plans[`${size} ${name}`] = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      }
      const snap = await http('GET', `${url}/api/situation`, headers);
      await setStatic(snap.body);
      const targets: Record<GetVariant, { url: string; headers: Record<string, string>; proc: Spawned }> = {
        static: { url: `${baseUrl}/static`, headers: {}, proc: base },
        sql: { url: `${baseUrl}/sql?period=${encodeURIComponent(period)}`, headers: {}, proc: base },
        lateral: { url: `${baseUrl}/lateral?period=${encodeURIComponent(period)}`, headers: {}, proc: base },
        platform: { url: `${url}/api/situation`, headers, proc: platform },
      };
      for (const v of Object.values(targets)) await ask<GetsResult>({ cmd: 'gets', ...v, n: 50, concurrency: 1 });
      for (let round = 1; round <= REPS; round++) {
        for (const concurrency of [1, CONCURRENCY]) {
          for (const variant of VARIANTS) {
            const tg = targets[variant];
            await waitIdle(tg.proc.pid);
            const p0 = await probe(tg.proc, false);
            const pg0 = pgTicks();
            const r = await ask<GetsResult>({
              cmd: 'gets',
              url: tg.url,
              headers: tg.headers,
              n: PER_ROUND,
              concurrency,
            });
            const p1 = await probe(tg.proc, false);
            const pg1 = pgTicks();
            getRuns.push({
              size,
              variant,
              round,
              concurrency,
              samples: r.samples,
              bytes: r.bytes,
              statuses: r.statuses,
              genCpu: r.genCpu,
              serverUsPerRequest: (p1.cpuUserUs + p1.cpuSystemUs - p0.cpuUserUs - p0.cpuSystemUs) / PER_ROUND,
              pgUsPerRequest: (pgDelta(pg0, pg1) * 10_000) / PER_ROUND,
            });
          }
        }
      }
      const s = (v: GetVariant) =>
        summarise(
          getRuns.filter((x) => x.size === size && x.variant === v && x.concurrency === 1).flatMap((x) => x.samples),
        );
      log(
        `  ${size} rows (${layout[size]?.current} in ${period}): p50 static ${fmt(s('static').p50)} ms, sql ${fmt(s('sql').p50)} ms, platform ${fmt(s('platform').p50)} ms`,
      );
    }

    // --- Part B: live
    if (DASHBOARDS > 0) {
      const live = async (mode: 'burst' | 'sustained', round: number, warmup: boolean, dashboards: number) => {
        await waitIdle(platform.pid);
        const c0 = await probe(platform, false);
        const result = await ask<SubmitResult>({
          cmd: 'submit',
          url,
          headers,
          actorIds,
          mode,
          durationMs: SUSTAIN_S * 1000,
          settleMs: 30_000,
        });
        const c1 = await probe(platform, false);
        liveRuns.push({
          mode,
          dashboards,
          round,
          warmup,
          result,
          serverCpuMs: (c1.cpuUserUs + c1.cpuSystemUs - c0.cpuUserUs - c0.cpuSystemUs) / 1000,
        });
        const d = summarise(result.deliveries);
        const acc = result.posts.filter((p) => p.reportId).length;
        log(
          `  ${dashboards} dashboards, ${mode} ${warmup ? 'warm-up' : `#${round}`}: ${acc}/${result.posts.length} accepted in ${fmt(result.wallMs)} ms; ` +
            `delivered ${result.delivered}/${result.expected}, p50 ${fmt(d.p50)} p99 ${fmt(d.p99)} max ${fmt(d.max)} ms; ` +
            `visible after refetch ${result.visible.length}/${result.visibleExpected}; gen CPU ${(result.genCpu * 100).toFixed(0)} %`,
        );
      };
      // The write path alone (no dashboard connected): the in-run baseline for reports per second.
      await live('burst', 0, true, 0);
      for (let r = 1; r <= BURSTS; r++) await live('burst', r, false, 0);
      for (let r = 1; r <= SUSTAIN_REPS; r++) await live('sustained', r, false, 0);
      await waitIdle(platform.pid);
      connectInfo = await ask({ cmd: 'connect', url, n: DASHBOARDS, headers, refetchers: REFETCHERS });
      log(`  dashboards: ${JSON.stringify(connectInfo)}`);
      await waitIdle(platform.pid);
      await live('burst', 0, true, DASHBOARDS);
      for (let r = 1; r <= BURSTS; r++) await live('burst', r, false, DASHBOARDS);
      for (let r = 1; r <= SUSTAIN_REPS; r++) await live('sustained', r, false, DASHBOARDS);
      await ask({ cmd: 'disconnect' });
    }
    await ask({ cmd: 'exit' }).catch(() => undefined);
  } finally {
    await pool.end().catch(() => undefined);
    await situationCleanup();
  }

  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? '?',
    cpus: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    postgres: postgresVersion(),
    versions: { fastify: pkgVersion(root, 'fastify'), 'socket.io': pkgVersion(root, 'socket.io') },
    settings: {
      SIZES,
      SHARE,
      CURRENT_ROWS,
      REPS,
      PER_ROUND,
      CONCURRENCY,
      DASHBOARDS,
      REFETCHERS,
      BURSTS,
      SUSTAIN_S,
      SUSTAIN_REPS,
    },
    period,
    loadAvgAtStart,
    durationS: Math.round((Date.now() - t0Bench) / 1000),
  };
  writeFileSync(
    path.join(outDir, 'situation-results.json'),
    JSON.stringify({ meta, layout, plans, connectInfo, getRuns, liveRuns }),
  );
  const report = buildReport(meta, layout, plans, getRuns, liveRuns);
  writeFileSync(path.join(outDir, 'situation-report.md'), report);
  return report;
}

// ---------------------------------------------------------------------------

/** Ticks (10 ms) of every `postgres` process: the platform's and the baseline's backends, and the rest. */
function pgTicks(): Map<number, number> {
  const m = new Map<number, number>();
  for (const [pid, { name, ticks }] of allProcessTicks()) if (name === 'postgres') m.set(pid, ticks);
  return m;
}
/** Per process, so a backend that ended meanwhile takes nothing away; one that started counts whole. */
function pgDelta(a: Map<number, number>, b: Map<number, number>): number {
  let t = 0;
  for (const [pid, ticks] of b) t += Math.max(0, ticks - (a.get(pid) ?? 0));
  return t;
}

async function waitIdle(pid: number, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const t0 = cpuTicks(pid);
    await sleep(150);
    if (cpuTicks(pid) - t0 <= 1) return;
  }
}

function pkgVersion(root: string, name: string): string {
  try {
    return (
      JSON.parse(readFileSync(path.join(root, 'apps/server/node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

const fmt = (ms: number) =>
  !Number.isFinite(ms) ? '—' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');

function buildReport(
  meta: Record<string, unknown> & { settings: Record<string, unknown>; versions: Record<string, string> },
  layout: Record<number, { total: number; current: number; periods: number }>,
  plans: Record<string, string>,
  getRuns: GetRun[],
  liveRuns: LiveRun[],
): string {
  const out: string[] = [];
  out.push(`### Run of ${meta.date}`, '');
  out.push(
    `Node ${meta.node}; ${meta.cpu}, ${meta.cpus} CPUs, ${meta.memGiB} GiB; kernel ${meta.kernel}; PostgreSQL ${meta.postgres}; ` +
      `${Object.entries(meta.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}. Settings ${JSON.stringify(meta.settings)}; current period ${meta.period}; load average at the start ${meta.loadAvgAtStart}; ${meta.durationS} s in all.`,
    '',
  );
  out.push('#### GET /api/situation as history grows (ms, merged over all rounds)', '');
  out.push(
    '| stored reports | in current period | periods | in flight | variant | requests | non-200 | bytes | p50 | p99 | max | server CPU µs/req | PostgreSQL CPU µs/req | gen. CPU |',
  );
  out.push('|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const agg = new Map<string, { s: Summary; cpu: number; pgCpu: number }>();
  for (const size of Object.keys(layout).map(Number)) {
    for (const concurrency of [1, CONCURRENCY]) {
      for (const variant of VARIANTS) {
        const rs = getRuns.filter((r) => r.size === size && r.variant === variant && r.concurrency === concurrency);
        if (rs.length === 0) continue;
        const s = summarise(rs.flatMap((r) => r.samples));
        const cpu = mean(rs.map((r) => r.serverUsPerRequest));
        const pgCpu = mean(rs.map((r) => r.pgUsPerRequest));
        agg.set(`${size}/${concurrency}/${variant}`, { s, cpu, pgCpu });
        const bad = rs.reduce(
          (n, r) => n + Object.entries(r.statuses).reduce((m, [k, c]) => m + (k === '200' ? 0 : c), 0),
          0,
        );
        const l = layout[size];
        out.push(
          `| ${size} | ${l?.current} | ${l?.periods} | ${concurrency} | ${variant} | ${s.count} | ${bad} | ${rs[0]?.bytes} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${cpu.toFixed(0)} | ${pgCpu.toFixed(0)} | ${(mean(rs.map((r) => r.genCpu)) * 100).toFixed(0)} % |`,
        );
      }
    }
  }
  out.push('');
  const sizes = Object.keys(layout).map(Number);
  const lo = sizes[0];
  const hi = sizes.at(-1);
  out.push('#### Ratios (same run)', '');
  out.push(
    '| stored reports | in flight | platform ÷ static p50 | platform ÷ static p99 | platform ÷ sql p50 | sql ÷ static p50 |',
  );
  out.push('|---:|---:|---:|---:|---:|---:|');
  for (const size of sizes) {
    for (const c of [1, CONCURRENCY]) {
      const P = agg.get(`${size}/${c}/platform`);
      const S = agg.get(`${size}/${c}/static`);
      const Q = agg.get(`${size}/${c}/sql`);
      if (!P || !S || !Q) continue;
      out.push(
        `| ${size} | ${c} | ${ratio(P.s.p50, S.s.p50)} | ${ratio(P.s.p99, S.s.p99)} | ${ratio(P.s.p50, Q.s.p50)} | ${ratio(Q.s.p50, S.s.p50)} |`,
      );
    }
  }
  out.push('');
  if (lo !== undefined && hi !== undefined && lo !== hi) {
    out.push(`Growth from ${lo} to ${hi} stored reports (${hi} ÷ ${lo}):`, '');
    out.push('| in flight | variant | p50 | p99 | server CPU/req | PostgreSQL CPU/req |');
    out.push('|---:|---|---:|---:|---:|---:|');
    for (const c of [1, CONCURRENCY]) {
      for (const v of VARIANTS) {
        const A = agg.get(`${lo}/${c}/${v}`);
        const B = agg.get(`${hi}/${c}/${v}`);
        if (!A || !B) continue;
        out.push(
          `| ${c} | ${v} | ${ratio(B.s.p50, A.s.p50)} | ${ratio(B.s.p99, A.s.p99)} | ${ratio(B.cpu, A.cpu)} | ${ratio(B.pgCpu, A.pgCpu)} |`,
        );
      }
    }
    out.push('');
  }
  out.push('#### EXPLAIN (ANALYZE, BUFFERS) of the latest-per-actor query', '');
  for (const [k, plan] of Object.entries(plans)) {
    const [size, name] = k.split(' ');
    out.push(
      `${size} stored reports, ${name === 'platform' ? 'the platform’s DISTINCT ON query' : 'the LATERAL variant (baseline only)'}:`,
      '',
      '```',
      plan,
      '```',
      '',
    );
  }

  if (liveRuns.length) {
    out.push('#### Live: 37 actors reporting while the dashboards are connected (ms from the POST start)', '');
    out.push(
      '| dashboards | mode | rounds | posts | accepted | reports/s accepted | POST answer p50 / p99 | event deliveries | delivered | event p50 | p99 | p99.9 | max | visible after refetch (n) | refetch p50 | p99 | refetches | server CPU ms/report | gen. CPU (max) |',
    );
    out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [mode, dash] of [
      ['burst', 0],
      ['burst', DASHBOARDS],
      ['sustained', 0],
      ['sustained', DASHBOARDS],
    ] as const) {
      const rs = liveRuns.filter((r) => r.mode === mode && r.dashboards === dash && !r.warmup);
      if (rs.length === 0) continue;
      const posts = rs.flatMap((r) => r.result.posts);
      const acc = posts.filter((p) => p.reportId);
      const d = summarise(rs.flatMap((r) => r.result.deliveries));
      const v = summarise(rs.flatMap((r) => r.result.visible));
      const a = summarise(posts.map((p) => p.answerMs));
      const rate = acc.length / (rs.reduce((s, r) => s + r.result.wallMs, 0) / 1000);
      out.push(
        `| ${dash} | ${mode} | ${rs.length} | ${posts.length} | ${acc.length} | ${rate.toFixed(1)} | ${fmt(a.p50)} / ${fmt(a.p99)} | ${d.count} | ${(
          (100 * rs.reduce((s, r) => s + r.result.delivered, 0)) /
            Math.max(
              1,
              rs.reduce((s, r) => s + r.result.expected, 0),
            )
        ).toFixed(
          2,
        )} % | ${fmt(d.p50)} | ${fmt(d.p99)} | ${fmt(d.p999)} | ${fmt(d.max)} | ${v.count}/${rs.reduce((s, r) => s + r.result.visibleExpected, 0)} | ${fmt(v.p50)} | ${fmt(v.p99)} | ${rs.reduce((s, r) => s + r.result.refetches, 0)} | ${(rs.reduce((s, r) => s + r.serverCpuMs, 0) / Math.max(1, acc.length)).toFixed(1)} | ${(Math.max(...rs.map((r) => r.result.genCpu)) * 100).toFixed(0)} % |`,
      );
    }
    out.push('');
    out.push('Every measured round:', '');
    out.push(
      '| dashboards | mode | # | accepted | wall (ms) | reports/s | delivered | event p50 | p99 | max | visible p50 | visible p99 |',
    );
    out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of liveRuns.filter((x) => !x.warmup)) {
      const acc = r.result.posts.filter((p) => p.reportId).length;
      const d = summarise(r.result.deliveries);
      const v = summarise(r.result.visible);
      out.push(
        `| ${r.dashboards} | ${r.mode} | ${r.round} | ${acc}/${r.result.posts.length} | ${fmt(r.result.wallMs)} | ${(acc / (r.result.wallMs / 1000)).toFixed(1)} | ${r.result.delivered}/${r.result.expected} | ${fmt(d.p50)} | ${fmt(d.p99)} | ${fmt(d.max)} | ${fmt(v.p50)} | ${fmt(v.p99)} |`,
      );
    }
    const sample = liveRuns.find((r) => r.result.sampleText)?.result.sampleText;
    if (sample) out.push('', `One event frame as received (${Buffer.byteLength(sample)} bytes): \`${sample}\``);
    out.push('');
  }
  return out.join('\n');
}
