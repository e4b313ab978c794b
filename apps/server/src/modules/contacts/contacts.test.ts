import type { Contact, ContactBody, LiveEventOf } from '@samverkan/contracts';
import { schema } from '@samverkan/db';
import { asc, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, connect, login, startTestApp, type TestApp } from '../../testing/harness.ts';

let t: TestApp;
let admin: ReturnType<typeof as>;
let coordinator: ReturnType<typeof as>;
let tibStockholm: ReturnType<typeof as>;
let tibPolisen: ReturnType<typeof as>;
let viewer: ReturnType<typeof as>;
let communicator: ReturnType<typeof as>;
let coordinatorCookie: string;

beforeAll(async () => {
  t = await startTestApp();
  await t.listen();
  admin = as(t.app, (await login(t.app, 'admin@samverkan.test')).cookie);
  coordinatorCookie = (await login(t.app, 'rsib@samverkan.test')).cookie;
  coordinator = as(t.app, coordinatorCookie);
  tibStockholm = as(t.app, (await login(t.app, 'tib.stockholm@samverkan.test')).cookie);
  tibPolisen = as(t.app, (await login(t.app, 'tib.polisen@samverkan.test')).cookie);
  viewer = as(t.app, (await login(t.app, 'observator@samverkan.test')).cookie);
  communicator = as(t.app, (await login(t.app, 'kommunikator.region@samverkan.test')).cookie);
});
afterAll(() => t?.close());

type Client = ReturnType<typeof as>;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A valid body with one email channel made from the name (`Bo Åberg` → `bo.aberg@example.se`). */
function body(name: string, extra: Partial<ContactBody> = {}): Record<string, unknown> {
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replaceAll(' ', '.');
  return { name, channels: [{ type: 'email', address: `${local}@example.se` }], ...extra };
}

async function add(who: Client, actorId: string, name: string): Promise<Contact> {
  const res = await who({ method: 'POST', url: `/api/actors/${actorId}/contacts`, payload: body(name) });
  expect(res.statusCode).toBe(201);
  return res.json<Contact>();
}

async function list(actorId: string): Promise<Contact[]> {
  const res = await admin({ method: 'GET', url: `/api/actors/${actorId}/contacts` });
  expect(res.statusCode).toBe(200);
  return res.json<Contact[]>();
}

/** Every request a client could make on one actor's list, each with its answer. */
async function everything(who: Client, actorId: string, contactId: string): Promise<Record<string, number>> {
  const base = `/api/actors/${actorId}/contacts`;
  const codes = async (r: Promise<LightMyRequestResponse>) => (await r).statusCode;
  return {
    read: await codes(who({ method: 'GET', url: base })),
    add: await codes(who({ method: 'POST', url: base, payload: body('Ny Kontakt') })),
    replace: await codes(who({ method: 'PUT', url: `${base}/${contactId}`, payload: body('Ändrad Kontakt') })),
    reorder: await codes(who({ method: 'PUT', url: `${base}/order`, payload: { contactIds: [contactId] } })),
    remove: await codes(who({ method: 'DELETE', url: `${base}/${contactId}` })),
  };
}

/** The 400 of a body, with the paths it names. */
async function invalid(payload: unknown, who: Client = admin, actorId = 'trafikverket'): Promise<string[]> {
  const res = await who({ method: 'POST', url: `/api/actors/${actorId}/contacts`, payload: payload as object });
  expect(res.statusCode).toBe(400);
  const json = res.json();
  expect(json).toMatchObject({ error: 'validation', message: expect.any(String) });
  return json.details.map((d: { path: string }) => d.path);
}

