/**
 * Preloaded into every server under test (`node --expose-gc --import tsx --import bench/lib/probe.ts`).
 * Answers the bench over the IPC channel with process.memoryUsage() and
 * process.cpuUsage(), after a full GC when asked. It touches nothing else
 * and costs nothing while it is not asked.
 */
import type { ProbeReply, ProbeRequest } from './protocol.ts';

if (typeof process.send === 'function') {
  process.on('message', (raw: unknown) => {
    const msg = raw as ProbeRequest;
    if (msg?.probe !== true) return;
    if (msg.gc && typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    const m = process.memoryUsage();
    const c = process.cpuUsage();
    const reply: ProbeReply = {
      probe: true,
      id: msg.id,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      cpuUserUs: c.user,
      cpuSystemUs: c.system,
      gcDone: msg.gc && typeof globalThis.gc === 'function',
    };
    process.send?.(reply);
  });
  // The IPC channel must not keep a server alive that wants to exit.
  process.channel?.unref();
}
