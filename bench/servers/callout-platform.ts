/**
 * The platform for the call-out benchmark: what apps/server/src/server.ts
 * does (loadConfig from the environment, buildApp, listen), unchanged, plus
 * an IPC channel the bench uses for two things the HTTP API does not offer:
 *
 * - `setup`: gives every actor three contacts straight in the database with
 *   insertContact (the API accepts only https webhooks; the sink is plain
 *   http on loopback);
 * - `escalate`: one tick of the escalation clock at a given time, i.e.
 *   `app.notifications.escalate(at)`, the same call the platform's own
 *   five-second clock makes with the real time.
 *
 * Needs DATABASE_URL (the bench's own database).
 */
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { insertContact, listContactRows } from '../../apps/server/src/modules/contacts/repository.ts';
import {
  ACTORS,
  type CalloutServerReply,
  type CalloutServerRequest,
  CONTACTS_PER_ACTOR,
  type EscalateResult,
  emailAddress,
  hookPath,
  type SetupResult,
} from '../lib/callout.ts';

const config = loadConfig(process.env);
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const app = await buildApp({ config, databaseUrl: config.DATABASE_URL });

async function setup(label: string, hookBase: string): Promise<SetupResult> {
  let inserted = 0;
  for (const actor of ACTORS) {
    if ((await listContactRows(app.db, actor.id)).length > 0) continue;
    for (let step = 1; step <= CONTACTS_PER_ACTOR; step++) {
      await insertContact(app.db, actor.id, step, {
        name: `Kontakt ${step} ${actor.name}`,
        language: 'sv',
        channels: [
          { type: 'email', address: emailAddress(label, actor.id, step) },
          { type: 'webhook', address: `${hookBase}${hookPath(label, actor.id, step)}` },
        ],
      });
      inserted += 1;
    }
  }
  return { actors: ACTORS.length, contactsInserted: inserted };
}

async function escalate(at: number): Promise<EscalateResult> {
  const r = await app.notifications.escalate(new Date(at));
  return { escalated: r.escalated, unreached: r.unreached };
}

process.on('message', (raw: unknown) => {
  const m = raw as CalloutServerRequest;
  if (!m || typeof m !== 'object' || !('cmd' in m)) return; // the probe's messages
  const work = m.cmd === 'setup' ? setup(m.label, m.hookBase) : escalate(m.at);
  work.then(
    (result) => process.send?.({ id: m.id, ok: true, result } satisfies CalloutServerReply),
    (err: unknown) =>
      process.send?.({
        id: m.id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      } satisfies CalloutServerReply),
  );
});

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void app
      .close()
      .catch((err: unknown) => console.error(err))
      .finally(() => process.exit(0));
  });
}

await app.listen({ host: config.HOST, port: config.PORT });
console.log(`callout-platform listening on ${config.PUBLIC_URL}, queue on ${app.queues.backend}`);
