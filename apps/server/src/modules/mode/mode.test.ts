import type { ActivationRequest, ModeState } from '@samverkan/contracts';
import { schema } from '@samverkan/db';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { as, login, startTestApp, type TestApp } from '../../testing/harness.ts';

let t: TestApp;
let coordinator: ReturnType<typeof as>;
let admin: ReturnType<typeof as>;
let tibStockholm: ReturnType<typeof as>;
let tibPolisen: ReturnType<typeof as>;
let viewer: ReturnType<typeof as>;
let communicator: ReturnType<typeof as>;

beforeAll(async () => {
  t = await startTestApp();
  coordinator = as(t.app, (await login(t.app, 'rsib@samverkan.test')).cookie);
  admin = as(t.app, (await login(t.app, 'admin@samverkan.test')).cookie);
  tibStockholm = as(t.app, (await login(t.app, 'tib.stockholm@samverkan.test')).cookie);
  tibPolisen = as(t.app, (await login(t.app, 'tib.polisen@samverkan.test')).cookie);
  viewer = as(t.app, (await login(t.app, 'observator@samverkan.test')).cookie);
  communicator = as(t.app, (await login(t.app, 'kommunikator.region@samverkan.test')).cookie);
});
afterAll(() => t?.close());

async function currentMode(): Promise<ModeState> {
  return (await viewer({ method: 'GET', url: '/api/mode' })).json<ModeState>();
}

/** Every test starts from ordinary mode, whatever the one before left. */
beforeEach(async () => {
  const mode = await currentMode();
  if (mode.mode === 'activated') {
    const res = await coordinator({
      method: 'POST',
      url: '/api/mode/deactivate',
      payload: { reason: 'reset', expectedVersion: mode.version },
    });
    expect(res.statusCode).toBe(200);
  }
});

describe('GET /api/mode', () => {
  it('is refused without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/mode' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthorized' });
  });
});

