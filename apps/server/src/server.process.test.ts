import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Running {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: serverDir,
    env: { ...clean, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitForOutput(r: Running, pattern: RegExp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(r.output())) {
    if (r.child.exitCode !== null) throw new Error(`server exited: ${r.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} in time: ${r.output()}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function stop(r: Running): Promise<number | null> {
  r.child.kill('SIGTERM');
  return r.exited;
}

const dataDirs: string[] = [];
afterAll(async () => {
  for (const d of dataDirs) await rm(d, { recursive: true, force: true });
});

describe('pnpm start with nothing installed but Node', () => {
  it('runs on an embedded PostgreSQL with the queue on it, keeps data across restarts, and stops cleanly', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'samverkan-data-'));
    dataDirs.push(dataDir);
    const [port, pgPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${port}`;
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      PUBLIC_URL: base,
      DEMO_PASSWORD: 'demo-password-1',
    };

    const first = startServer(env);
    await waitForOutput(first, /Samverkan is running/);
    expect(first.output()).toMatch(/embedded PostgreSQL/);
    expect(first.output()).toMatch(/BullMQ on PostgreSQL/);
    expect(first.output()).toMatch(/rsib@samverkan\.test/);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ backend: 'postgres', checks: { database: 'ok', queue: 'ok' } });

    const loginRes = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'rsib@samverkan.test', password: 'demo-password-1' }),
    });
    expect(loginRes.status).toBe(200);
    const cookie = (loginRes.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const activate = await fetch(`${base}/api/mode/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body: JSON.stringify({ title: 'Omstart', reason: 'Data ska finnas kvar', expectedVersion: 0 }),
    });
    expect(activate.status).toBe(200);
    expect(await stop(first)).toBe(0);

    const second = startServer(env);
    try {
      await waitForOutput(second, /Samverkan is running/);
      const mode = await fetch(`${base}/api/mode`, { headers: { cookie } });
      expect(mode.status).toBe(200);
      expect(await mode.json()).toMatchObject({ mode: 'activated', title: 'Omstart', version: 1 });
    } finally {
      const code = await stop(second);
      if (code !== 0) console.log(second.output());
      expect(code).toBe(0);
    }
  });

  it('a wrong setting stops start-up with a message naming the variable', async () => {
    const r = startServer({ PORT: 'not-a-port', REDIS_URL: 'ftp://x' });
    expect(await r.exited).toBe(1);
    expect(r.output()).toMatch(/PORT/);
    expect(r.output()).toMatch(/REDIS_URL/);
    expect(r.output()).not.toMatch(/at .*\.ts:\d+/);
  });
});
