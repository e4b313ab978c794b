/**
 * What the call-out benchmark sends where: the contact plan shared by the
 * runner (bench/callout.ts), the platform entry (bench/servers/callout-platform.ts)
 * and the channel baseline (bench/servers/callout-baseline.ts), and the IPC
 * messages between the runner and the platform entry.
 */
import { seedActors } from '../../packages/db/src/actors-seed.ts';

/** The 37 SSR actors, as the platform seeds them. */
export const ACTORS: ReadonlyArray<{ id: string; name: string }> = seedActors.map((a) => ({ id: a.id, name: a.name }));
/** Contacts per actor: the call-out order 1, 2, 3. */
export const CONTACTS_PER_ACTOR = 3;
export const CHANNELS = ['email', 'webhook'] as const;
export type BenchChannel = (typeof CHANNELS)[number];

/**
 * Every contact has an e-mail address and a webhook URL that name the
 * instance (`label`), the actor and the contact's place in the list, so the
 * sinks can tell every message apart without reading its body.
 */
export const emailAddress = (label: string, actorId: string, step: number) =>
  `c${step}.${actorId}@${label}.bench.example`;
export const hookPath = (label: string, actorId: string, step: number) => `/h/${label}/${actorId}/${step}`;

const EMAIL_RE = /^c(\d+)\.([a-z0-9-]+)@([a-z0-9-]+)\.bench\.example$/;
const HOOK_RE = /^\/h\/([a-z0-9-]+)\/([a-z0-9-]+)\/(\d+)$/;

export interface Recipient {
  label: string;
  actorId: string;
  step: number;
}
export function parseEmailAddress(address: string): Recipient | undefined {
  const m = EMAIL_RE.exec(address);
  return m?.[1] && m[2] && m[3] ? { label: m[3], actorId: m[2], step: Number(m[1]) } : undefined;
}
export function parseHookPath(path: string): Recipient | undefined {
  const m = HOOK_RE.exec(path);
  return m?.[1] && m[2] && m[3] ? { label: m[1], actorId: m[2], step: Number(m[3]) } : undefined;
}

/** One expected message: `${channel}:${actorId}:${step}`. */
export const expectKey = (channel: BenchChannel, actorId: string, step: number) => `${channel}:${actorId}:${step}`;

/** The messages that reaching `steps` of every actor's list means. */
export function expectedMessages(steps: readonly number[]): Set<string> {
  const out = new Set<string>();
  for (const a of ACTORS) for (const s of steps) for (const c of CHANNELS) out.add(expectKey(c, a.id, s));
  return out;
}

// ---------------------------------------------------------------------------
// IPC between the runner and bench/servers/callout-platform.ts

export type CalloutServerRequest =
  /** Gives every actor CONTACTS_PER_ACTOR contacts (skipped for actors that already have contacts). */
  | { cmd: 'setup'; id: number; label: string; hookBase: string }
  /** One escalation tick at the given time (ms since the epoch), as the escalation clock would run it. */
  | { cmd: 'escalate'; id: number; at: number };

export type CalloutServerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface SetupResult {
  actors: number;
  contactsInserted: number;
}
export interface EscalateResult {
  escalated: number;
  unreached: number;
}

// ---------------------------------------------------------------------------
// The baseline's trigger (POST /trigger on bench/servers/callout-baseline.ts)

export interface BaselineTrigger {
  /** Unique per run; part of every idempotency key. */
  run: string;
  title: string;
  /** The contact steps to send to, all at once. */
  steps: number[];
}
