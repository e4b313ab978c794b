/**
 * The receiving end of the call-out benchmark: the platform's own test sinks
 * (apps/server/src/testing/sinks.ts, a real SMTP server and a real HTTP
 * server on loopback), with every message timestamped (performance.now())
 * the moment the sink has all of it, i.e. when the sink records it: after the
 * SMTP DATA has ended, before the 250 reply; after the webhook's body has
 * ended, before the 204. The sinks keep nothing else: each message is handed
 * to the current phase and dropped.
 */
import { performance } from 'node:perf_hooks';
import {
  type ReceivedMail,
  type ReceivedWebhook,
  startSmtpSink,
  startWebhookSink,
} from '../../apps/server/src/testing/sinks.ts';
import { type BenchChannel, expectKey, parseEmailAddress, parseHookPath } from './callout.ts';

export interface Arrival {
  /** performance.now() when the sink had the whole message. */
  t: number;
  channel: BenchChannel;
  label: string;
  actorId: string;
  step: number;
  /** The delivery key (idempotency key / Message-ID): `<notification>_<contact>_<channel>`. */
  key: string;
  notificationId: string;
  /** The webhook body's type (`ssr.activation`, `ssr.deactivation`); undefined for e-mail. */
  type?: string;
  /** The personal acknowledgement link (from the webhook body). */
  ackUrl?: string;
}

/**
 * What one measured phase expects at the sinks, and what it got. Arrivals are
 * grouped by notification; the phase is done when one notification has
 * reached every expected (contact, channel) once. Anything else for the same
 * label (another notification, an unexpected contact, a second copy) is
 * counted apart.
 */
export interface Phase {
  label: string;
  expected: Set<string>;
  /** Per notification, the first arrival per expected message. */
  byNotification: Map<string, Map<string, Arrival>>;
  /** The notification that reached every expected message (once done). */
  notificationId?: string;
  duplicates: number;
  /** Messages for this label that were not expected. */
  unexpected: Arrival[];
  done: Promise<void>;
}

/** The phase's arrivals: of its notification when done, otherwise of the notification that got furthest. */
export function phaseArrivals(p: Phase): Arrival[] {
  let best: Map<string, Arrival> | undefined = p.notificationId ? p.byNotification.get(p.notificationId) : undefined;
  if (!best) for (const m of p.byNotification.values()) if (!best || m.size > best.size) best = m;
  return [...(best?.values() ?? [])];
}

/** Arrivals of other notifications than the phase's own, plus unexpected ones. */
export function phaseStray(p: Phase): number {
  const own = phaseArrivals(p)[0]?.notificationId;
  let n = p.unexpected.length;
  for (const [id, m] of p.byNotification) if (id !== own) n += m.size;
  return n;
}

export interface Sinks {
  smtpUrl: string;
  hookBase: string;
  /** Starts collecting for `label`; resolves `done` when every expected message has arrived once. */
  expect(label: string, expected: Set<string>): Phase;
  /** Stops collecting for the current phase. */
  end(): void;
  /** Messages that arrived while no phase was collecting for their label (should stay empty). */
  unattributed: Arrival[];
  close(): Promise<void>;
}

export async function startSinks(): Promise<Sinks> {
  const smtp = await startSmtpSink();
  const hooks = await startWebhookSink();
  let current: (Phase & { resolve(): void }) | undefined;
  const unattributed: Arrival[] = [];

  const onArrival = (a: Arrival) => {
    const p = current;
    if (!p || p.label !== a.label) {
      unattributed.push(a);
      return;
    }
    const k = expectKey(a.channel, a.actorId, a.step);
    if (!p.expected.has(k)) {
      p.unexpected.push(a);
      return;
    }
    let got = p.byNotification.get(a.notificationId);
    if (!got) {
      got = new Map();
      p.byNotification.set(a.notificationId, got);
    }
    if (got.has(k)) {
      p.duplicates += 1;
      return;
    }
    got.set(k, a);
    if (got.size === p.expected.size && p.notificationId === undefined) {
      p.notificationId = a.notificationId;
      p.resolve();
    }
  };

  // The sinks push every message they accept onto these arrays: take it there, with the time.
  smtp.received.push = (...mails: ReceivedMail[]) => {
    const t = performance.now();
    for (const m of mails) {
      const key = m.messageId?.match(/^<([^@>]+)@/)?.[1] ?? '';
      for (const to of m.to) {
        const r = parseEmailAddress(to);
        if (!r) continue;
        onArrival({ t, channel: 'email', ...r, key, notificationId: key.split('_')[0] ?? '' });
      }
    }
    return 0;
  };
  hooks.received.push = (...reqs: ReceivedWebhook[]) => {
    const t = performance.now();
    for (const h of reqs) {
      const r = parseHookPath(h.path);
      if (!r) continue;
      const key = String(h.headers['idempotency-key'] ?? '');
      const type = typeof h.json.type === 'string' ? h.json.type : undefined;
      const ackUrl = typeof h.json.ackUrl === 'string' ? h.json.ackUrl : undefined;
      onArrival({
        t,
        channel: 'webhook',
        ...r,
        key,
        notificationId: String(h.json.notificationId ?? key.split('_')[0] ?? ''),
        ...(type ? { type } : {}),
        ...(ackUrl ? { ackUrl } : {}),
      });
    }
    hooks.accepted.clear();
    return 0;
  };

  return {
    smtpUrl: smtp.url,
    hookBase: hooks.url('').replace(/\/$/, ''),
    expect(label, expected) {
      let resolve: () => void = () => undefined;
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      current = { label, expected, byNotification: new Map(), duplicates: 0, unexpected: [], done, resolve };
      return current;
    },
    end() {
      current = undefined;
    },
    unattributed,
    async close() {
      await Promise.all([smtp.close(), hooks.close()]);
    },
  };
}
