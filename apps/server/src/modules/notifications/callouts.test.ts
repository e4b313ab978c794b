import type { Callout, ContactBody, InAppNotification } from '@samverkan/contracts';
import { schema } from '@samverkan/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, connect, login, startTestApp, type TestApp, waitFor } from '../../testing/harness.ts';
import { startSmtpSink, startWebhookSink } from '../../testing/sinks.ts';
import { insertContact } from '../contacts/repository.ts';
import { verifyWebhookSignature } from './channels/index.ts';

type Smtp = Awaited<ReturnType<typeof startSmtpSink>>;
type Hooks = Awaited<ReturnType<typeof startWebhookSink>>;

const ACK_TIMEOUT_S = 300;
const BAD_ADDRESS = 'finns-inte@nacka.example.se';

let t: TestApp;
let smtp: Smtp;
let hooks: Hooks;
let coordinator: ReturnType<typeof as>;
let admin: ReturnType<typeof as>;
let tibStockholm: ReturnType<typeof as>;
let tibCookie: string;

/** Contacts straight into the database: the webhook sink is plain http on loopback, which the API refuses. */
async function addContact(actorId: string, position: number, body: ContactBody) {
  return insertContact(t.app.db, actorId, position, body);
}

const ackLinkIn = (text: string) => text.match(/https?:\/\/\S+\/ack\/[A-Za-z0-9_-]{43}/)?.[0];
const ackPath = (link: string) => new URL(link).pathname;

async function activate(title: string, extra: Record<string, unknown> = {}) {
  const mode = (await coordinator({ method: 'GET', url: '/api/mode' })).json<{ version: number }>();
  const res = await coordinator({
    method: 'POST',
    url: '/api/mode/activate',
    payload: { title, reason: `Anledning för ${title}`, expectedVersion: mode.version, ...extra },
  });
  expect(res.statusCode).toBe(200);
}

async function deactivate(reason: string) {
  const mode = (await coordinator({ method: 'GET', url: '/api/mode' })).json<{ version: number }>();
  const res = await coordinator({
    method: 'POST',
    url: '/api/mode/deactivate',
    payload: { reason, expectedVersion: mode.version },
  });
  expect(res.statusCode).toBe(200);
}

async function current(): Promise<Callout> {
  const res = await coordinator({ method: 'GET', url: '/api/callouts/current' });
  expect(res.statusCode).toBe(200);
  return res.json<Callout>();
}

const actorIn = (c: Callout, actorId: string) => {
  const a = c.actors.find((x) => x.actorId === actorId);
  if (!a) throw new Error(`no ${actorId} in call-out`);
  return a;
};

beforeAll(async () => {
  smtp = await startSmtpSink({ rejects: [BAD_ADDRESS] });
  hooks = await startWebhookSink();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, ACK_TIMEOUT_SECONDS: String(ACK_TIMEOUT_S) } });
  await t.listen();
  coordinator = as(t.app, (await login(t.app, 'rsib@samverkan.test')).cookie);
  admin = as(t.app, (await login(t.app, 'admin@samverkan.test')).cookie);
  tibCookie = (await login(t.app, 'tib.stockholm@samverkan.test')).cookie;
  tibStockholm = as(t.app, tibCookie);

  await addContact('stockholms-stad', 1, {
    name: 'Sara TiB',
    language: 'sv',
    channels: [
      { type: 'email', address: 'tib@stockholm.example.se' },
      { type: 'webhook', address: hooks.url('/stockholm') },
    ],
  });
  await addContact('stockholms-stad', 2, {
    name: 'Olle Backup',
    language: 'sv',
    channels: [{ type: 'email', address: 'backup@stockholm.example.se' }],
  });
  await addContact('solna-kommun', 1, {
    name: 'Anna Solna',
    language: 'en',
    channels: [{ type: 'email', address: 'tib@solna.example.se' }],
  });
  await addContact('solna-kommun', 2, {
    name: 'Per Solna',
    language: 'sv',
    channels: [{ type: 'email', address: 'backup@solna.example.se' }],
  });
  await addContact('nacka-kommun', 1, {
    name: 'Felaktig adress',
    language: 'sv',
    channels: [{ type: 'email', address: BAD_ADDRESS }],
  });
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await hooks?.close();
});