describe('who may read and change an actor’s contacts', () => {
  it('an admin reads and changes any actor’s list', async () => {
    const c = await add(admin, 'sos-alarm', 'Sara SOS');
    expect(await everything(admin, 'sos-alarm', c.id)).toEqual({
      read: 200,
      add: 201,
      replace: 200,
      reorder: 400, // the order must name both contacts; the permission passed
      remove: 204,
    });
  });

  it('a coordinator reads any actor’s list but may not change it', async () => {
    const c = await add(admin, 'kustbevakningen', 'Kim Kust');
    expect(await everything(coordinator, 'kustbevakningen', c.id)).toEqual({
      read: 200,
      add: 403,
      replace: 403,
      reorder: 403,
      remove: 403,
    });
    expect(await list('kustbevakningen')).toEqual([c]);
  });

  it('a duty officer reads and changes its own actor’s list', async () => {
    const c = await add(tibStockholm, 'stockholms-stad', 'Stina Stad');
    const res = await tibStockholm({ method: 'GET', url: '/api/actors/stockholms-stad/contacts' });
    expect(res.statusCode).toBe(200);
    expect(res.json<Contact[]>().map((x) => x.id)).toContain(c.id);
    const replaced = await tibStockholm({
      method: 'PUT',
      url: `/api/actors/stockholms-stad/contacts/${c.id}`,
      payload: body('Stina Stad', { role: 'TiB' }),
    });
    expect(replaced.statusCode).toBe(200);
    const ids = (await list('stockholms-stad')).map((x) => x.id);
    const reordered = await tibStockholm({
      method: 'PUT',
      url: '/api/actors/stockholms-stad/contacts/order',
      payload: { contactIds: ids },
    });
    expect(reordered.statusCode).toBe(200);
    const removed = await tibStockholm({ method: 'DELETE', url: `/api/actors/stockholms-stad/contacts/${c.id}` });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
  });

  it('a duty officer may neither read nor change another actor’s list', async () => {
    const c = await add(admin, 'stockholms-stad', 'Otto Annan');
    expect(await everything(tibPolisen, 'stockholms-stad', c.id)).toEqual({
      read: 403,
      add: 403,
      replace: 403,
      reorder: 403,
      remove: 403,
    });
    expect((await list('stockholms-stad')).find((x) => x.id === c.id)).toEqual(c);
  });

  it('viewers and communicators may neither read nor change even their own actor’s list', async () => {
    const own = await add(admin, 'stockholms-stad', 'Vera Vy');
    expect(await everything(viewer, 'stockholms-stad', own.id)).toEqual({
      read: 403,
      add: 403,
      replace: 403,
      reorder: 403,
      remove: 403,
    });
    const region = await add(admin, 'region-stockholm', 'Rut Region');
    expect(await everything(communicator, 'region-stockholm', region.id)).toEqual({
      read: 403,
      add: 403,
      replace: 403,
      reorder: 403,
      remove: 403,
    });
    const res = await viewer({ method: 'GET', url: '/api/actors/stockholms-stad/contacts' });
    expect(res.json()).toMatchObject({ error: 'forbidden' });
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/actors/stockholms-stad/contacts' });
    expect(res.statusCode).toBe(401);
  });
});

