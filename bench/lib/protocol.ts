/** Messages between bench/run.ts, the load generator and the probe in each server. */

export interface ProbeRequest {
  probe: true;
  id: number;
  gc: boolean;
}

export interface ProbeReply {
  probe: true;
  id: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  cpuUserUs: number;
  cpuSystemUs: number;
  gcDone: boolean;
}

/** How the generator's clients speak: raw ws, ws + the Socket.IO framing shim, or the real socket.io-client. */
export type ClientKind = 'ws' | 'sio-shim' | 'sio-client';

/** What the generator does to cause one broadcast. */
export type Trigger =
  | { kind: 'baseline'; url: string }
  | { kind: 'platform'; baseUrl: string; cookie: string; origin: string };

export type GenRequest =
  | {
      cmd: 'connect';
      id: number;
      kind: ClientKind;
      /** ws://… for raw ws; http://… base for Socket.IO. */
      url: string;
      n: number;
      headers: Record<string, string>;
      concurrency: number;
    }
  | { cmd: 'broadcast'; id: number; trigger: Trigger; timeoutMs: number }
  | { cmd: 'disconnect'; id: number }
  | { cmd: 'exit'; id: number };

export interface ConnectResult {
  connected: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

export interface BroadcastResult {
  expected: number;
  delivered: number;
  /** Per-delivery latency (ms) from just before the trigger request to the end of JSON.parse in the client. */
  samples: number[];
  /** Until the last client had it (ms), or null when some never did. */
  lastMs: number | null;
  /** Round trip of the trigger request itself (ms). */
  triggerMs: number;
  triggerStatus: number;
  /** Bytes of the text frame's payload as received (the whole Socket.IO packet for Socket.IO). */
  frameBytes: number;
  /** Generator CPU time / wall time from the trigger to the last delivery. */
  genCpu: number;
  /** The first frame's text as received (empty for socket.io-client, which hides it). */
  sampleText: string;
  /** Events for other versions seen meanwhile (should be 0). */
  stray: number;
}

export type GenReply =
  | { id: number; ok: true; result: ConnectResult | BroadcastResult | null }
  | { id: number; ok: false; error: string };
