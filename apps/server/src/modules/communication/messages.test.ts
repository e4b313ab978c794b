import type { LiveEventOf, Message, MessagePresence, MessageSummary } from '@samverkan/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { loadConfig } from '../../config.ts';
import {
  as,
  connect,
  DEMO_PASSWORD,
  login,
  startTestApp,
  type TestApp,
  type TestSocket,
  waitFor,
} from '../../testing/harness.ts';
import { startSmtpSink } from '../../testing/sinks.ts';
import { checkWellFormed, validateCap } from '../../testing/xml.ts';
import { saveUser } from '../auth/users.ts';

/**
 * The communication desk through the real API on a real database and queue:
 * the status flow with required agreements, concurrent edits, new versions
 * and withdrawal with their CAP references, live pushes and presence, the
 * e-mails to every actor's communicators, and the public routes, which must
 * never show an internal message.
 */

type Client = ReturnType<typeof as>;
/** The little of the DOM that the feed checks read. */
interface XmlElement {
  localName: string;
  namespaceURI: string | null;
  textContent: string | null;
  childNodes: ArrayLike<unknown>;
  getAttribute(name: string): string | null;
}
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let kim: Client; // communicator, Region Stockholm
let sara: Client; // communicator, Stockholms stad
let rsib: Client; // regional coordinator
let tib: Client; // duty officer, Stockholms stad
let viewer: Client;
let anonymous: Client;
let cookies: Record<string, string>;

const KIM = 'kommunikator.region@samverkan.test';
const SARA = 'kommunikator.stockholm@samverkan.test';

const draft = (extra: Record<string, unknown> = {}) => ({
  headline: 'Koka dricksvattnet i Nacka och Värmdö',
  body: 'Vattnet kan vara förorenat efter ett ledningsbrott.\n\nProver tas under dagen.',
  instruction: 'Koka vattnet i minst tre minuter innan du dricker det.',
  languages: { en: { headline: 'Boil drinking water in Nacka and Värmdö', body: 'The water may be contaminated.' } },
  areas: ['0182', '0120'],
  classification: 'public',
  responsibleActorId: 'stockholms-stad',
  ...extra,
});