describe('the call-out order', () => {
  it('a new contact is appended last, and the list comes in call-out order', async () => {
    const a = await add(admin, 'trafikverket', 'Anna Först');
    const b = await add(admin, 'trafikverket', 'Bo Andra');
    const c = await add(admin, 'trafikverket', 'Cecilia Tredje');
    expect([a.position, b.position, c.position]).toEqual([1, 2, 3]);
    expect(c).toMatchObject({
      actorId: 'trafikverket',
      name: 'Cecilia Tredje',
      role: null,
      language: 'sv',
      channels: [{ type: 'email', address: 'cecilia.tredje@example.se' }],
    });
    expect((await list('trafikverket')).map((x) => [x.name, x.position])).toEqual([
      ['Anna Först', 1],
      ['Bo Andra', 2],
      ['Cecilia Tredje', 3],
    ]);
  });

  it('contacts added at the same time each get their own place at the end', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        admin({ method: 'POST', url: '/api/actors/sodertalje-kommun/contacts', payload: body(`Samtidig ${i}`) }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect((await list('sodertalje-kommun')).map((x) => x.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('deleting a contact closes the gap: positions stay 1..n', async () => {
    const [a, b, c, d] = [
      await add(admin, 'stockholms-hamnar', 'A'),
      await add(admin, 'stockholms-hamnar', 'B'),
      await add(admin, 'stockholms-hamnar', 'C'),
      await add(admin, 'stockholms-hamnar', 'D'),
    ];
    expect((await admin({ method: 'DELETE', url: `/api/actors/stockholms-hamnar/contacts/${b?.id}` })).statusCode).toBe(
      204,
    );
    expect((await list('stockholms-hamnar')).map((x) => [x.id, x.position])).toEqual([
      [a?.id, 1],
      [c?.id, 2],
      [d?.id, 3],
    ]);
    // The first and the last too.
    await admin({ method: 'DELETE', url: `/api/actors/stockholms-hamnar/contacts/${a?.id}` });
    await admin({ method: 'DELETE', url: `/api/actors/stockholms-hamnar/contacts/${d?.id}` });
    expect((await list('stockholms-hamnar')).map((x) => [x.id, x.position])).toEqual([[c?.id, 1]]);
    // A contact added after deletions still goes last.
    const e = await add(admin, 'stockholms-hamnar', 'E');
    expect(e.position).toBe(2);
  });

  it('a reorder returns the list in its new order, and reads agree', async () => {
    const [a, b, c] = [
      await add(admin, 'brandkaren-attunda', 'Ett'),
      await add(admin, 'brandkaren-attunda', 'Två'),
      await add(admin, 'brandkaren-attunda', 'Tre'),
    ];
    const contactIds = [c?.id, a?.id, b?.id];
    const res = await admin({
      method: 'PUT',
      url: '/api/actors/brandkaren-attunda/contacts/order',
      payload: { contactIds },
    });
    expect(res.statusCode).toBe(200);
    const reordered = res.json<Contact[]>();
    expect(reordered.map((x) => [x.id, x.position])).toEqual([
      [c?.id, 1],
      [a?.id, 2],
      [b?.id, 3],
    ]);
    expect(await list('brandkaren-attunda')).toEqual(reordered);
  });

  it('a reorder must name exactly the actor’s contacts', async () => {
    const [a, b] = [await add(admin, 'forsvarsmakten-mrm', 'Alfa'), await add(admin, 'forsvarsmakten-mrm', 'Bravo')];
    const other = await add(admin, 'sodertorns-brandforsvarsforbund', 'Annan');
    const before = await list('forsvarsmakten-mrm');
    for (const contactIds of [
      [a?.id], // one left out
      [a?.id, b?.id, other.id], // another actor's contact
      [a?.id, b?.id, UNKNOWN_ID], // no such contact
      [a?.id, a?.id, b?.id], // twice
    ]) {
      const res = await admin({
        method: 'PUT',
        url: '/api/actors/forsvarsmakten-mrm/contacts/order',
        payload: { contactIds },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().details).toEqual([expect.objectContaining({ path: 'contactIds' })]);
    }
    expect(await list('forsvarsmakten-mrm')).toEqual(before);
  });

  it('replacing a contact changes its fields and keeps its place', async () => {
    const first = await add(admin, 'storstockholms-brandforsvar', 'Första');
    const second = await add(admin, 'storstockholms-brandforsvar', 'Andra');
    const res = await admin({
      method: 'PUT',
      url: `/api/actors/storstockholms-brandforsvar/contacts/${first.id}`,
      payload: {
        name: '  Fredrik Först  ',
        role: 'Räddningschef i beredskap',
        language: 'en',
        channels: [
          { type: 'sms', address: '+46701234567' },
          { type: 'email', address: 'Fredrik@Example.SE' },
          { type: 'webhook', address: 'https://larm.example.se/hook' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: first.id,
      actorId: 'storstockholms-brandforsvar',
      position: 1,
      name: 'Fredrik Först',
      role: 'Räddningschef i beredskap',
      language: 'en',
      channels: [
        { type: 'sms', address: '+46701234567' },
        { type: 'email', address: 'fredrik@example.se' },
        { type: 'webhook', address: 'https://larm.example.se/hook' },
      ],
    });
    // A replace is whole: a role left out is no role.
    const again = await admin({
      method: 'PUT',
      url: `/api/actors/storstockholms-brandforsvar/contacts/${first.id}`,
      payload: body('Fredrik Först'),
    });
    expect(again.json()).toMatchObject({ role: null, language: 'sv', position: 1 });
    expect((await list('storstockholms-brandforsvar')).map((x) => x.id)).toEqual([first.id, second.id]);
  });
});

describe('validation names the field', () => {
  it('a bad email address', async () => {
    expect(await invalid({ name: 'X', channels: [{ type: 'email', address: 'inte-en-adress' }] })).toEqual([
      'channels.0.address',
    ]);
  });

  it('a phone number that is not E.164', async () => {
    const channels = [
      { type: 'email', address: 'ok@example.se' },
      { type: 'sms', address: '070-123 45 67' },
    ];
    expect(await invalid({ name: 'X', channels })).toEqual(['channels.1.address']);
  });

  it('a webhook that is not https', async () => {
    expect(
      await invalid({ name: 'X', channels: [{ type: 'webhook', address: 'http://larm.example.se/hook' }] }),
    ).toEqual(['channels.0.address']);
  });

  it('a webhook that is not a URL at all is a 400, not a 500', async () => {
    const channels = [
      { type: 'sms', address: '+46701234567' },
      { type: 'webhook', address: 'inte en url' },
    ];
    expect(await invalid({ name: 'X', channels })).toEqual(['channels.1.address']);
    const c = await add(admin, 'trafikverket', 'Webhook Ersatt');
    const res = await admin({
      method: 'PUT',
      url: `/api/actors/trafikverket/contacts/${c.id}`,
      payload: { name: 'X', channels },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([expect.objectContaining({ path: 'channels.1.address' })]);
  });

  it('no channels at all, or an unknown channel type', async () => {
    expect(await invalid({ name: 'X', channels: [] })).toEqual(['channels']);
    expect(await invalid({ name: 'X' })).toEqual(['channels']);
    expect(await invalid({ name: 'X', channels: [{ type: 'fax', address: '+4681234567' }] })).toEqual([
      'channels.0.type',
    ]);
  });

  it('a missing or blank name', async () => {
    expect(await invalid({ channels: [{ type: 'email', address: 'ok@example.se' }] })).toEqual(['name']);
    expect(await invalid({ name: '   ', channels: [{ type: 'email', address: 'ok@example.se' }] })).toEqual(['name']);
  });

  it('several bad fields are all named', async () => {
    const paths = await invalid({
      language: 'de',
      channels: [
        { type: 'email', address: 'x' },
        { type: 'sms', address: '12' },
      ],
    });
    expect(paths.sort()).toEqual(['channels.0.address', 'channels.1.address', 'language', 'name']);
  });

  it('a replace is validated the same way, and an invalid body changes nothing', async () => {
    const c = await add(admin, 'trafikverket', 'Oförändrad');
    const res = await admin({
      method: 'PUT',
      url: `/api/actors/trafikverket/contacts/${c.id}`,
      payload: { name: 'X', channels: [{ type: 'sms', address: '0701234567' }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([expect.objectContaining({ path: 'channels.0.address' })]);
    expect((await list('trafikverket')).find((x) => x.id === c.id)).toEqual(c);
  });
});

describe('webhooks to private hosts', () => {
  const privateChannels = [
    { type: 'email', address: 'larm@example.se' },
    { type: 'webhook', address: 'https://10.1.2.3/hook' },
    { type: 'webhook', address: 'https://larm.example.se/hook' },
    { type: 'webhook', address: 'https://localhost:8443/hook' },
  ];

  it('are allowed outside production', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/actors/trafikverket/contacts',
      payload: { name: 'Lokal Webhook', channels: privateChannels },
    });
    expect(res.statusCode).toBe(201);
  });

  it('are refused in production, naming each such channel; public hosts are accepted', async () => {
    const prod = await startTestApp({
      // Production also needs a webhook secret of its own to start.
      env: {
        NODE_ENV: 'production',
        WEBHOOK_SECRET: 'contacts-test-webhook-secret',
        ACK_SECRET: 'contacts-test-ack-secret',
      },
    });
    try {
      expect(prod.config.NODE_ENV).toBe('production');
      const prodAdmin = as(prod.app, (await login(prod.app, 'admin@samverkan.test')).cookie);
      const count = async () =>
        (
          await prod.app.db.execute(
            sql`SELECT (SELECT count(*) FROM contacts)::int AS contacts, (SELECT count(*) FROM event_log)::int AS events`,
          )
        ).rows[0];
      const before = await count();
      const refused = await prodAdmin({
        method: 'POST',
        url: '/api/actors/trafikverket/contacts',
        payload: { name: 'Lokal Webhook', channels: privateChannels },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        error: 'validation',
        details: [
          { path: 'channels.1.address', message: expect.any(String) },
          { path: 'channels.3.address', message: expect.any(String) },
        ],
      });
      expect(await count()).toEqual(before);

      const ok = await prodAdmin({
        method: 'POST',
        url: '/api/actors/trafikverket/contacts',
        payload: { name: 'Publik Webhook', channels: [{ type: 'webhook', address: 'https://larm.example.se/hook' }] },
      });
      expect(ok.statusCode).toBe(201);
      const replaced = await prodAdmin({
        method: 'PUT',
        url: `/api/actors/trafikverket/contacts/${ok.json<Contact>().id}`,
        payload: { name: 'Publik Webhook', channels: [{ type: 'webhook', address: 'https://[::1]/hook' }] },
      });
      expect(replaced.statusCode).toBe(400);
      expect(replaced.json().details).toEqual([expect.objectContaining({ path: 'channels.0.address' })]);
    } finally {
      await prod.close();
    }
  });
});

describe('unknown actors and contacts', () => {
  it('an unknown actor is a 404; an id that is not an actor id is a 400', async () => {
    const base = '/api/actors/finns-inte/contacts';
    expect((await admin({ method: 'GET', url: base })).statusCode).toBe(404);
    expect((await coordinator({ method: 'GET', url: base })).statusCode).toBe(404);
    expect((await admin({ method: 'POST', url: base, payload: body('Ingen') })).statusCode).toBe(404);
    expect(
      (await admin({ method: 'PUT', url: `${base}/order`, payload: { contactIds: [UNKNOWN_ID] } })).statusCode,
    ).toBe(404);
    expect((await admin({ method: 'DELETE', url: `${base}/${UNKNOWN_ID}` })).statusCode).toBe(404);
    const bad = await admin({ method: 'GET', url: '/api/actors/Inte_Ett_Id/contacts' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('id');
  });

  it('an unknown contact, or another actor’s, is a 404', async () => {
    const other = await add(admin, 'region-stockholm', 'Annans Kontakt');
    for (const contactId of [UNKNOWN_ID, other.id]) {
      const url = `/api/actors/sos-alarm/contacts/${contactId}`;
      expect((await admin({ method: 'PUT', url, payload: body('X') })).statusCode).toBe(404);
      expect((await admin({ method: 'DELETE', url })).statusCode).toBe(404);
    }
    expect((await list('region-stockholm')).find((x) => x.id === other.id)).toEqual(other);
    const bad = await admin({ method: 'DELETE', url: '/api/actors/sos-alarm/contacts/inte-ett-uuid' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('contactId');
  });
});

describe('the event log and live updates', () => {
  const { eventLog } = schema;
  const contactEvents = () =>
    t.app.db.select().from(eventLog).where(eq(eventLog.type, 'contacts:changed')).orderBy(asc(eventLog.seq));

  it('every change writes one contacts:changed row for the deciders and the actor', async () => {
    const before = (await contactEvents()).length;
    const a = await add(tibPolisen, 'polisregion-stockholm', 'Polis Ett');
    const b = await add(tibPolisen, 'polisregion-stockholm', 'Polis Två');
    await tibPolisen({
      method: 'PUT',
      url: `/api/actors/polisregion-stockholm/contacts/${a.id}`,
      payload: body('Polis Ett', { role: 'Vakthavande befäl' }),
    });
    await tibPolisen({
      method: 'PUT',
      url: '/api/actors/polisregion-stockholm/contacts/order',
      payload: { contactIds: [b.id, a.id] },
    });
    await tibPolisen({ method: 'DELETE', url: `/api/actors/polisregion-stockholm/contacts/${a.id}` });
    const added = (await contactEvents()).slice(before);
    expect(added).toHaveLength(5);
    const { user } = await login(t.app, 'tib.polisen@samverkan.test');
    for (const e of added) {
      expect(e).toMatchObject({
        type: 'contacts:changed',
        data: { actorId: 'polisregion-stockholm' },
        rooms: ['role:admin', 'role:coordinator', 'actor:polisregion-stockholm'],
        userId: user.id,
      });
    }
  });

  it('a refused change leaves no trace in the event log', async () => {
    const count = async () => (await t.app.db.execute(sql`SELECT count(*)::int AS n FROM event_log`)).rows[0];
    const before = await count();
    await tibPolisen({ method: 'POST', url: '/api/actors/stockholms-stad/contacts', payload: body('Nej') });
    await admin({ method: 'POST', url: '/api/actors/sos-alarm/contacts', payload: { name: 'X', channels: [] } });
    await admin({ method: 'DELETE', url: `/api/actors/sos-alarm/contacts/${UNKNOWN_ID}` });
    await admin({ method: 'PUT', url: '/api/actors/sos-alarm/contacts/order', payload: { contactIds: [UNKNOWN_ID] } });
    expect(await count()).toEqual(before);
  });

  it('a committed change is pushed live with its seq', async () => {
    const socket = connect(t.url, coordinatorCookie);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const received = new Promise<LiveEventOf<'contacts:changed'>>((resolve) =>
        socket.once('contacts:changed', resolve),
      );
      await add(admin, 'lansstyrelsen-stockholm', 'Live Kontakt');
      const event = await received;
      expect(event.data).toEqual({ actorId: 'lansstyrelsen-stockholm' });
      expect(event.seq).toBe((await contactEvents()).at(-1)?.seq);
    } finally {
      socket.disconnect();
    }
  });
});

describe('OpenAPI', () => {
  it('documents the contact routes under the contacts tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = doc.paths as Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    const ops = [
      paths['/api/actors/{id}/contacts']?.get,
      paths['/api/actors/{id}/contacts']?.post,
      paths['/api/actors/{id}/contacts/order']?.put,
      paths['/api/actors/{id}/contacts/{contactId}']?.put,
      paths['/api/actors/{id}/contacts/{contactId}']?.delete,
    ];
    for (const op of ops) {
      expect(op?.tags).toEqual(['contacts']);
      expect(op?.summary).toEqual(expect.any(String));
    }
  });
});