describe('activation call-out', () => {
  let activatedAt: number;

  it('reaches the first contact of every actor by e-mail and webhook, with a personal /ack/ link', async () => {
    activatedAt = Date.now();
    await activate('Storm Alfrida');
    await waitFor(
      () =>
        smtp.to('tib@stockholm.example.se').length === 1 &&
        smtp.to('tib@solna.example.se').length === 1 &&
        hooks.received.length === 1
          ? true
          : undefined,
      10_000,
    );

    const [mail] = smtp.to('tib@stockholm.example.se');
    expect(mail?.subject).toBe('SSR AKTIVERAT: Storm Alfrida');
    expect(mail?.text).toContain('Anledning: Anledning för Storm Alfrida');
    expect(mail?.text).toContain('Beslut av: Rasmus');
    const link = ackLinkIn(mail?.text ?? '');
    expect(link).toMatch(new RegExp(`^${t.url}/ack/`));

    // The English-speaking contact gets English.
    const [english] = smtp.to('tib@solna.example.se');
    expect(english?.subject).toBe('SSR activated: Storm Alfrida');
    // The second contacts are not called yet.
    expect(smtp.to('backup@stockholm.example.se')).toHaveLength(0);

    const [hook] = hooks.received;
    expect(hook?.path).toBe('/stockholm');
    expect(hook?.json).toMatchObject({ type: 'ssr.activation', title: 'Storm Alfrida', exercise: false });
    expect(hook?.json.ackUrl).toBe(ackLinkIn(mail?.text ?? ''));
    expect(hook?.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(
      verifyWebhookSignature({
        secret: t.config.WEBHOOK_SECRET,
        body: hook?.body ?? '',
        timestamp: hook?.headers['x-samverkan-timestamp'] as string,
        signature: hook?.headers['x-samverkan-signature'] as string,
      }),
    ).toBe(true);
  });

  it('shows every actor with its status, and fails a bad address for good without retrying', async () => {
    const c = await waitFor(async () => {
      const c = await current();
      return actorIn(c, 'stockholms-stad').status === 'delivered' && actorIn(c, 'nacka-kommun').status === 'failed'
        ? c
        : undefined;
    }, 10_000);
    expect(c.kind).toBe('activation');
    expect(c.title).toBe('Storm Alfrida');
    expect(c.actors).toHaveLength(37);
    const stockholm = actorIn(c, 'stockholms-stad');
    expect(stockholm).toMatchObject({ step: 1, steps: 2, acknowledgedAt: null });
    expect(stockholm.deliveries.map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
    const nacka = actorIn(c, 'nacka-kommun');
    expect(nacka.deliveries[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(nacka.deliveries[0]?.lastError).toMatch(/550|mailbox/i);
    // An actor with no contacts waits for the in-app channel and the escalation clock.
    expect(actorIn(c, 'sigtuna-kommun')).toMatchObject({ status: 'queued', steps: 0 });
    expect(c.summary).toMatchObject({ total: 37, acknowledged: 0, failed: 1 });

    const failed = await coordinator({ method: 'GET', url: '/api/callouts/failed' });
    expect(failed.json()).toEqual([expect.objectContaining({ actorId: 'nacka-kommun', address: BAD_ADDRESS })]);
  });

  it('the link page shows what is acknowledged; the button records it once, with the answer', async () => {
    const link = ackLinkIn(smtp.to('tib@stockholm.example.se')[0]?.text ?? '') ?? '';
    const page = await t.app.inject({ method: 'GET', url: ackPath(link) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Storm Alfrida');
    expect(page.body).toContain('Sara TiB');
    expect(page.body).toContain('<form method="post"');
    // Opening the link (as a mail scanner would) acknowledges nothing.
    expect(actorIn(await current(), 'stockholms-stad').status).not.toBe('acknowledged');

    const answer = await t.app.inject({
      method: 'POST',
      url: ackPath(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
      payload: 'choice=will_join&comment=Ansluter+om+5+min',
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Tack');

    const stockholm = actorIn(await current(), 'stockholms-stad');
    expect(stockholm).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { name: 'Sara TiB', via: 'link' },
      choice: 'will_join',
      comment: 'Ansluter om 5 min',
      escalateAt: null,
    });
    expect(stockholm.secondsToAcknowledge).toBeLessThanOrEqual(Math.ceil((Date.now() - activatedAt) / 1000) + 1);

    const again = await t.app.inject({
      method: 'POST',
      url: ackPath(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
      payload: '',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('redan använd');
    const reopened = await t.app.inject({ method: 'GET', url: ackPath(link) });
    expect(reopened.body).toContain('Kvitterat för Stockholms stad av Sara TiB');
  });

  it('an expired link is refused and records nothing', async () => {
    const link = ackLinkIn(smtp.to('tib@solna.example.se')[0]?.text ?? '') ?? '';
    const token = ackPath(link).replace('/ack/', '');
    const { hashAckToken } = await import('./ack-token.ts');
    const hash = hashAckToken(token);
    const [before] = await t.app.db.select().from(schema.ackLinks).where(eq(schema.ackLinks.tokenHash, hash));
    await t.app.db
      .update(schema.ackLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.ackLinks.tokenHash, hash));
    try {
      expect((await t.app.inject({ method: 'GET', url: ackPath(link) })).statusCode).toBe(410);
      const post = await t.app.inject({
        method: 'POST',
        url: ackPath(link),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
        payload: 'choice=will_join',
      });
      expect(post.statusCode).toBe(410);
      expect(post.body).toContain('gått ut');
      expect(actorIn(await current(), 'solna-kommun').status).not.toBe('acknowledged');
    } finally {
      await t.app.db
        .update(schema.ackLinks)
        .set({ expiresAt: before?.expiresAt ?? new Date(Date.now() + 3600_000) })
        .where(eq(schema.ackLinks.tokenHash, hash));
    }
  });

  it('refuses an unknown link and a bad answer plainly', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/ack/${'x'.repeat(43)}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/ack/short' })).statusCode).toBe(404);
    const link = ackLinkIn(smtp.to('tib@solna.example.se')[0]?.text ?? '') ?? '';
    const bad = await t.app.inject({
      method: 'POST',
      url: ackPath(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
      payload: 'choice=maybe',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('choice');
  });

  it('escalates to the next contact after the timeout, then flags the actor unreached', async () => {
    const started = new Date((await current()).createdAt).getTime();
    // Just before the timeout nothing moves.
    const early = await t.app.notifications.escalate(new Date(started + ACK_TIMEOUT_S * 1000 - 1000));
    expect(early.escalated + early.unreached).toBe(0);

    const first = await t.app.notifications.escalate(new Date(started + ACK_TIMEOUT_S * 1000 + 1000));
    // Solna and Nacka... Solna has a second contact; the acknowledged Stockholm is left alone.
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    await waitFor(() => (smtp.to('backup@solna.example.se').length === 1 ? true : undefined), 10_000);
    expect(smtp.to('backup@stockholm.example.se')).toHaveLength(0);
    let c = await current();
    expect(actorIn(c, 'solna-kommun')).toMatchObject({ step: 2, steps: 2 });
    // No contact list: unreached at the first timeout. One contact that failed: unreached too.
    expect(actorIn(c, 'sigtuna-kommun').status).toBe('unreached');
    expect(actorIn(c, 'nacka-kommun').status).toBe('unreached');

    await t.app.notifications.escalate(new Date(started + 2 * ACK_TIMEOUT_S * 1000 + 2000));
    c = await current();
    expect(actorIn(c, 'solna-kommun').status).toBe('unreached');
    expect(actorIn(c, 'stockholms-stad').status).toBe('acknowledged');
    expect(c.summary).toMatchObject({ total: 37, acknowledged: 1, unreached: 36 });
    expect(c.summary.medianSecondsToAcknowledge).not.toBeNull();
    // Each contact got exactly one message.
    expect(smtp.to('backup@solna.example.se')).toHaveLength(1);
    expect(smtp.to('tib@solna.example.se')).toHaveLength(1);
  });

  it('a late acknowledgement still counts', async () => {
    const link = ackLinkIn(smtp.to('backup@solna.example.se')[0]?.text ?? '') ?? '';
    const res = await t.app.inject({
      method: 'POST',
      url: ackPath(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
      payload: 'choice=reachable_by_phone',
    });
    expect(res.statusCode).toBe(200);
    expect(actorIn(await current(), 'solna-kommun')).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { name: 'Per Solna', via: 'link' },
    });
  });

  it('a failed delivery can be put back on the queue from the dead-letter view', async () => {
    const [dead] = (await coordinator({ method: 'GET', url: '/api/callouts/failed' })).json<{ id: string }[]>();
    expect((await tibStockholm({ method: 'POST', url: `/api/callouts/deliveries/${dead?.id}/retry` })).statusCode).toBe(
      403,
    );
    const res = await coordinator({ method: 'POST', url: `/api/callouts/deliveries/${dead?.id}/retry` });
    expect(res.statusCode).toBe(202);
    // The address is still bad: it fails again, and a second retry of a queued one is refused meanwhile or after.
    await waitFor(async () => {
      const [row] = await t.app.db
        .select()
        .from(schema.deliveries)
        .where(eq(schema.deliveries.id, dead?.id ?? ''));
      return row?.status === 'failed' && row.attempts === 1 ? true : undefined;
    }, 10_000);
  });
});

describe('in-app channel and dashboard acknowledgement', () => {
  it('pushes a kallelse to the logged-in users of the chosen actors, who acknowledge in the dashboard', async () => {
    const socket = connect(t.url, tibCookie);
    const received: InAppNotification[] = [];
    socket.on('notification:received', (e) => received.push(e.data.notification));
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    try {
      const res = await coordinator({
        method: 'POST',
        url: '/api/callouts',
        payload: {
          title: 'Samverkanskonferens 14.00',
          message: 'Anslut via Rakel talgrupp SSR eller telefonbryggan.',
          actorIds: ['stockholms-stad', 'solna-kommun'],
        },
      });
      expect(res.statusCode).toBe(201);
      const callout = res.json<Callout>();
      expect(callout.kind).toBe('callout');
      expect(callout.actors.map((a) => a.actorId).sort()).toEqual(['solna-kommun', 'stockholms-stad']);

      const notice = await waitFor(() => received.find((n) => n.id === callout.id));
      expect(notice).toMatchObject({ kind: 'callout', needsAcknowledgement: true, title: 'Samverkanskonferens 14.00' });
      await waitFor(() =>
        smtp.received.some((m) => m.subject.includes('Samverkanskonferens 14.00')) ? true : undefined,
      );
      expect(smtp.to('tib@stockholm.example.se').at(-1)?.text).toContain('Anslut via Rakel talgrupp SSR');

      const list = (await tibStockholm({ method: 'GET', url: '/api/notifications' })).json<InAppNotification[]>();
      expect(list[0]).toMatchObject({ id: callout.id, acknowledgedAt: null });

      const ack = await tibStockholm({
        method: 'POST',
        url: `/api/callouts/${callout.id}/ack`,
        payload: { choice: 'cannot_take_part', comment: 'Bemanning saknas' },
      });
      expect(ack.statusCode).toBe(200);
      expect(ack.json()).toEqual({ acknowledged: true, alreadyAcknowledged: false });
      const after = (await coordinator({ method: 'GET', url: '/api/callouts/current' })).json<Callout>();
      expect(actorIn(after, 'stockholms-stad')).toMatchObject({
        status: 'acknowledged',
        acknowledgedBy: { name: expect.any(String), via: 'dashboard' },
        choice: 'cannot_take_part',
        comment: 'Bemanning saknas',
      });
      // A second acknowledgement does not replace the first.
      const second = await tibStockholm({ method: 'POST', url: `/api/callouts/${callout.id}/ack`, payload: {} });
      expect(second.json()).toEqual({ acknowledged: true, alreadyAcknowledged: true });
    } finally {
      socket.disconnect();
    }
  });

  it('refuses a kallelse to an unknown actor, naming the field, and from a duty officer', async () => {
    const bad = await coordinator({
      method: 'POST',
      url: '/api/callouts',
      payload: { title: 'Konferens', message: 'm', actorIds: ['finns-inte'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation', details: [{ path: 'actorIds' }] });
    const empty = await coordinator({ method: 'POST', url: '/api/callouts', payload: { message: 'm' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('title');
    const tib = await tibStockholm({ method: 'POST', url: '/api/callouts', payload: { title: 'x', message: 'y' } });
    expect(tib.statusCode).toBe(403);
  });

  it('an actor that was not called cannot acknowledge', async () => {
    const res = await coordinator({
      method: 'POST',
      url: '/api/callouts',
      payload: { title: 'Endast Solna', message: 'm', actorIds: ['solna-kommun'] },
    });
    const id = res.json<Callout>().id;
    const ack = await tibStockholm({ method: 'POST', url: `/api/callouts/${id}/ack`, payload: {} });
    expect(ack.statusCode).toBe(404);
  });
});

describe('other notifications', () => {
  it('deactivation reaches the first contacts, without escalation', async () => {
    const before = smtp.to('tib@stockholm.example.se').length;
    await deactivate('Elförsörjningen återställd');
    await waitFor(() => (smtp.to('tib@stockholm.example.se').length > before ? true : undefined), 10_000);
    const mail = smtp.to('tib@stockholm.example.se').at(-1);
    expect(mail?.subject).toBe('SSR AVAKTIVERAT: Storm Alfrida');
    expect(mail?.text).toContain('Elförsörjningen återställd');
    const [row] = await t.app.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.kind, 'deactivation'));
    const targets = await t.app.db
      .select()
      .from(schema.calloutTargets)
      .where(eq(schema.calloutTargets.notificationId, row?.id ?? ''));
    expect(targets.every((x) => x.escalateAt === null)).toBe(true);
  });

  it('an exercise is marked ÖVNING in every channel', async () => {
    await activate('Övning Ymer', { exercise: true });
    expect((await coordinator({ method: 'GET', url: '/api/mode' })).json()).toMatchObject({ exercise: true });
    await waitFor(
      () =>
        smtp.to('tib@stockholm.example.se').some((m) => m.subject.includes('Övning Ymer')) &&
        hooks.received.some((h) => h.json.title === 'Övning Ymer')
          ? true
          : undefined,
      10_000,
    );
    const mail = smtp.to('tib@stockholm.example.se').at(-1);
    expect(mail?.subject).toBe('ÖVNING – SSR AKTIVERAT: Övning Ymer');
    expect(mail?.text.startsWith('ÖVNING')).toBe(true);
    expect(hooks.received.find((h) => h.json.title === 'Övning Ymer')?.json).toMatchObject({ exercise: true });
    expect((await current()).exercise).toBe(true);
    await deactivate('Övningen avslutad');
  });

  it('a declined request goes to the one who asked', async () => {
    const req = await tibStockholm({
      method: 'POST',
      url: '/api/mode/requests',
      payload: { title: 'Vattenläcka', reason: 'Huvudledning brusten i Bromma' },
    });
    expect(req.statusCode).toBe(201);
    const id = req.json<{ id: string }>().id;
    const declined = await coordinator({
      method: 'POST',
      url: `/api/mode/requests/${id}/decline`,
      payload: { reason: 'Hanteras inom ordinarie verksamhet' },
    });
    expect(declined.statusCode).toBe(200);
    await waitFor(() => (smtp.to('tib.stockholm@samverkan.test').length === 1 ? true : undefined), 10_000);
    const mail = smtp.to('tib.stockholm@samverkan.test')[0];
    expect(mail?.subject).toBe('Begäran om aktivering av SSR avslogs: Vattenläcka');
    expect(mail?.text).toContain('Hanteras inom ordinarie verksamhet');
    const list = (await tibStockholm({ method: 'GET', url: '/api/notifications' })).json<InAppNotification[]>();
    expect(list[0]).toMatchObject({ kind: 'request_declined', needsAcknowledgement: false });
    // Colleagues of the requester do not see it in their list.
    const viewer = as(t.app, (await login(t.app, 'observator@samverkan.test')).cookie);
    const theirs = (await viewer({ method: 'GET', url: '/api/notifications' })).json<InAppNotification[]>();
    expect(theirs.some((n) => n.kind === 'request_declined')).toBe(false);
  });
});

describe('access', () => {
  it('only coordinators, admins and duty officers follow call-outs', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/callouts/current' })).statusCode).toBe(401);
    const viewer = as(t.app, (await login(t.app, 'observator@samverkan.test')).cookie);
    expect((await viewer({ method: 'GET', url: '/api/callouts/current' })).statusCode).toBe(403);
    expect((await tibStockholm({ method: 'GET', url: '/api/callouts/current' })).statusCode).toBe(200);
  });

  it('a duty officer sees other actors’ addresses masked', async () => {
    const res = await tibStockholm({ method: 'GET', url: '/api/callouts/current' });
    const c = res.json<Callout>();
    const solna = actorIn(c, 'solna-kommun').deliveries[0];
    expect(solna?.address).not.toContain('tib@solna');
    const own = actorIn(c, 'stockholms-stad').deliveries.find((d) => d.channel === 'email');
    expect(own?.address).toBe('tib@stockholm.example.se');
  });

  it('the queue monitor is for admins only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
    expect((await coordinator({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(403);
    const board = await admin({ method: 'GET', url: '/admin/queues' });
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('<html');
    const api = await admin({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(api.statusCode).toBe(200);
    expect(JSON.stringify(api.json())).toContain('deliver-email');
  });
});
