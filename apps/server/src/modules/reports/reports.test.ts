import type { LiveEventOf, Report, Situation } from '@samverkan/contracts';
import { schema } from '@samverkan/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, connect, login, startTestApp, type TestApp, type TestSocket, waitFor } from '../../testing/harness.ts';

let t: TestApp;
let coordinator: ReturnType<typeof as>;
let tibStockholm: ReturnType<typeof as>;
let tibPolisen: ReturnType<typeof as>;
let viewer: ReturnType<typeof as>;
const cookies: Record<string, string> = {};

const body = (extra: Record<string, unknown> = {}) => ({
  status: 'submitted',
  version: 'initial',
  situation: 'Elavbrott i södra Stockholm; 12 000 hushåll utan ström.',
  sectors: [
    { sector: 'energi', impact: 'severe', comment: 'Tre nätstationer ur drift' },
    { sector: 'transporter', impact: 'strained' },
  ],
  needs: [{ text: 'Reservkraft till två äldreboenden', to: ['region-stockholm'] }],
  classification: 'internal',
  ...extra,
});

async function report(who: ReturnType<typeof as>, extra: Record<string, unknown> = {}) {
  const res = await who({ method: 'POST', url: '/api/reports', payload: body(extra) });
  if (res.statusCode >= 300) throw new Error(`report failed: ${res.statusCode} ${res.body}`);
  return res.json<Report>();
}

const situationOf = async (who: ReturnType<typeof as>, at?: string) =>
  (await who({ method: 'GET', url: `/api/situation${at ? `?at=${encodeURIComponent(at)}` : ''}` })).json<Situation>();
const actorIn = (s: Situation, id: string) => s.actors.find((a) => a.actorId === id);

beforeAll(async () => {
  t = await startTestApp();
  await t.listen();
  for (const email of [
    'rsib@samverkan.test',
    'tib.stockholm@samverkan.test',
    'tib.polisen@samverkan.test',
    'observator@samverkan.test',
  ]) {
    cookies[email] = (await login(t.app, email)).cookie;
  }
  coordinator = as(t.app, cookies['rsib@samverkan.test'] ?? '');
  tibStockholm = as(t.app, cookies['tib.stockholm@samverkan.test'] ?? '');
  tibPolisen = as(t.app, cookies['tib.polisen@samverkan.test'] ?? '');
  viewer = as(t.app, cookies['observator@samverkan.test'] ?? '');
});

afterAll(async () => {
  await t?.close();
});