async function ok<T = Message>(res: Promise<{ statusCode: number; body: string; json<J>(): J }>, status = 200) {
  const r = await res;
  if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode}: ${r.body}`);
  return r.json<T>();
}

const post = (who: Client, url: string, payload?: Record<string, unknown>) =>
  who({ method: 'POST', url, ...(payload === undefined ? {} : { payload }) });

/** Drafts as Kim, consults, and has Sara (responsible actor) and the coordinator agree. */
async function agreedMessage(extra: Record<string, unknown> = {}): Promise<Message> {
  const m = await ok(post(kim, '/api/messages', draft(extra)), 201);
  await ok(post(kim, `/api/messages/${m.id}/consult`, {}));
  await ok(post(sara, `/api/messages/${m.id}/agree`, { revision: m.revision }));
  return ok(post(rsib, `/api/messages/${m.id}/agree`, { revision: m.revision }));
}

async function publicGet(url: string) {
  const res = await anonymous({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body };
}

/** The CAP document behind a public URL (the app's own origin is stripped for inject). */
async function capOf(capUrl: string) {
  return publicGet(new URL(capUrl).pathname);
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  await t.listen();
  cookies = {};
  for (const email of [KIM, SARA, 'rsib@samverkan.test', 'tib.stockholm@samverkan.test', 'observator@samverkan.test']) {
    cookies[email] = (await login(t.app, email)).cookie;
  }
  kim = as(t.app, cookies[KIM] ?? '');
  sara = as(t.app, cookies[SARA] ?? '');
  rsib = as(t.app, cookies['rsib@samverkan.test'] ?? '');
  tib = as(t.app, cookies['tib.stockholm@samverkan.test'] ?? '');
  viewer = as(t.app, cookies['observator@samverkan.test'] ?? '');
  anonymous = (opts) => t.app.inject(opts);
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('drafting', () => {
  it('lets communicators and coordinators draft, and names the field of bad input', async () => {
    const m = await ok(post(kim, '/api/messages', draft()), 201);
    expect(m).toMatchObject({
      status: 'draft',
      version: 1,
      revision: 1,
      seriesId: m.id,
      exercise: false,
      responsibleActor: { id: 'stockholms-stad', name: 'Stockholms stad' },
      author: { name: 'Kim Kommunikatör', actorId: 'region-stockholm' },
      languages: { en: { headline: 'Boil drinking water in Nacka and Värmdö' } },
      consulted: null,
      capUrl: null,
    });
    expect(m.history).toEqual([expect.objectContaining({ from: null, to: 'draft' })]);

    for (const who of [tib, viewer]) expect((await post(who, '/api/messages', draft())).statusCode).toBe(403);
    expect((await anonymous({ method: 'POST', url: '/api/messages', payload: draft() })).statusCode).toBe(401);

    const bad = await post(kim, '/api/messages', draft({ areas: ['9999'] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation', details: [expect.objectContaining({ path: 'areas.0' })] });
    const mixed = await post(kim, '/api/messages', draft({ areas: ['county', '0180'] }));
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().details[0].path).toBe('areas');
    const noHeadline = await post(kim, '/api/messages', draft({ headline: '  ' }));
    expect(noHeadline.json().details[0].path).toBe('headline');
    const unknownActor = await post(kim, '/api/messages', draft({ responsibleActorId: 'finns-inte' }));
    expect(unknownActor.statusCode).toBe(400);
    expect(unknownActor.json().details[0].path).toBe('responsibleActorId');
  });

  it('keeps drafts on the desk: others see only what has been published', async () => {
    const m = await ok(post(kim, '/api/messages', draft({ headline: 'Utkast som inte syns' })), 201);
    expect((await viewer({ method: 'GET', url: `/api/messages/${m.id}` })).statusCode).toBe(404);
    const list = await ok<MessageSummary[]>(viewer({ method: 'GET', url: '/api/messages' }));
    expect(list.find((x) => x.id === m.id)).toBeUndefined();
    const desk = await ok<MessageSummary[]>(sara({ method: 'GET', url: '/api/messages?status=draft' }));
    expect(desk.find((x) => x.id === m.id)).toBeDefined();
  });
});

describe('the status flow', () => {
  it('goes draft → consultation → agreed → published, recording who and when, and enforces the required agreements', async () => {
    const m = await ok(post(kim, '/api/messages', draft({ headline: 'Flöde' })), 201);
    expect(m.can).toMatchObject({ edit: true, consult: true, publish: false, answer: false });

    // Nothing may be answered or published before consultation.
    expect((await post(sara, `/api/messages/${m.id}/agree`, {})).statusCode).toBe(409);
    const early = await post(kim, `/api/messages/${m.id}/publish`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: 'agreements_missing', status: 'draft' });

    // Kim asks two actors; their duty officers (not communicators) do not even see the consultation.
    const consulted = await ok(
      post(kim, `/api/messages/${m.id}/consult`, { actorIds: ['stockholms-stad', 'polisregion-stockholm'] }),
    );
    expect(consulted.status).toBe('consultation');
    expect(consulted.consulted?.map((c) => [c.actorId, c.answer])).toEqual([
      ['stockholms-stad', null],
      ['polisregion-stockholm', null],
    ]);
    expect(consulted.requirements).toEqual([
      { requirement: 'responsible', actorId: 'stockholms-stad', met: false, byName: null },
      { requirement: 'coordinator', actorId: null, met: false, byName: null },
    ]);
    expect((await post(tib, `/api/messages/${m.id}/agree`, {})).statusCode).toBe(404);
    // A communicator of an actor that was not consulted may not answer.
    await saveUser(t.app.db, {
      email: 'kommunikator.solna@samverkan.test',
      name: 'Sol Kommunikatör Solna',
      role: 'communicator',
      actorId: 'solna-kommun',
      password: DEMO_PASSWORD,
    });
    const solna = as(t.app, (await login(t.app, 'kommunikator.solna@samverkan.test')).cookie);
    expect((await post(solna, `/api/messages/${m.id}/agree`, {})).statusCode).toBe(403);

    // The responsible actor agrees: one of two.
    const one = await ok(post(sara, `/api/messages/${m.id}/agree`, { revision: 1, comment: 'Bra' }));
    expect(one.status).toBe('consultation');
    expect(one.agreements).toEqual({ met: 1, required: 2 });
    const missing = await post(kim, `/api/messages/${m.id}/publish`, {});
    expect(missing.statusCode).toBe(409);
    expect(missing.json().missing).toEqual([{ requirement: 'coordinator', actorId: null, met: false, byName: null }]);

    // The coordinator agrees: agreed.
    const agreed = await ok(post(rsib, `/api/messages/${m.id}/agree`, {}));
    expect(agreed.status).toBe('agreed');
    expect(agreed.requirements.every((r) => r.met)).toBe(true);
    expect(agreed.requirements.map((r) => r.byName)).toEqual([
      'Sara Kommunikatör Stockholm',
      'Rasmus Samordnare (RSIB)',
    ]);

    // Only an editor publishes: the viewer may not, and does not see the message until it is out.
    expect((await post(viewer, `/api/messages/${m.id}/publish`, {})).statusCode).toBe(404);
    const published = await ok(post(kim, `/api/messages/${m.id}/publish`, { revision: agreed.revision }));
    expect(published.status).toBe('published');
    expect(published.publishedAt).not.toBeNull();
    expect(published.capUrl).toMatch(/\/public\/cap\/[0-9a-f-]{36}\.xml$/);
    expect(published.history.map((h) => [h.from, h.to, h.by.name])).toEqual([
      [null, 'draft', 'Kim Kommunikatör'],
      ['draft', 'consultation', 'Kim Kommunikatör'],
      ['consultation', 'agreed', 'Rasmus Samordnare (RSIB)'],
      ['agreed', 'published', 'Kim Kommunikatör'],
    ]);
    for (const h of published.history) expect(Date.parse(h.at)).not.toBeNaN();

    // Published, it is out of the desk's hands: no more edits or answers.
    expect(
      (await kim({ method: 'PATCH', url: `/api/messages/${m.id}`, payload: { revision: 1, headline: 'x' } }))
        .statusCode,
    ).toBe(409);
    expect((await post(sara, `/api/messages/${m.id}/object`, { comment: 'sent' })).statusCode).toBe(409);
    // And everyone logged in can now read it.
    expect((await viewer({ method: 'GET', url: `/api/messages/${m.id}` })).statusCode).toBe(200);
  });

  it('counts an objection against the requirement, and an edit voids earlier agreements', async () => {
    const m = await agreedMessage({ headline: 'Invändning' });
    expect(m.status).toBe('agreed');

    const objected = await ok(
      post(sara, `/api/messages/${m.id}/object`, { comment: 'Fel tid', proposal: 'Skriv kl. 18 i stället' }),
    );
    expect(objected.status).toBe('consultation');
    expect(objected.consulted?.find((c) => c.actorId === 'stockholms-stad')).toMatchObject({
      answer: 'object',
      comment: 'Fel tid',
    });
    expect(objected.answers.at(-1)).toMatchObject({ kind: 'object', proposal: 'Skriv kl. 18 i stället' });
    expect(objected.history.at(-1)).toMatchObject({ from: 'agreed', to: 'consultation' });
    expect((await post(sara, `/api/messages/${m.id}/object`, { comment: ' ' })).statusCode).toBe(400);

    const again = await ok(post(sara, `/api/messages/${m.id}/agree`, {}));
    expect(again.status).toBe('agreed');

    // Kim changes the text: the agreements were to the earlier revision.
    const edited = await ok(
      kim({ method: 'PATCH', url: `/api/messages/${m.id}`, payload: { revision: again.revision, body: 'Ny text' } }),
    );
    expect(edited).toMatchObject({ status: 'consultation', revision: again.revision + 1, body: 'Ny text' });
    expect(edited.requirements.every((r) => !r.met)).toBe(true);
    // An agreement to the old revision is refused, so no one agrees to a text they have not read.
    const stale = await post(sara, `/api/messages/${m.id}/agree`, { revision: again.revision });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'stale_revision', current: { revision: edited.revision } });
  });

  it('lets the setting require every consulted actor', async () => {
    const strict = await startTestApp({ env: { MESSAGE_REQUIRED_AGREEMENTS: 'coordinator,consulted' } });
    try {
      const as2 = async (email: string) => as(strict.app, (await login(strict.app, email)).cookie);
      const [k, s, c] = [await as2(KIM), await as2(SARA), await as2('rsib@samverkan.test')];
      const m = await ok(post(k, '/api/messages', draft()), 201);
      await ok(post(k, `/api/messages/${m.id}/consult`, { actorIds: ['stockholms-stad', 'region-stockholm'] }));
      await ok(post(c, `/api/messages/${m.id}/agree`, {}));
      const partly = await ok(post(s, `/api/messages/${m.id}/agree`, {}));
      expect(partly.status).toBe('consultation');
      expect(partly.requirements.filter((r) => !r.met)).toEqual([
        { requirement: 'consulted', actorId: 'region-stockholm', met: false, byName: null },
      ]);
      expect((await ok(post(k, `/api/messages/${m.id}/agree`, {}))).status).toBe('agreed');
    } finally {
      await strict.close();
    }
    expect(() => loadConfig({ MESSAGE_REQUIRED_AGREEMENTS: 'everyone' })).toThrow(/MESSAGE_REQUIRED_AGREEMENTS/);
  });
});

describe('concurrent edits', () => {
  it('refuses an edit made on a revision someone else has saved over, returning the message as it now is', async () => {
    const m = await ok(post(kim, '/api/messages', draft({ headline: 'Samtidigt' })), 201);
    const first = await ok(
      rsib({
        method: 'PATCH',
        url: `/api/messages/${m.id}`,
        payload: { revision: 1, headline: 'Samordnarens rubrik' },
      }),
    );
    expect(first.revision).toBe(2);
    const second = await kim({
      method: 'PATCH',
      url: `/api/messages/${m.id}`,
      payload: { revision: 1, body: 'Kims text' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      error: 'edit_conflict',
      current: { revision: 2, headline: 'Samordnarens rubrik', body: draft().body },
    });
    // Resolved on top of the current revision: both changes stand.
    const merged = await ok(
      kim({ method: 'PATCH', url: `/api/messages/${m.id}`, payload: { revision: 2, body: 'Kims text' } }),
    );
    expect(merged).toMatchObject({ revision: 3, headline: 'Samordnarens rubrik', body: 'Kims text' });
    // Of two saves racing on one revision, exactly one wins.
    const race = await Promise.all(
      ['A', 'B'].map((x) => kim({ method: 'PATCH', url: `/api/messages/${m.id}`, payload: { revision: 3, body: x } })),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('lets only the author’s and the responsible actor’s communicators, and coordinators, edit', async () => {
    const m = await ok(post(kim, '/api/messages', draft({ responsibleActorId: 'region-stockholm' })), 201);
    const res = await sara({ method: 'PATCH', url: `/api/messages/${m.id}`, payload: { revision: 1, body: 'x' } });
    expect(res.statusCode).toBe(403);
    expect((await post(sara, `/api/messages/${m.id}/consult`, {})).statusCode).toBe(403);
  });
});

describe('versions, withdrawal and CAP', () => {
  it('publishes an update as a new version that references the earlier alert, and a withdrawal as a Cancel', async () => {
    const v1 = await ok(
      post(kim, `/api/messages/${(await agreedMessage({ headline: 'Version ett' })).id}/publish`, {}),
    );
    const alert = await capOf(v1.capUrl ?? '');
    expect(alert.status).toBe(200);
    expect(alert.type).toContain('application/cap+xml');
    expect((await validateCap(alert.body)).errors).toEqual([]);
    expect(alert.body).toContain('<msgType>Alert</msgType>');
    const alertId = alert.body.match(/<identifier>([^<]+)<\/identifier>/)?.[1];
    const alertSent = alert.body.match(/<sent>([^<]+)<\/sent>/)?.[1];
    const sender = alert.body.match(/<sender>([^<]+)<\/sender>/)?.[1];
    expect(sender).toBe('127.0.0.1');

    // A new version: a draft again, consulted and agreed before it replaces version 1.
    const v2 = await ok(post(kim, `/api/messages/${v1.id}/update`, { headline: 'Version två' }), 201);
    expect(v2).toMatchObject({ version: 2, previousId: v1.id, seriesId: v1.seriesId, status: 'draft', body: v1.body });
    const twice = await post(kim, `/api/messages/${v1.id}/update`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: 'version_in_progress', messageId: v2.id });
    await ok(post(kim, `/api/messages/${v2.id}/consult`, {}));
    await ok(post(sara, `/api/messages/${v2.id}/agree`, {}));
    await ok(post(rsib, `/api/messages/${v2.id}/agree`, {}));
    const published2 = await ok(post(kim, `/api/messages/${v2.id}/publish`, {}));
    expect(published2.status).toBe('published');
    expect((await ok(kim({ method: 'GET', url: `/api/messages/${v1.id}` }))).status).toBe('superseded');

    const update = await capOf(published2.capUrl ?? '');
    expect((await validateCap(update.body)).errors).toEqual([]);
    expect(update.body).toContain('<msgType>Update</msgType>');
    expect(update.body).toContain(`<references>${sender},${alertId},${alertSent}</references>`);
    const updateId = update.body.match(/<identifier>([^<]+)<\/identifier>/)?.[1];
    const updateSent = update.body.match(/<sent>([^<]+)<\/sent>/)?.[1];

    const withdrawn = await ok(post(kim, `/api/messages/${v2.id}/withdraw`, { reason: 'Vattnet är rent igen' }));
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawReason: 'Vattnet är rent igen' });
    expect(withdrawn.history.at(-1)).toMatchObject({
      from: 'published',
      to: 'withdrawn',
      comment: 'Vattnet är rent igen',
    });
    expect((await post(kim, `/api/messages/${v2.id}/withdraw`, {})).statusCode).toBe(409);

    // The CAP index lists all three documents, newest first; the Cancel refers to the Update.
    const index = await publicGet('/public/cap.atom');
    const links = [...index.body.matchAll(/<link href="([^"]+\/public\/cap\/[^"]+\.xml)" rel="alternate"/g)].map(
      (x) => x[1] ?? '',
    );
    const docs = await Promise.all(links.map((l) => capOf(l)));
    const ours = docs.filter((d) => d.body.includes(v1.seriesId));
    expect(ours.map((d) => d.body.match(/<msgType>(\w+)<\/msgType>/)?.[1])).toEqual(['Cancel', 'Update', 'Alert']);
    const cancel = ours[0]?.body ?? '';
    expect((await validateCap(cancel)).errors).toEqual([]);
    expect(cancel).toContain(`<references>${sender},${updateId},${updateSent}</references>`);
    expect(cancel).toContain('Vattnet är rent igen');
    for (const d of docs) expect((await validateCap(d.body)).errors).toEqual([]);
  });

  it('ends a new version still in preparation when the published one is withdrawn', async () => {
    const v1 = await ok(post(kim, `/api/messages/${(await agreedMessage({ headline: 'Med utkast' })).id}/publish`, {}));
    const v2 = await ok(post(kim, `/api/messages/${v1.id}/update`, { body: 'Rättad text' }), 201);
    await ok(post(kim, `/api/messages/${v1.id}/withdraw`, { reason: 'Inte längre aktuellt' }));
    const ended = await ok(kim({ method: 'GET', url: `/api/messages/${v2.id}` }));
    expect(ended.status).toBe('withdrawn');
    expect(ended.history.at(-1)).toMatchObject({ from: 'draft', to: 'withdrawn', comment: 'version 1 was withdrawn' });
    expect(ended.can).toMatchObject({ edit: false, publish: false });
    expect((await post(kim, `/api/messages/${v2.id}/consult`, {})).statusCode).toBe(409);
  });

  it('marks exercise messages ÖVNING and gives their CAP documents the status Exercise', async () => {
    const m = await ok(
      post(
        kim,
        `/api/messages/${(await agreedMessage({ headline: 'Övningsbudskap', exercise: true })).id}/publish`,
        {},
      ),
    );
    expect(m.exercise).toBe(true);
    const cap = await capOf(m.capUrl ?? '');
    expect((await validateCap(cap.body)).errors).toEqual([]);
    expect(cap.body).toContain('<status>Exercise</status>');
    expect(cap.body).toContain('ÖVNING: Övningsbudskap');
    expect((await publicGet('/public')).body).toMatch(/ÖVNING[^<]*<\/strong>[\s\S]*Övningsbudskap/);
    expect((await publicGet('/public/feed.atom')).body).toContain('<title>ÖVNING: Övningsbudskap</title>');
  });

  it('rejects CAP ids that are not documents with 404', async () => {
    expect((await publicGet('/public/cap/not-a-uuid.xml')).status).toBe(404);
    expect((await publicGet('/public/cap/2b9c0d7e-1111-4222-8333-444455556666.xml')).status).toBe(404);
  });
});

describe('the public routes', () => {
  it('never show an internal message, published or withdrawn', async () => {
    const secretHeadline = `Interna talepunkter ${Date.now()}`;
    const internal = await agreedMessage({
      headline: secretHeadline,
      classification: 'internal',
      languages: undefined,
    });
    const published = await ok(post(kim, `/api/messages/${internal.id}/publish`, {}));
    expect(published.capUrl).toBeNull();
    const check = async () => {
      for (const url of [
        '/public',
        '/public?lang=en',
        '/public/feed.atom',
        '/public/feed.atom?lang=en',
        '/public/cap.atom',
      ]) {
        const res = await publicGet(url);
        expect(res.status).toBe(200);
        expect(res.body).not.toContain(secretHeadline);
        expect(res.body).not.toContain(internal.id);
      }
      const index = await publicGet('/public/cap.atom');
      for (const [, link] of index.body.matchAll(/<link href="([^"]+\.xml)"/g)) {
        expect((await capOf(link ?? '')).body).not.toContain(secretHeadline);
      }
    };
    await check();
    await ok(post(kim, `/api/messages/${internal.id}/withdraw`, { reason: 'Inaktuellt' }));
    await check();
    // Shared among the actors, though: every logged-in user reads it.
    expect((await ok(viewer({ method: 'GET', url: `/api/messages/${internal.id}` }))).headline).toBe(secretHeadline);
  });

  it('list published public messages newest first in Swedish and English, and withdrawn ones marked', async () => {
    const first = await ok(
      post(kim, `/api/messages/${(await agreedMessage({ headline: 'Först publicerad' })).id}/publish`, {}),
    );
    const second = await ok(
      post(
        kim,
        `/api/messages/${(await agreedMessage({ headline: 'Sist publicerad', languages: undefined })).id}/publish`,
        {},
      ),
    );
    const page = await publicGet('/public');
    expect(page.type).toContain('text/html');
    expect(page.body).toContain('<html lang="sv">');
    expect(page.body.indexOf('Sist publicerad')).toBeLessThan(page.body.indexOf('Först publicerad'));
    expect(page.body).toContain(`href="${second.capUrl}"`);
    expect(page.body).toContain('Koka vattnet i minst tre minuter');
    const en = await publicGet('/public?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Boil drinking water in Nacka and Värmdö');
    expect(en.body).toMatch(
      /Available in Swedish only[\s\S]*Sist publicerad|Sist publicerad[\s\S]*Available in Swedish only/,
    );

    await ok(post(kim, `/api/messages/${first.id}/withdraw`, { reason: 'Fel' }));
    const after = await publicGet('/public');
    expect(after.body).toMatch(/Återkallat<\/span> Först publicerad/);
  });

  it('serve Atom feeds that are well-formed and carry the elements RFC 4287 requires', async () => {
    await ok(post(kim, `/api/messages/${(await agreedMessage({ headline: 'I flödet' })).id}/publish`, {}));
    for (const url of ['/public/feed.atom', '/public/cap.atom']) {
      const res = await publicGet(url);
      expect(res.type).toContain('application/atom+xml');
      expect((await checkWellFormed(res.body)).errors).toEqual([]);
      const feed = create(res.body).root().node as unknown as XmlElement;
      expect(feed.namespaceURI).toBe('http://www.w3.org/2005/Atom');
      expect(feed.localName).toBe('feed');
      const child = (el: XmlElement, name: string) =>
        Array.from(el.childNodes).filter((n): n is XmlElement => (n as XmlElement).localName === name);
      for (const name of ['id', 'title', 'updated', 'author']) expect(child(feed, name)).toHaveLength(1);
      expect(child(feed, 'link').some((l) => l.getAttribute('rel') === 'self')).toBe(true);
      expect(Date.parse(child(feed, 'updated')[0]?.textContent ?? '')).not.toBeNaN();
      const entries = child(feed, 'entry');
      expect(entries.length).toBeGreaterThan(0);
      const ids = new Set<string>();
      for (const e of entries) {
        for (const name of ['id', 'title', 'updated', 'author']) expect(child(e, name)).toHaveLength(1);
        ids.add(child(e, 'id')[0]?.textContent ?? '');
        expect(child(e, 'link').length).toBeGreaterThan(0);
      }
      expect(ids.size).toBe(entries.length);
    }
  });
});

describe('live', () => {
  it('pushes changes to the desk, shows who is editing, and tells every actor’s communicators when published', async () => {
    const kimSocket = connect(t.url, cookies[KIM]);
    const saraSocket = connect(t.url, cookies[SARA]);
    const viewerSocket = connect(t.url, cookies['observator@samverkan.test']);
    const seen = { kim: [] as MessagePresence[], sara: [] as MessagePresence[] };
    const changes: Record<string, Array<LiveEventOf<'message:changed'>>> = { sara: [], viewer: [] };
    const inApp: string[] = [];
    kimSocket.on('message:presence', (p) => seen.kim.push(p));
    saraSocket.on('message:presence', (p) => seen.sara.push(p));
    saraSocket.on('message:changed', (e) => changes.sara?.push(e));
    viewerSocket.on('message:changed', (e) => changes.viewer?.push(e));
    saraSocket.on('notification:received', (e) => inApp.push(e.data.notification.title));
    const connected = (s: TestSocket) =>
      new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve())));
    await Promise.all([kimSocket, saraSocket, viewerSocket].map(connected));
    try {
      const m = await ok(post(kim, '/api/messages', draft({ headline: 'Live' })), 201);
      await waitFor(() => changes.sara?.find((e) => e.data.messageId === m.id && e.data.status === 'draft'));

      kimSocket.emit('message:editing', { messageId: m.id, editing: true });
      await waitFor(() => seen.kim.find((p) => p.messageId === m.id && p.editors.length === 1));
      saraSocket.emit('message:editing', { messageId: m.id, editing: true });
      const both = await waitFor(() => seen.kim.find((p) => p.messageId === m.id && p.editors.length === 2));
      expect(both.editors.map((e) => e.name).sort()).toEqual(['Kim Kommunikatör', 'Sara Kommunikatör Stockholm']);
      // A dropped connection leaves the room too.
      saraSocket.disconnect();
      await waitFor(() => seen.kim.filter((p) => p.messageId === m.id).at(-1)?.editors.length === 1 || undefined);
      expect(
        seen.kim
          .filter((p) => p.messageId === m.id)
          .at(-1)
          ?.editors.map((e) => e.name),
      ).toEqual(['Kim Kommunikatör']);
      saraSocket.connect();
      await connected(saraSocket);

      // Consulted, the communicators of the actors asked hear of it: by e-mail and in the dashboard.
      await ok(post(kim, `/api/messages/${m.id}/consult`, { actorIds: ['stockholms-stad', 'solna-kommun'] }));
      const asked = await waitFor(() => {
        const x = smtp.received.filter((mail) => mail.subject === 'Samråd om samordnat budskap: Live');
        return x.length >= 2 ? x : undefined;
      }, 15_000);
      expect(asked.flatMap((x) => x.to).sort()).toEqual([SARA, 'kommunikator.solna@samverkan.test'].sort());
      expect(asked[0]?.text).toContain('ombeds instämma i eller invända mot ett samordnat budskap');
      await waitFor(() => (inApp.includes('Live') ? true : undefined));
      const saraList = await ok<Array<{ kind: string; title: string }>>(
        sara({ method: 'GET', url: '/api/notifications' }),
      );
      expect(saraList.find((n) => n.kind === 'consultation' && n.title === 'Live')).toBeDefined();
      const tibList = await ok<Array<{ kind: string }>>(tib({ method: 'GET', url: '/api/notifications' }));
      expect(tibList.find((n) => n.kind === 'consultation')).toBeUndefined();

      await ok(post(sara, `/api/messages/${m.id}/agree`, {}));
      await ok(post(rsib, `/api/messages/${m.id}/agree`, {}));
      await waitFor(() => changes.sara?.find((e) => e.data.messageId === m.id && e.data.status === 'agreed'));
      // Drafts and consultations stay on the desk.
      expect(changes.viewer?.filter((e) => e.data.messageId === m.id)).toEqual([]);

      const mailsBefore = smtp.received.length;
      await ok(post(kim, `/api/messages/${m.id}/publish`, {}));
      await waitFor(() => changes.viewer?.find((e) => e.data.messageId === m.id && e.data.status === 'published'));
      await waitFor(() => (inApp.filter((x) => x === 'Live').length >= 2 ? true : undefined));

      // E-mail through the call-out queue to the communicators of every actor (not to other roles).
      const mails = await waitFor(() => {
        const fresh = smtp.received.slice(mailsBefore).filter((x) => x.subject === 'Samordnat budskap: Live');
        return fresh.length >= 3 ? fresh : undefined;
      }, 15_000);
      // Kim, Sara and the Solna communicator added above: every communicator, of every actor.
      expect(mails.flatMap((x) => x.to).sort()).toEqual([SARA, KIM, 'kommunikator.solna@samverkan.test'].sort());
      const mail = mails[0];
      expect(mail?.subject).toBe('Samordnat budskap: Live');
      expect(mail?.text).toContain('Vattnet kan vara förorenat');
      expect(mail?.text).toContain('Koka vattnet i minst tre minuter');
      expect(mail?.text).not.toContain('/ack/');
    } finally {
      for (const s of [kimSocket, saraSocket, viewerSocket]) s.disconnect();
    }
  });
});
