import { type Locator, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../apps/server/src/testing/sinks.ts';
import { isFocused, screenshot } from '../support/browser.ts';
import { connection, type DashboardSession, LIVE_MS, startDashboardSession } from '../support/dashboardSession.ts';

/**
 * The call-out (utlarmning) end to end, in real browsers against the real
 * server and a real SMTP sink: the coordinator activates SSR and watches the
 * call-out page fill in live; contacts acknowledge from the links in their
 * e-mails, and a duty officer from the in-app banner; the coordinator's page
 * shows each acknowledgement, who gave it and the answer, without a reload.
 * Then escalation, a failed delivery put back on the queue, a kallelse to
 * chosen actors as an exercise, and an exercise activation.
 */

const ADMIN = 'admin@samverkan.test';
const COORDINATOR = 'rsib@samverkan.test';
const DUTY_OFFICER = 'tib.stockholm@samverkan.test';
const ACK_TIMEOUT_SECONDS = 300;
const BAD_ADDRESS = 'finns-inte@botkyrka.example.se';

const banner = (mode: 'ordinary' | 'activated') => `[data-testid="mode-banner"][data-mode="${mode}"]`;
const ackLinkIn = (text: string) => text.match(/https?:\/\/\S+\/ack\/[A-Za-z0-9_-]+/)?.[0];

type Smtp = Awaited<ReturnType<typeof startSmtpSink>>;
/** The body of POST /api/actors/:id/contacts, as far as this test uses it. */
type ContactBody = { name: string; language: 'sv' | 'en'; channels: Array<{ type: 'email'; address: string }> };

let smtp: Smtp;
/** Started after the SMTP sink, whose address the server is given. */
let session: DashboardSession;

/** Contacts go in through the API, as an admin would add them. */
async function addContacts(lists: Record<string, ContactBody[]>): Promise<void> {
  const api = await request.newContext({
    baseURL: session.server.url,
    extraHTTPHeaders: { origin: session.server.url },
  });
  try {
    const login = await api.post('/api/auth/login', { data: { email: ADMIN, password: session.server.demoPassword } });
    expect(login.status()).toBe(200);
    for (const [actorId, contacts] of Object.entries(lists)) {
      for (const contact of contacts) {
        const res = await api.post(`/api/actors/${actorId}/contacts`, { data: contact });
        expect(res.status(), await res.text()).toBe(201);
      }
    }
  } finally {
    await api.dispose();
  }
}

const email = (name: string, address: string): ContactBody => ({
  name,
  language: 'sv',
  channels: [{ type: 'email', address }],
});

/** The row of one actor on the call-out page. */
const actorRow = (page: Page, actorId: string) =>
  page.locator(`[data-testid="callout-actor"][data-actor-id="${actorId}"]`);

async function waitForStatus(page: Page, actorId: string, status: string): Promise<Locator> {
  const row = page.locator(`[data-testid="callout-actor"][data-actor-id="${actorId}"][data-status="${status}"]`);
  await row.waitFor({ timeout: LIVE_MS });
  return row;
}

async function waitForSummary(page: Page, pattern: RegExp): Promise<string> {
  const summary = page.getByTestId('callout-summary-main');
  await page.waitForFunction(
    ([source, flags]) =>
      new RegExp(source as string, flags as string).test(
        document.querySelector('[data-testid="callout-summary-main"]')?.textContent ?? '',
      ),
    [pattern.source, pattern.flags],
    { timeout: LIVE_MS },
  );
  return (await summary.textContent()) ?? '';
}

async function waitForMail(address: string, subject: RegExp) {
  const deadline = Date.now() + LIVE_MS;
  for (;;) {
    const mail = smtp.to(address).find((m) => subject.test(m.subject));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${address}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Marks the page, so a later check can tell that it was never reloaded. */
const markPage = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
const wasNotReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

beforeAll(async () => {
  smtp = await startSmtpSink({ rejects: [BAD_ADDRESS] });
  session = await startDashboardSession({
    env: { SMTP_URL: smtp.url, ACK_TIMEOUT_SECONDS: String(ACK_TIMEOUT_SECONDS) },
  });
  await addContacts({
    'solna-kommun': [email('Anna Solna', 'anna@solna.example.se'), email('Per Solna', 'per@solna.example.se')],
    'nacka-kommun': [email('Nils Nacka', 'nils@nacka.example.se')],
    'huddinge-kommun': [
      email('Hanna Huddinge', 'hanna@huddinge.example.se'),
      email('Hugo Huddinge', 'hugo@huddinge.example.se'),
    ],
    'botkyrka-kommun': [email('Bo Botkyrka', BAD_ADDRESS)],
  });
});

afterAll(async () => {
  await session?.close();
  await smtp?.close();
});

describe('call-out on activation, live on the coordinator’s call-out page', () => {
  let coordinator: Page;
  let officer: Page;
  const title = 'Omfattande elavbrott i södra länet';

  it('shows the coordinator an empty call-out page before anything has happened', async () => {
    [coordinator, officer] = await Promise.all([
      session.openDashboard(COORDINATOR),
      session.openDashboard(DUTY_OFFICER),
    ]);
    await coordinator.getByTestId('nav-callouts').click();
    await coordinator.getByTestId('callout-none').waitFor();
    expect(new URL(coordinator.url()).pathname).toBe('/callouts');
    expect(await coordinator.getByTestId('nav-callouts').getAttribute('aria-current')).toBe('page');
    expect(await coordinator.locator('h1').textContent()).toBe('Utlarmning');
    expect(await isFocused(coordinator.locator('h1'))).toBe(true);
    await coordinator.getByTestId('dead-letters-none').waitFor();
    // Only admins get the queue monitor.
    expect(await coordinator.getByTestId('nav-queues').count()).toBe(0);
    // Nothing to acknowledge yet.
    expect(await officer.getByTestId('inapp-notice').count()).toBe(0);
    await markPage(coordinator);
  });

  it('activates SSR; the page fills in live, delivered and failed, unreached and failed first', async () => {
    await coordinator.getByTestId('activate').click();
    await coordinator.getByTestId('activate-title').fill(title);
    await coordinator.getByTestId('activate-reason').fill('Elavbrott i Haninge, Nynäshamn och Tyresö sedan 05.40.');
    expect(await coordinator.getByTestId('activate-exercise').isChecked()).toBe(false);
    await coordinator.getByTestId('activate-submit').click();
    await coordinator.locator(banner('activated')).waitFor({ timeout: LIVE_MS });

    await coordinator.getByTestId('callout-title').filter({ hasText: title }).waitFor({ timeout: LIVE_MS });
    expect(await coordinator.getByTestId('callout').getAttribute('data-exercise')).toBe('false');
    expect(await coordinator.getByTestId('callout-exercise').count()).toBe(0);
    expect(await waitForSummary(coordinator, /^0 av 37 har kvitterat$/)).toBe('0 av 37 har kvitterat');

    for (const actorId of ['solna-kommun', 'nacka-kommun', 'huddinge-kommun']) {
      const row = await waitForStatus(coordinator, actorId, 'delivered');
      expect(await row.getByTestId('callout-status').textContent()).toContain('Levererad');
    }
    const solna = actorRow(coordinator, 'solna-kommun');
    expect(await solna.getByTestId('callout-actor-step').textContent()).toContain('Kontakt 1 av 2');
    expect(await solna.getByTestId('callout-actor-next').textContent()).toMatch(
      /^Nästa kontakt larmas kl\. \d\d:\d\d \(om [45] min/,
    );
    expect(await solna.getByTestId('callout-actor-ack').textContent()).toContain('Inte kvitterat ännu');
    // An actor without a contact list is reached in the dashboard only.
    expect(await actorRow(coordinator, 'stockholms-stad').getByTestId('callout-actor-step').textContent()).toContain(
      'Ingen kontaktlista',
    );

    // The refused address fails at once; the failed group comes before those waiting.
    const botkyrka = await waitForStatus(coordinator, 'botkyrka-kommun', 'failed');
    expect(await botkyrka.getByTestId('callout-status').textContent()).toContain('Misslyckad');
    const groups = await coordinator.getByTestId('callout-group').evaluateAll((els) => els.map((e) => e.dataset.group));
    expect(groups).toEqual(['failed', 'waiting']);
    await coordinator.getByTestId('callout-count-failed').waitFor();

    // Its delivery details open from the row, with the error.
    const toggle = botkyrka.getByTestId('callout-actor-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const delivery = botkyrka.getByTestId('delivery');
    const text = (await delivery.textContent()) ?? '';
    expect(text).toContain('Bo Botkyrka');
    expect(text).toContain('E-post');
    expect(text).toContain(BAD_ADDRESS);
    expect(text).toContain('Misslyckad');
    expect(text).toMatch(/550|mailbox/i);

    // The dead letter is listed for the coordinator too.
    await coordinator.getByTestId('dead-letter').filter({ hasText: 'Botkyrka kommun' }).waitFor({ timeout: LIVE_MS });
    await screenshot(coordinator, 'callout-coordinator-activated');
  });

  it('counts the acknowledgements from the e-mail links, with name and answer, without a reload', async () => {
    const anna = await waitForMail('anna@solna.example.se', /SSR AKTIVERAT/);
    const link = ackLinkIn(anna.text);
    expect(link).toBeDefined();
    expect(new URL(link ?? '').pathname).toMatch(/^\/ack\//);

    const contactPage = await session.newPage('ack link', { viewport: { width: 390, height: 844 } });
    await contactPage.goto(link ?? '');
    await contactPage.getByText('Anna Solna').first().waitFor();
    await contactPage.locator('input[name="choice"][value="will_join"]').check();
    await contactPage.getByRole('button', { name: /Kvittera/ }).click();
    await contactPage.getByText('Tack, ditt mottagande är registrerat').waitFor();
    await screenshot(contactPage, 'callout-ack-link-done');

    const solna = await waitForStatus(coordinator, 'solna-kommun', 'acknowledged');
    expect(await solna.getByTestId('callout-status').textContent()).toContain('Kvitterad');
    expect(await solna.getByTestId('callout-actor-by').textContent()).toBe('Anna Solna');
    const ack = (await solna.getByTestId('callout-actor-ack').textContent()) ?? '';
    expect(ack).toContain('via länk');
    expect(ack).toMatch(/kl\. \d\d:\d\d · efter \d+ s/);
    expect(await solna.getByTestId('callout-actor-choice').textContent()).toContain('Ansluter till konferensen');
    expect(await waitForSummary(coordinator, /^1 av 37 har kvitterat, median \d+ s$/)).toMatch(/^1 av 37/);

    // The second one with another answer and a comment.
    const nils = await waitForMail('nils@nacka.example.se', /SSR AKTIVERAT/);
    await contactPage.goto(ackLinkIn(nils.text) ?? '');
    await contactPage.locator('input[name="choice"][value="reachable_by_phone"]').check();
    await contactPage.locator('textarea[name="comment"]').fill('Nås på mobilen, på väg in');
    await contactPage.getByRole('button', { name: /Kvittera/ }).click();
    await contactPage.getByText('Tack, ditt mottagande är registrerat').waitFor();

    const nacka = await waitForStatus(coordinator, 'nacka-kommun', 'acknowledged');
    expect(await nacka.getByTestId('callout-actor-by').textContent()).toBe('Nils Nacka');
    expect(await nacka.getByTestId('callout-actor-choice').textContent()).toContain('Nås på telefon');
    expect(await nacka.getByTestId('callout-actor-comment').textContent()).toContain('Nås på mobilen, på väg in');
    await waitForSummary(coordinator, /^2 av 37 har kvitterat, median \d+ s$/);
    const groups = await coordinator.getByTestId('callout-group').evaluateAll((els) => els.map((e) => e.dataset.group));
    expect(groups).toEqual(['failed', 'waiting', 'acknowledged']);
    expect(await wasNotReloaded(coordinator)).toBe(true);
  });

  it('shows the duty officer the banner, also after a reload, and takes the acknowledgement', async () => {
    const notice = officer.getByTestId('inapp-notice').filter({ hasText: title });
    await notice.waitFor({ timeout: LIVE_MS });
    expect(await notice.getByTestId('inapp-headline').textContent()).toBe('SSR AKTIVERAT – kvittera');
    expect(await notice.getByTestId('inapp-alert').getAttribute('role')).toBe('alert');

    // What is unacknowledged is still there after a reload.
    await officer.reload();
    await officer.locator(connection('live')).waitFor({ timeout: LIVE_MS });
    await notice.waitFor({ timeout: LIVE_MS });
    await screenshot(officer, 'callout-duty-officer-banner');
    await officer.setViewportSize({ width: 390, height: 844 });
    await notice.scrollIntoViewIfNeeded();
    await screenshot(officer, 'callout-duty-officer-banner-narrow', { fullPage: false });
    await officer.setViewportSize({ width: 1360, height: 900 });

    await notice.getByTestId('inapp-choice-will_join').check();
    await notice.getByTestId('inapp-comment').fill('Stadens krisledning samlas 07.30');
    await notice.getByTestId('inapp-ack-submit').click();
    const done = notice.getByTestId('inapp-acknowledged');
    await officer.waitForFunction(
      () =>
        /Kvitterat av Tove TiB Stockholm kl\. \d\d:\d\d/.test(
          document.querySelector('[data-testid="inapp-acknowledged"]')?.textContent ?? '',
        ),
      undefined,
      { timeout: LIVE_MS },
    );
    expect(await done.getAttribute('role')).toBe('status');
    expect(await notice.getByTestId('inapp-ack-form').count()).toBe(0);
    expect(await notice.getByTestId('inapp-headline').textContent()).toBe('SSR AKTIVERAT');
    expect(await isFocused(done)).toBe(true);
    await screenshot(officer, 'callout-duty-officer-acknowledged');

    const stockholm = await waitForStatus(coordinator, 'stockholms-stad', 'acknowledged');
    expect(await stockholm.getByTestId('callout-actor-by').textContent()).toBe('Tove TiB Stockholm');
    const ack = (await stockholm.getByTestId('callout-actor-ack').textContent()) ?? '';
    expect(ack).toContain('i Samverkan');
    expect(ack).toContain('Ansluter till konferensen');
    expect(ack).toContain('Stadens krisledning samlas 07.30');
    await waitForSummary(coordinator, /^3 av 37 har kvitterat, median \d+ s$/);
    expect(await wasNotReloaded(coordinator)).toBe(true);
  });

  it('escalates: the next contact is called, and the unreached come first', async () => {
    await session.server.app.notifications.escalate(new Date(Date.now() + (ACK_TIMEOUT_SECONDS + 5) * 1000));

    const huddinge = actorRow(coordinator, 'huddinge-kommun');
    await huddinge
      .getByTestId('callout-actor-step')
      .filter({ hasText: 'Kontakt 2 av 2' })
      .waitFor({ timeout: LIVE_MS });
    await waitForMail('hugo@huddinge.example.se', /SSR AKTIVERAT/);
    await waitForStatus(coordinator, 'huddinge-kommun', 'delivered');
    expect(await huddinge.getByTestId('callout-actor-next').textContent()).toMatch(/^Markeras ej nådd kl\. \d\d:\d\d/);
    // No contact list, or one contact that failed: unreached.
    await waitForStatus(coordinator, 'sigtuna-kommun', 'unreached');
    await waitForStatus(coordinator, 'botkyrka-kommun', 'unreached');
    const groups = await coordinator.getByTestId('callout-group').evaluateAll((els) => els.map((e) => e.dataset.group));
    expect(groups).toEqual(['unreached', 'waiting', 'acknowledged']);
    expect(await coordinator.getByTestId('callout-count-unreached').textContent()).toBe('33 ej nådda');
    expect(await coordinator.getByTestId('callout-count-waiting').textContent()).toBe('1 väntar på kvittens');
    await waitForSummary(coordinator, /^3 av 37 har kvitterat, median \d+ s$/);
    // The delivery details that were open stay open when the row changes group.
    expect(await actorRow(coordinator, 'botkyrka-kommun').getByTestId('delivery').count()).toBe(1);

    // In English too.
    await coordinator.getByRole('button', { name: 'English' }).click();
    await waitForSummary(coordinator, /^3 of 37 have acknowledged, median \d+ s$/);
    expect(await coordinator.getByTestId('callout-count-unreached').textContent()).toBe('33 unreached');
    expect(await actorRow(coordinator, 'solna-kommun').getByTestId('callout-actor-choice').textContent()).toContain(
      'Will join the conference',
    );
    await coordinator.getByRole('button', { name: 'Svenska' }).click();
    await waitForSummary(coordinator, /^3 av 37 har kvitterat/);

    await coordinator.evaluate(() => window.scrollTo(0, 0));
    await screenshot(coordinator, 'callout-coordinator-1360');
    await coordinator.setViewportSize({ width: 390, height: 844 });
    await screenshot(coordinator, 'callout-coordinator-narrow');
    await coordinator.setViewportSize({ width: 1360, height: 900 });
  });

  it('puts a failed delivery back on the queue from the dead-letter list', async () => {
    const dead = coordinator.getByTestId('dead-letter').filter({ hasText: 'Botkyrka kommun' });
    expect(await dead.textContent()).toContain(BAD_ADDRESS);
    const retry = dead.getByTestId('dead-letter-retry');
    expect(await retry.textContent()).toContain('Försök igen');
    await retry.click();
    await coordinator
      .getByTestId('dead-letters-status')
      .filter({ hasText: 'Leveransen till Bo Botkyrka (Botkyrka kommun) har lagts i kön igen.' })
      .waitFor({ timeout: LIVE_MS });
    // The address is still refused: it fails again and is back in the list.
    await dead.waitFor({ timeout: LIVE_MS });
  });

  it('sends a kallelse to chosen actors as an exercise, after a confirmation that names them', async () => {
    const form = coordinator.getByTestId('callout-form');
    // Nothing filled in: refused next to the fields, nothing sent.
    await form.getByTestId('callout-recipients-chosen').check();
    await form.getByTestId('callout-submit').click();
    await form.getByTestId('callout-form-error').waitFor();
    expect(await form.getByTestId('callout-title-input').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('callout-message-input').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('callout-recipients-error').textContent()).toBe('Välj minst en aktör.');
    expect(await isFocused(form.getByTestId('callout-title-input'))).toBe(true);
    expect(await coordinator.getByTestId('callout-confirm-send').count()).toBe(0);

    const conference = 'Samverkanskonferens 14.00';
    await form.getByTestId('callout-title-input').fill(conference);
    await form.getByTestId('callout-message-input').fill('Anslut via telefonbryggan 08-123 456, kod 7788.');
    await form.getByTestId('callout-actor-option').and(form.locator('[value="stockholms-stad"]')).check();
    await form.getByTestId('callout-actor-option').and(form.locator('[value="solna-kommun"]')).check();
    expect(await form.getByTestId('callout-chosen-count').textContent()).toContain('2 valda');
    await form.getByTestId('callout-exercise-input').check();
    await form.getByTestId('callout-submit').click();

    const dialog = coordinator.getByTestId('callout-confirm');
    await dialog.getByTestId('callout-confirm-send').waitFor();
    expect(await dialog.getByTestId('callout-confirm-text').textContent()).toBe(
      `Kallelsen ”${conference}” skickas till 2 aktörer:`,
    );
    expect(await dialog.getByTestId('callout-confirm-actors').locator('li').allTextContents()).toEqual([
      'Solna kommun',
      'Stockholms stad',
    ]);
    expect(await dialog.textContent()).toContain('ÖVNING');
    expect(await isFocused(dialog.getByRole('button', { name: 'Avbryt' }))).toBe(true);
    // The modal sits in the viewport: a full-page picture would put it out of view.
    await screenshot(coordinator, 'callout-kallelse-confirm', { fullPage: false });
    await dialog.getByTestId('callout-confirm-send').click();

    await coordinator.getByTestId('callout-title').filter({ hasText: conference }).waitFor({ timeout: LIVE_MS });
    await coordinator.getByTestId('callout-exercise').waitFor();
    await waitForSummary(coordinator, /^0 av 2 har kvitterat$/);
    await coordinator
      .getByTestId('callout-form-status')
      .filter({ hasText: 'Kallelsen har skickats till 2 aktörer.' })
      .waitFor();
    expect(await form.getByTestId('callout-title-input').inputValue()).toBe('');

    // The duty officer's actor was chosen: a second banner, marked ÖVNING.
    const notice = officer.getByTestId('inapp-notice').filter({ hasText: conference });
    await notice.waitFor({ timeout: LIVE_MS });
    expect(await notice.getByTestId('inapp-headline').textContent()).toBe('KALLELSE – kvittera');
    expect(await notice.getByTestId('inapp-exercise').textContent()).toBe('ÖVNING');
    await notice.getByTestId('inapp-choice-cannot_take_part').check();
    await notice.getByTestId('inapp-ack-submit').click();
    await notice.getByTestId('inapp-acknowledged').filter({ hasText: 'Kvitterat av Tove TiB Stockholm' }).waitFor();

    const stockholm = await waitForStatus(coordinator, 'stockholms-stad', 'acknowledged');
    expect(await stockholm.getByTestId('callout-actor-choice').textContent()).toContain('Kan inte delta nu');
    await waitForSummary(coordinator, /^1 av 2 har kvitterat, median \d+ s$/);
    await screenshot(coordinator, 'callout-kallelse-exercise');
    expect(await wasNotReloaded(coordinator)).toBe(true);
  });

  it('activates as an exercise: every banner says ÖVNING', async () => {
    await coordinator.getByTestId('deactivate').click();
    await coordinator.getByTestId('deactivate-reason').fill('Strömmen är tillbaka.');
    await coordinator.getByTestId('deactivate-submit').click();
    await coordinator.locator(banner('ordinary')).waitFor({ timeout: LIVE_MS });

    await coordinator.getByTestId('activate').click();
    await coordinator.getByTestId('activate-title').fill('Övning Ymer');
    await coordinator.getByTestId('activate-reason').fill('Regional övning av aktiveringsflödet.');
    await coordinator.getByTestId('activate-exercise').check();
    expect(await coordinator.getByTestId('activate-submit').textContent()).toBe('Aktivera SSR som övning');
    await coordinator.getByTestId('activate-submit').click();

    for (const page of [coordinator, officer]) {
      const mode = page.locator(`${banner('activated')}[data-exercise="true"]`);
      await mode.waitFor({ timeout: LIVE_MS });
      expect(await page.getByTestId('mode-exercise').textContent()).toBe('ÖVNING');
      expect(await mode.textContent()).toContain('Detta är en övning');
    }
    await coordinator.getByTestId('callout-title').filter({ hasText: 'Övning Ymer' }).waitFor({ timeout: LIVE_MS });
    await coordinator.getByTestId('callout-exercise').waitFor();
    const notice = officer.getByTestId('inapp-notice').filter({ hasText: 'Övning Ymer' });
    await notice.waitFor({ timeout: LIVE_MS });
    expect(await notice.getByTestId('inapp-exercise').textContent()).toBe('ÖVNING');
    await screenshot(officer, 'callout-duty-officer-exercise');
    await coordinator.evaluate(() => window.scrollTo(0, 0));
    await screenshot(coordinator, 'callout-coordinator-exercise');
  });

  it('links the admin to the queue monitor', async () => {
    const admin = await session.openDashboard(ADMIN);
    const link = admin.getByTestId('nav-queues');
    expect(await link.getAttribute('href')).toBe('/admin/queues');
    expect(await link.textContent()).toContain('Köövervakning');
    const res = await admin.context().request.get(`${session.server.url}/admin/queues`);
    expect(res.status()).toBe(200);
    // Four pages and the queue monitor still fit the top bar on one line at 1360 px.
    const bar = await admin.locator('.topbar').boundingBox();
    expect(bar?.height).toBeLessThan(80);
    await screenshot(admin, 'callout-admin-topbar', { fullPage: false });
  });

  it('raised no errors in the pages', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