describe('activation requests (the green button)', () => {
  it('a duty officer asks, the request is pending and carries who asked', async () => {
    const res = await tibStockholm({
      method: 'POST',
      url: '/api/mode/requests',
      payload: { title: 'Storm Alfrida', reason: 'Långvariga elavbrott i Norrtälje' },
    });
    expect(res.statusCode).toBe(201);
    const request = res.json<ActivationRequest>();
    expect(request).toMatchObject({
      status: 'pending',
      title: 'Storm Alfrida',
      requestedBy: { actorId: 'stockholms-stad', name: 'Tove TiB Stockholm' },
    });
    const list = (await coordinator({ method: 'GET', url: '/api/mode/requests' })).json<ActivationRequest[]>();
    expect(list.map((r) => r.id)).toContain(request.id);
  });

  it('viewers and communicators may not ask', async () => {
    for (const who of [viewer, communicator]) {
      const res = await who({ method: 'POST', url: '/api/mode/requests', payload: { title: 'x', reason: 'y' } });
      expect(res.statusCode).toBe(403);
    }
  });

  it('a duty officer sees only its own actor’s requests; coordinators see all', async () => {
    const own = (
      await tibPolisen({ method: 'POST', url: '/api/mode/requests', payload: { title: 'Polis', reason: 'r' } })
    ).json<ActivationRequest>();
    const stockholmSees = (await tibStockholm({ method: 'GET', url: '/api/mode/requests' })).json<
      ActivationRequest[]
    >();
    expect(stockholmSees.map((r) => r.id)).not.toContain(own.id);
    expect(stockholmSees.every((r) => r.requestedBy.actorId === 'stockholms-stad')).toBe(true);
    const coordinatorSees = (await coordinator({ method: 'GET', url: '/api/mode/requests' })).json<
      ActivationRequest[]
    >();
    expect(coordinatorSees.map((r) => r.id)).toContain(own.id);
  });

  it('a coordinator declines with a reason; declining again is a conflict', async () => {
    const req = (
      await tibStockholm({ method: 'POST', url: '/api/mode/requests', payload: { title: 'Vatten', reason: 'Läcka' } })
    ).json<ActivationRequest>();
    const missingReason = await coordinator({
      method: 'POST',
      url: `/api/mode/requests/${req.id}/decline`,
      payload: {},
    });
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.json().details).toEqual([expect.objectContaining({ path: 'reason' })]);

    const res = await coordinator({
      method: 'POST',
      url: `/api/mode/requests/${req.id}/decline`,
      payload: { reason: 'Hanteras av kommunen' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'declined',
      declineReason: 'Hanteras av kommunen',
      decidedBy: { name: 'Rasmus Samordnare (RSIB)' },
    });
    const again = await coordinator({
      method: 'POST',
      url: `/api/mode/requests/${req.id}/decline`,
      payload: { reason: 'x' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('a duty officer may not decline; an unknown request is a 404', async () => {
    const req = (
      await tibStockholm({ method: 'POST', url: '/api/mode/requests', payload: { title: 'a', reason: 'b' } })
    ).json<ActivationRequest>();
    expect(
      (await tibStockholm({ method: 'POST', url: `/api/mode/requests/${req.id}/decline`, payload: { reason: 'x' } }))
        .statusCode,
    ).toBe(403);
    const unknown = await coordinator({
      method: 'POST',
      url: '/api/mode/requests/00000000-0000-4000-8000-000000000000/decline',
      payload: { reason: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
    const badId = await coordinator({
      method: 'POST',
      url: '/api/mode/requests/not-a-uuid/decline',
      payload: { reason: 'x' },
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().details[0].path).toBe('id');
  });
});

describe('activation and deactivation', () => {
  it('activating from a request answers every pending request and records who decided', async () => {
    const req = (
      await tibStockholm({
        method: 'POST',
        url: '/api/mode/requests',
        payload: { title: 'Storm', reason: 'Elavbrott' },
      })
    ).json<ActivationRequest>();
    const other = (
      await tibPolisen({ method: 'POST', url: '/api/mode/requests', payload: { title: 'Storm 2', reason: 'Samma' } })
    ).json<ActivationRequest>();
    const before = await currentMode();
    const res = await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'Storm', reason: 'Elavbrott i länet', expectedVersion: before.version, requestId: req.id },
    });
    expect(res.statusCode).toBe(200);
    const state = res.json<ModeState>();
    expect(state).toMatchObject({
      mode: 'activated',
      version: before.version + 1,
      title: 'Storm',
      reason: 'Elavbrott i länet',
      decidedBy: { name: 'Rasmus Samordnare (RSIB)', actorId: 'lansstyrelsen-stockholm' },
    });
    expect(await currentMode()).toEqual(state);
    const pending = (await coordinator({ method: 'GET', url: '/api/mode/requests' })).json<ActivationRequest[]>();
    expect(pending.map((r) => r.id)).not.toContain(req.id);
    expect(pending.map((r) => r.id)).not.toContain(other.id);
    // A new request while activated is refused.
    const late = await tibStockholm({
      method: 'POST',
      url: '/api/mode/requests',
      payload: { title: 'x', reason: 'y' },
    });
    expect(late.statusCode).toBe(409);
  });

  it('activating an activated SSR is a 409 with the current state, not a second activation', async () => {
    const v = (await currentMode()).version;
    expect(
      (
        await coordinator({
          method: 'POST',
          url: '/api/mode/activate',
          payload: { title: 'A', reason: 'r', expectedVersion: v },
        })
      ).statusCode,
    ).toBe(200);
    const res = await admin({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'B', reason: 'r', expectedVersion: v + 1 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'conflict', current: { mode: 'activated', version: v + 1, title: 'A' } });
    const open = await t.app.db.execute(sql`SELECT count(*)::int AS n FROM activations WHERE deactivated_at IS NULL`);
    expect(open.rows[0]).toEqual({ n: 1 });
  });

  it('of many concurrent activations with the same expectedVersion exactly one succeeds', async () => {
    const v = (await currentMode()).version;
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? coordinator : admin)({
          method: 'POST',
          url: '/api/mode/activate',
          payload: { title: `Försök ${i}`, reason: 'samtidigt', expectedVersion: v },
        }),
      ),
    );
    const codes = attempts.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(11);
    for (const r of attempts.filter((a) => a.statusCode === 409)) {
      expect(r.json().current).toMatchObject({ mode: 'activated', version: v + 1 });
    }
    expect((await currentMode()).version).toBe(v + 1);
  });

  it('of many concurrent deactivations exactly one succeeds', async () => {
    const v = (await currentMode()).version;
    await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'X', reason: 'r', expectedVersion: v },
    });
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        coordinator({
          method: 'POST',
          url: '/api/mode/deactivate',
          payload: { reason: 'klart', expectedVersion: v + 1 },
        }),
      ),
    );
    expect(attempts.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(attempts.filter((r) => r.statusCode === 409)).toHaveLength(7);
  });

  it('a stale expectedVersion is refused even when the mode would allow the change', async () => {
    const v = (await currentMode()).version;
    const res = await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'X', reason: 'r', expectedVersion: v + 5 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().current.mode).toBe('ordinary');
  });

  it('duty officers and viewers may not activate or deactivate', async () => {
    const v = (await currentMode()).version;
    for (const who of [tibStockholm, viewer, communicator]) {
      expect(
        (
          await who({
            method: 'POST',
            url: '/api/mode/activate',
            payload: { title: 'X', reason: 'r', expectedVersion: v },
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (await who({ method: 'POST', url: '/api/mode/deactivate', payload: { reason: 'r', expectedVersion: v } }))
          .statusCode,
      ).toBe(403);
    }
  });

  it('deactivating needs a reason; ordinary mode records who ended it and why', async () => {
    const v = (await currentMode()).version;
    await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'Y', reason: 'r', expectedVersion: v },
    });
    const noReason = await coordinator({
      method: 'POST',
      url: '/api/mode/deactivate',
      payload: { expectedVersion: v + 1 },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ error: 'validation', details: [{ path: 'reason' }] });
    const blank = await coordinator({
      method: 'POST',
      url: '/api/mode/deactivate',
      payload: { reason: '   ', expectedVersion: v + 1 },
    });
    expect(blank.statusCode).toBe(400);
    const res = await admin({
      method: 'POST',
      url: '/api/mode/deactivate',
      payload: { reason: 'Läget normalt', expectedVersion: v + 1 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      mode: 'ordinary',
      version: v + 2,
      reason: 'Läget normalt',
      decidedBy: { name: 'Alva Admin' },
    });
  });
});

