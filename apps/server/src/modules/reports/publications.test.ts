import type { Callout, Publication, PublicationSummary, Report, Situation } from '@samverkan/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, startTestApp, type TestApp } from '../../testing/harness.ts';
import { checkWellFormed } from '../../testing/xml.ts';

let t: TestApp;
let coordinator: ReturnType<typeof as>;
let tibStockholm: ReturnType<typeof as>;
let tibPolisen: ReturnType<typeof as>;
let viewer: ReturnType<typeof as>;

const body = (extra: Record<string, unknown> = {}) => ({
  status: 'submitted',
  version: 'initial',
  situation: 'Översvämning <Mälaren> & "Saltsjön"',
  sectors: [{ sector: 'vatten-avlopp', impact: 'critical', comment: 'Reningsverk, översvämmat' }],
  needs: [{ text: 'Pumpar' }],
  measuresTaken: 'Sandsäckar utlagda',
  nextReportAt: '2026-11-24T08:00:00+01:00',
  classification: 'open',
  ...extra,
});

async function report(who: ReturnType<typeof as>, extra: Record<string, unknown> = {}) {
  const res = await who({ method: 'POST', url: '/api/reports', payload: body(extra) });
  if (res.statusCode !== 201) throw new Error(`report failed: ${res.statusCode} ${res.body}`);
  return res.json<Report>();
}

beforeAll(async () => {
  t = await startTestApp();
  coordinator = as(t.app, (await login(t.app, 'rsib@samverkan.test')).cookie);
  tibStockholm = as(t.app, (await login(t.app, 'tib.stockholm@samverkan.test')).cookie);
  tibPolisen = as(t.app, (await login(t.app, 'tib.polisen@samverkan.test')).cookie);
  viewer = as(t.app, (await login(t.app, 'observator@samverkan.test')).cookie);
});

afterAll(async () => {
  await t?.close();
});