describe('sectors', () => {
  it('are seeded and listed in order; admins add one', async () => {
    const list = (await viewer({ method: 'GET', url: '/api/sectors' })).json<{ id: string }[]>();
    expect(list.map((s) => s.id)).toContain('energi');
    expect(list.length).toBeGreaterThanOrEqual(11);
    const admin = as(t.app, (await login(t.app, 'admin@samverkan.test')).cookie);
    const added = await admin({
      method: 'PUT',
      url: '/api/sectors/kultur',
      payload: { name: 'Kultur', nameEn: 'Culture' },
    });
    expect(added.statusCode).toBe(200);
    expect(
      (await coordinator({ method: 'PUT', url: '/api/sectors/kultur', payload: { name: 'x', nameEn: 'y' } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('writing reports', () => {
  it('a draft is saved, replaced as it is typed, and read back; publishing numbers the version', async () => {
    const d1 = await tibStockholm({
      method: 'POST',
      url: '/api/reports',
      payload: body({ status: 'draft', situation: 'Första' }),
    });
    expect(d1.statusCode).toBe(200);
    const d2 = await tibStockholm({
      method: 'POST',
      url: '/api/reports',
      payload: body({ status: 'draft', situation: 'Andra' }),
    });
    expect(d2.json<Report>().id).toBe(d1.json<Report>().id);
    const draft = (await tibStockholm({ method: 'GET', url: '/api/reports/draft' })).json<Report>();
    expect(draft).toMatchObject({ status: 'draft', situation: 'Andra', number: null });
    // Nobody else sees a draft.
    expect((await viewer({ method: 'GET', url: `/api/reports/${draft.id}` })).statusCode).toBe(404);

    const published = await report(tibStockholm);
    expect(published).toMatchObject({ status: 'submitted', number: 1, actorId: 'stockholms-stad', version: 'initial' });
    expect(published.period).toMatch(/^\d{4}-W\d{2}$/);
    expect(published.needs[0]).toMatchObject({ text: 'Reservkraft till två äldreboenden', status: 'open' });
    expect((await tibStockholm({ method: 'GET', url: '/api/reports/draft' })).json()).toBeNull();

    const second = await report(tibStockholm, { version: 'update', situation: 'Strömmen åter för hälften' });
    expect(second.number).toBe(2);
    const history = (await viewer({ method: 'GET', url: '/api/actors/stockholms-stad/reports' })).json<Report[]>();
    expect(history.map((r) => r.number)).toEqual([2, 1]);
  });

  it('a published version is never changed', async () => {
    const [row] = await t.app.db.select().from(schema.reports).where(eq(schema.reports.status, 'submitted')).limit(1);
    await expect(t.app.pool.query("UPDATE reports SET period = 'x' WHERE id = $1", [row?.id])).rejects.toThrow(
      /never changed/,
    );
  });

  it('a draft may be saved before the situation is written; publishing needs it', async () => {
    const draft = await tibPolisen({
      method: 'POST',
      url: '/api/reports',
      payload: body({ status: 'draft', situation: '' }),
    });
    expect(draft.statusCode).toBe(200);
    const publish = await tibPolisen({ method: 'POST', url: '/api/reports', payload: body({ situation: '  ' }) });
    expect(publish.statusCode).toBe(400);
    expect(publish.json().details[0].path).toBe('situation');
  });

  it('refuses bad input naming the field, and other actors’ reports', async () => {
    const unknownSector = await tibStockholm({
      method: 'POST',
      url: '/api/reports',
      payload: body({ sectors: [{ sector: 'finns-inte', impact: 'severe' }] }),
    });
    expect(unknownSector.statusCode).toBe(400);
    expect(unknownSector.json().details[0].path).toBe('sectors.0.sector');
    const badImpact = await tibStockholm({
      method: 'POST',
      url: '/api/reports',
      payload: body({ sectors: [{ sector: 'energi', impact: 'terrible' }] }),
    });
    expect(badImpact.statusCode).toBe(400);
    expect(badImpact.json().message).toContain('sectors');
    const classified = await tibStockholm({
      method: 'POST',
      url: '/api/reports',
      payload: body({ classification: 'classified' }),
    });
    expect(classified.statusCode).toBe(400);
    expect(classified.json().message).toContain('classification');
    const other = await tibStockholm({
      method: 'POST',
      url: '/api/reports',
      payload: body({ actorId: 'solna-kommun' }),
    });
    expect(other.statusCode).toBe(403);
    expect((await viewer({ method: 'POST', url: '/api/reports', payload: body() })).statusCode).toBe(403);
    // A coordinator may write for any actor.
    expect((await report(coordinator, { actorId: 'solna-kommun' })).actorId).toBe('solna-kommun');
  });

  it('many actors submitting at once each get their own numbered version', async () => {
    const actors = ['nacka-kommun', 'huddinge-kommun', 'botkyrka-kommun', 'taby-kommun', 'sodertalje-kommun'];
    const results = await Promise.all(
      actors.flatMap((actorId) => [
        report(coordinator, { actorId }),
        report(coordinator, { actorId, version: 'update' }),
      ]),
    );
    for (const actorId of actors) {
      expect(
        results
          .filter((r) => r.actorId === actorId)
          .map((r) => r.number)
          .sort(),
      ).toEqual([1, 2]);
    }
  });
});

describe('information classes', () => {
  let secret: Report;

  beforeAll(async () => {
    secret = await report(tibPolisen, {
      classification: 'secret',
      sharedWith: ['stockholms-stad'],
      situation: 'Hot mot ledningscentral; detaljer i sekretessbelagd rapport.',
      sectors: [{ sector: 'allman-ordning-sakerhet', impact: 'critical' }],
    });
  });

  it('Sekretess: the reporting actor, the coordinators and the named actors read it; others get a 404', async () => {
    expect((await tibPolisen({ method: 'GET', url: `/api/reports/${secret.id}` })).statusCode).toBe(200);
    expect((await coordinator({ method: 'GET', url: `/api/reports/${secret.id}` })).statusCode).toBe(200);
    expect((await tibStockholm({ method: 'GET', url: `/api/reports/${secret.id}` })).statusCode).toBe(200);
    expect((await viewer({ method: 'GET', url: `/api/reports/${secret.id}` })).statusCode).toBe(200); // same actor as tib.stockholm
    const admin = as(t.app, (await login(t.app, 'admin@samverkan.test')).cookie);
    expect((await admin({ method: 'GET', url: `/api/reports/${secret.id}` })).statusCode).toBe(404);
    const region = as(t.app, (await login(t.app, 'kommunikator.region@samverkan.test')).cookie);
    expect((await region({ method: 'GET', url: `/api/reports/${secret.id}` })).statusCode).toBe(404);
    const history = (await region({ method: 'GET', url: '/api/actors/polisregion-stockholm/reports' })).json<
      Report[]
    >();
    expect(history.some((r) => r.id === secret.id)).toBe(false);
  });

  it('in the picture a Sekretess report shows as restricted to those who may not read it, and counts its impacts only for those who may', async () => {
    const region = as(t.app, (await login(t.app, 'kommunikator.region@samverkan.test')).cookie);
    const theirs = await situationOf(region);
    expect(actorIn(theirs, 'polisregion-stockholm')).toMatchObject({
      report: null,
      restricted: true,
      worstImpact: null,
    });
    expect(theirs.sectors.find((s) => s.sector === 'allman-ordning-sakerhet')?.worst).toBeNull();
    const coord = await situationOf(coordinator);
    expect(actorIn(coord, 'polisregion-stockholm')?.report?.id).toBe(secret.id);
    expect(coord.sectors.find((s) => s.sector === 'allman-ordning-sakerhet')).toMatchObject({
      worst: 'critical',
      actorIds: ['polisregion-stockholm'],
    });
  });

  it('every read of a Sekretess report is in the access log', async () => {
    const before = await t.app.db
      .select()
      .from(schema.reportAccessLog)
      .where(eq(schema.reportAccessLog.reportId, secret.id));
    await coordinator({ method: 'GET', url: `/api/reports/${secret.id}` });
    await situationOf(coordinator);
    const after = await t.app.db
      .select()
      .from(schema.reportAccessLog)
      .where(eq(schema.reportAccessLog.reportId, secret.id));
    expect(after.length).toBe(before.length + 2);
    expect(after.map((r) => r.via)).toEqual(expect.arrayContaining(['report', 'situation']));
  });

  it('live: a Sekretess report’s event reaches only those who may read it; an Intern one reaches everyone', async () => {
    const sockets: Record<string, TestSocket> = {};
    const seen: Record<string, LiveEventOf<'report:submitted'>[]> = {};
    const changed: Record<string, number> = {};
    const regionCookie = (await login(t.app, 'kommunikator.region@samverkan.test')).cookie;
    const who = {
      coordinator: cookies['rsib@samverkan.test'] ?? '',
      stockholm: cookies['tib.stockholm@samverkan.test'] ?? '',
      region: regionCookie,
    };
    try {
      for (const [name, cookie] of Object.entries(who)) {
        const s = connect(t.url, cookie);
        seen[name] = [];
        s.on('report:submitted', (e) => seen[name]?.push(e));
        changed[name] = 0;
        s.on('situation:changed', () => {
          changed[name] = (changed[name] ?? 0) + 1;
        });
        await new Promise<void>((resolve, reject) => {
          s.on('connect', () => resolve());
          s.on('connect_error', reject);
        });
        sockets[name] = s;
      }
      const hidden = await report(tibPolisen, {
        classification: 'secret',
        sharedWith: ['stockholms-stad'],
        version: 'update',
      });
      const open = await report(tibPolisen, { classification: 'open', version: 'update' });
      await waitFor(() => (seen.region?.some((e) => e.data.reportId === open.id) ? true : undefined));
      await waitFor(() => (seen.coordinator?.some((e) => e.data.reportId === open.id) ? true : undefined));
      await waitFor(() => (seen.stockholm?.some((e) => e.data.reportId === open.id) ? true : undefined));
      expect(seen.coordinator?.some((e) => e.data.reportId === hidden.id)).toBe(true);
      expect(seen.stockholm?.some((e) => e.data.reportId === hidden.id)).toBe(true);
      expect(seen.region?.some((e) => e.data.reportId === hidden.id)).toBe(false);
      // …but it is told to refetch, since its picture counts the actor as reported (restricted).
      expect(changed.region).toBeGreaterThanOrEqual(1);
    } finally {
      for (const s of Object.values(sockets)) s.disconnect();
    }
  });
});

describe('the regional picture', () => {
  it('has every actor, the worst impact per sector, open needs, the summary and the counts', async () => {
    const put = await coordinator({
      method: 'PUT',
      url: '/api/situation/summary',
      payload: { text: 'Läget stabiliseras.' },
    });
    expect(put.statusCode).toBe(200);
    const s = await situationOf(viewer);
    expect(s.actors).toHaveLength(37);
    expect(s.summary).toBe('Läget stabiliseras.');
    expect(s.counts.expected).toBe(37);
    expect(s.counts.reported).toBeGreaterThanOrEqual(8);
    expect(actorIn(s, 'sigtuna-kommun')).toMatchObject({ report: null, restricted: false });
    expect(s.sectors.find((x) => x.sector === 'energi')?.worst).toBe('severe');
    expect(s.openNeeds.some((n) => n.actorId === 'stockholms-stad')).toBe(true);
    expect((await viewer({ method: 'PUT', url: '/api/situation/summary', payload: { text: 'x' } })).statusCode).toBe(
      403,
    );
  });

  it('a need moves on; only those concerned may move it', async () => {
    const s = await situationOf(coordinator);
    const need = s.openNeeds.find((n) => n.actorId === 'stockholms-stad');
    expect(
      (await viewer({ method: 'PATCH', url: `/api/situation/needs/${need?.id}`, payload: { status: 'resolved' } }))
        .statusCode,
    ).toBe(403);
    const beforeChange = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 10));
    const res = await coordinator({
      method: 'PATCH',
      url: `/api/situation/needs/${need?.id}`,
      payload: { status: 'taken_up' },
    });
    expect(res.statusCode).toBe(200);
    const after = await situationOf(coordinator);
    expect(after.openNeeds.some((n) => n.id === need?.id)).toBe(false);
    // The picture of a moment before the change still shows it open.
    const before = await situationOf(coordinator, beforeChange);
    expect(before.openNeeds.some((n) => n.id === need?.id)).toBe(true);
  });

  it('at= returns exactly the versions valid at that moment', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const newer = await report(tibStockholm, { version: 'update', situation: 'Ny version efter tidpunkten' });
    const then = await situationOf(coordinator, before);
    const now = await situationOf(coordinator);
    expect(actorIn(now, 'stockholms-stad')?.report?.id).toBe(newer.id);
    expect(actorIn(then, 'stockholms-stad')?.report?.id).not.toBe(newer.id);
    expect(actorIn(then, 'stockholms-stad')?.report?.number).toBe((newer.number ?? 0) - 1);
    // Before anything was reported, nothing is.
    const early = await situationOf(coordinator, new Date(Date.now() - 3600_000).toISOString());
    expect(early.counts.reported).toBe(0);
    expect(early.summary).toBeNull();
  });

  it('an activation starts a new period', async () => {
    const mode = (await coordinator({ method: 'GET', url: '/api/mode' })).json<{ version: number }>();
    await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'Period', reason: 'Ny period', expectedVersion: mode.version },
    });
    const s = await situationOf(coordinator);
    expect(s.period).toMatch(/^A\d+$/);
    expect(s.counts.reported).toBe(0);
    const r = await report(tibStockholm);
    expect(r).toMatchObject({ period: s.period, number: 1 });
  });
});