describe('history and the event log', () => {
  it('lists every activation newest first with who asked, who decided, when and how long', async () => {
    const req = (
      await tibStockholm({ method: 'POST', url: '/api/mode/requests', payload: { title: 'Historik', reason: 'Test' } })
    ).json<ActivationRequest>();
    const v = (await currentMode()).version;
    await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'Historik', reason: 'Aktiverad', expectedVersion: v, requestId: req.id },
    });
    await admin({
      method: 'POST',
      url: '/api/mode/deactivate',
      payload: { reason: 'Avslutad', expectedVersion: v + 1 },
    });
    const history = (await viewer({ method: 'GET', url: '/api/mode/history' })).json();
    expect(history.length).toBeGreaterThan(0);
    expect(history[0]).toMatchObject({
      title: 'Historik',
      reason: 'Aktiverad',
      requestId: req.id,
      requestedBy: { name: 'Tove TiB Stockholm' },
      activatedBy: { name: 'Rasmus Samordnare (RSIB)' },
      deactivatedBy: { name: 'Alva Admin' },
      deactivationReason: 'Avslutad',
    });
    expect(history[0].durationSeconds).toBeGreaterThanOrEqual(0);
    const times = history.map((h: { activatedAt: string }) => Date.parse(h.activatedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('every change is in the event log with a growing global seq, and the log refuses edits', async () => {
    const { eventLog } = schema;
    const before = await t.app.db.select().from(eventLog).orderBy(asc(eventLog.seq));
    const v = (await currentMode()).version;
    await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'Logg', reason: 'r', expectedVersion: v },
    });
    const after = await t.app.db.select().from(eventLog).orderBy(asc(eventLog.seq));
    const added = after.slice(before.length);
    // The change itself, then the call-out it starts (in-app notice, status for coordinators).
    expect(added.map((e) => e.type)).toEqual(['mode:changed', 'notification:received', 'callout:updated']);
    expect(added[0]?.data).toMatchObject({ state: { mode: 'activated', version: v + 1 } });
    expect(added[0]?.seq).toBeGreaterThan(before.at(-1)?.seq ?? 0);
    await expect(t.app.pool.query("UPDATE event_log SET type = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.app.pool.query('DELETE FROM event_log')).rejects.toThrow(/append-only/);
  });

  it('a refused change leaves no trace in the event log', async () => {
    const count = async () => (await t.app.db.execute(sql`SELECT count(*)::int AS n FROM event_log`)).rows[0];
    const before = await count();
    const v = (await currentMode()).version;
    await coordinator({ method: 'POST', url: '/api/mode/deactivate', payload: { reason: 'r', expectedVersion: v } });
    expect(await count()).toEqual(before);
  });
});