describe('published regional pictures', () => {
  it('are numbered per period, listed, opened, and never show a Sekretess report', async () => {
    await report(tibStockholm);
    await report(tibPolisen, {
      classification: 'secret',
      sectors: [{ sector: 'allman-ordning-sakerhet', impact: 'critical' }],
    });
    expect((await viewer({ method: 'POST', url: '/api/situation/publications' })).statusCode).toBe(403);
    const first = await coordinator({ method: 'POST', url: '/api/situation/publications' });
    expect(first.statusCode).toBe(201);
    const p1 = first.json<Publication>();
    expect(p1.number).toBe(1);
    expect(p1.title).toMatch(/^Regional lägesbild v\.\d+, nr 1$/);
    const police = p1.situation.actors.find((a) => a.actorId === 'polisregion-stockholm');
    expect(police).toMatchObject({ report: null, restricted: true });
    expect(JSON.stringify(p1)).not.toContain('allman-ordning-sakerhet","impact"');

    // A later report does not change what was published.
    await report(tibStockholm, { version: 'update', situation: 'Vattnet sjunker <långsamt> & stadigt' });
    const p2 = (await coordinator({ method: 'POST', url: '/api/situation/publications' })).json<Publication>();
    expect(p2.number).toBe(2);
    const list = (await viewer({ method: 'GET', url: '/api/situation/publications' })).json<PublicationSummary[]>();
    expect(list.map((p) => p.number)).toEqual([2, 1]);
    const reopened = (await viewer({ method: 'GET', url: `/api/situation/publications/${p1.id}` })).json<Publication>();
    expect(reopened.situation.actors.find((a) => a.actorId === 'stockholms-stad')?.report?.situation).toBe(
      'Översvämning <Mälaren> & "Saltsjön"',
    );
  });

  it('export as CSV: a row per actor, a column per sector', async () => {
    const [latest] = (await viewer({ method: 'GET', url: '/api/situation/publications' })).json<PublicationSummary[]>();
    const res = await viewer({ method: 'GET', url: `/api/situation/publications/${latest?.id}/csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines).toHaveLength(38);
    expect(lines[0]).toContain('actor_id,actor,status,report_number,version,submitted_at,worst_impact,energi');
    const stockholm = lines.find((l) => l.startsWith('stockholms-stad,'));
    expect(stockholm).toContain(',reported,2,update,');
    expect(stockholm).toContain('critical');
    expect(lines.find((l) => l.startsWith('polisregion-stockholm,'))).toContain(',restricted,');
  });
});

describe('EDXL-SitRep export', () => {
  it('gives an actor’s report as well-formed SitRep XML with its number, version and next contact', async () => {
    const [latest] = (await viewer({ method: 'GET', url: '/api/actors/stockholms-stad/reports' })).json<Report[]>();
    const res = await viewer({ method: 'GET', url: `/api/reports/${latest?.id}/sitrep.xml` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    expect(res.body).toContain('xmlns="urn:oasis:names:tc:emergency:EDXL:SitRep:1.0"');
    expect(res.body).toContain('<ReportNumber>2</ReportNumber>');
    expect(res.body).toContain('<ReportVersion>Update</ReportVersion>');
    expect(res.body).toContain('<NextContact>2026-11-24T08:00:00+01:00</NextContact>');
    expect(res.body).toContain('Vattnet sjunker &lt;långsamt&gt; &amp; stadigt');
    const check = await checkWellFormed(res.body);
    expect(check.errors).toEqual([]);
    expect(check.valid).toBe(true);
  });

  it('never exports a Sekretess report', async () => {
    const [secret] = (await coordinator({ method: 'GET', url: '/api/actors/polisregion-stockholm/reports' })).json<
      Report[]
    >();
    expect(secret?.classification).toBe('secret');
    expect((await coordinator({ method: 'GET', url: `/api/reports/${secret?.id}/sitrep.xml` })).statusCode).toBe(404);
  });
});

describe('reporting rounds', () => {
  it('are opened only while activated, with a future deadline; the period becomes the round', async () => {
    const deadline = new Date(Date.now() + 3600_000).toISOString();
    expect(
      (await coordinator({ method: 'POST', url: '/api/situation/rounds', payload: { deadline } })).statusCode,
    ).toBe(409);
    const mode = (await coordinator({ method: 'GET', url: '/api/mode' })).json<{ version: number }>();
    await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 'Översvämning', reason: 'Höga flöden', expectedVersion: mode.version },
    });
    const past = await coordinator({
      method: 'POST',
      url: '/api/situation/rounds',
      payload: { deadline: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().details[0].path).toBe('deadline');
    expect(
      (await tibStockholm({ method: 'POST', url: '/api/situation/rounds', payload: { deadline } })).statusCode,
    ).toBe(403);
    const res = await coordinator({ method: 'POST', url: '/api/situation/rounds', payload: { deadline } });
    expect(res.statusCode).toBe(201);
    const s = (await viewer({ method: 'GET', url: '/api/situation' })).json<Situation>();
    expect(s.period).toMatch(/^A\d+-R1$/);
    expect(s.round).toMatchObject({ number: 1, deadline: new Date(deadline).toISOString() });
    expect(s.counts.reported).toBe(0);
  });

  it('reminds those who have not reported, through the call-out queue', async () => {
    await report(tibStockholm);
    const res = await coordinator({ method: 'POST', url: '/api/situation/reminders' });
    expect(res.statusCode).toBe(200);
    const { actorIds, notificationId } = res.json<{ actorIds: string[]; notificationId: string }>();
    expect(actorIds).toHaveLength(36);
    expect(actorIds).not.toContain('stockholms-stad');
    const callout = (await coordinator({ method: 'GET', url: `/api/callouts/${notificationId}` })).json<Callout>();
    expect(callout.title).toMatch(/^Påminnelse: lägesrapport A\d+-R1$/);
    expect(callout.reason).toContain('senast');
    expect(callout.actors.map((a) => a.actorId).sort()).toEqual([...actorIds].sort());
  });
});
