import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import type { ProbeReply, ProbeRequest } from './protocol.ts';

export const FD_LIMIT = 20_000;

export interface Spawned {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Last lines of stdout+stderr, for error messages. */
  tail(): string;
  exited: Promise<number | null>;
}

/**
 * Spawns `node <nodeArgs>` pinned to `cpu` with `taskset`, with the open-file
 * limit raised as far as the hard limit allows, and an IPC channel. `exec`
 * keeps the pid that of node itself, so /proc and signals reach the process
 * under test and not a wrapper.
 */
export function spawnPinned(opts: {
  name: string;
  cpu: number;
  nodeArgs: string[];
  cwd: string;
  env?: Record<string, string>;
  logFile: string;
}): Spawned {
  const script = `ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec taskset -c ${opts.cpu} "$@"`;
  const child = spawn('bash', ['-c', script, 'bash', process.execPath, ...opts.nodeArgs], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${opts.name}`);
  const log = createWriteStream(opts.logFile);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name: opts.name, child, pid: child.pid, logFile: opts.logFile, tail: () => lines.join('\n'), exited };
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Only ever the process we spawned. */
export async function stop(p: Spawned, graceMs = 12_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `url` until it answers with a status below 500, the process exits, or the time is up. */
export async function waitForHttp(p: Spawned, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void p.exited.then((c) => {
    exitCode = c;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${p.name} exited with code ${exitCode}:\n${p.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${p.name} did not answer ${url} within ${timeoutMs} ms:\n${p.tail()}`);
}

let probeId = 0;

/** Asks the probe preloaded in a server for its memory and CPU (optionally after a full GC). */
export function probe(p: Spawned, gc: boolean, timeoutMs = 10_000): Promise<ProbeReply> {
  const id = ++probeId;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      p.child.off('message', onMessage);
      reject(new Error(`${p.name}: no probe answer`));
    }, timeoutMs);
    const onMessage = (raw: unknown) => {
      const m = raw as ProbeReply;
      if (m?.probe !== true || m.id !== id) return;
      clearTimeout(timer);
      p.child.off('message', onMessage);
      resolve(m);
    };
    p.child.on('message', onMessage);
    const req: ProbeRequest = { probe: true, id, gc };
    p.child.send(req);
  });
}
