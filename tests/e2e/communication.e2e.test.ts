import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validateCap } from '../../apps/server/src/testing/xml.ts';
import type { Message } from '../../packages/contracts/src/messages.ts';
import { screenshot } from '../support/browser.ts';
import { connection, LIVE_MS, useDashboardSession } from '../support/dashboardSession.ts';

/**
 * Samordnad kommunikation end to end, in real browsers against the real
 * server: a communicator drafts a public message and sends it for
 * consultation; the responsible actor's communicator opens it (each sees the
 * other in the editor) and agrees, which the author sees without a reload;
 * the regional coordinator agrees; the author publishes through the
 * confirmation; the public page shows it to anyone, and its CAP document is
 * valid CAP 1.2. Then two editors save the same revision: the second gets
 * the conflict panel, and "Behåll min text" saves both texts.
 */

const KIM = 'kommunikator.region@samverkan.test';
const SARA = 'kommunikator.stockholm@samverkan.test';
const COORDINATOR = 'rsib@samverkan.test';

const viewIn = (page: Page, status: string) => page.locator(`[data-testid="message-view"][data-status="${status}"]`);

const session = useDashboardSession();
const { newPage, openDashboard, pageErrors } = session;

/** Opens one message at its address (a fresh page load, as from a link in an e-mail). */
async function openMessage(page: Page, id: string): Promise<void> {
  await page.goto(`${session.server.url}/messages/${id}`);
  await page.locator(`[data-testid="message-view"][data-message-id="${id}"]`).waitFor({ timeout: LIVE_MS });
  await page.locator(connection('live')).waitFor({ timeout: LIVE_MS });
}

async function readMessage(page: Page, id: string): Promise<Message> {
  const res = await page.request.get(`${session.server.url}/api/messages/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Message;
}

describe('Samordnad kommunikation: drafted, consulted, agreed, published', () => {
  const HEADLINE = 'Kokningsrekommendation för dricksvatten i Stockholm';
  let kim: Page;
  let sara: Page;
  let messageId: string;

  it('a communicator drafts a public message and sends it for consultation', async () => {
    kim = await openDashboard(KIM);
    await kim.getByTestId('nav-messages').click();
    await kim.getByTestId('message-new-form').waitFor();

    // Nothing filled in: each error next to its field, nothing sent.
    await kim.getByTestId('message-create').click();
    await kim.getByTestId('message-new-error').waitFor();
    expect(await kim.getByTestId('msg-headline').getAttribute('aria-invalid')).toBe('true');
    expect(await kim.getByTestId('msg-areas-error').textContent()).toBe('Välj minst en kommun eller hela länet.');

    await kim.getByTestId('msg-headline').fill(HEADLINE);
    await kim.getByTestId('msg-body').fill('Efter ett ledningsbrott kan dricksvattnet i Stockholm vara förorenat.');
    await kim.getByTestId('msg-instruction').fill('Koka vattnet i minst en minut innan du dricker det.');
    await kim.getByTestId('msg-english-toggle').click();
    await kim.getByTestId('msg-en-headline').fill('Boil water advisory in Stockholm');
    await kim
      .getByTestId('msg-en-body')
      .fill('After a burst main the drinking water in Stockholm may be contaminated.');
    await kim.locator('[data-testid="msg-area"][data-area="0180"]').check();
    await kim.getByTestId('msg-classification-public').check();
    await kim.getByTestId('msg-responsible').selectOption('stockholms-stad');
    await kim.getByTestId('msg-audiences').fill('allmänheten');
    await kim.getByTestId('message-create').click();

    await viewIn(kim, 'draft').waitFor({ timeout: LIVE_MS });
    messageId = (await kim.getByTestId('message-view').getAttribute('data-message-id')) ?? '';
    expect(new URL(kim.url()).pathname).toBe(`/messages/${messageId}`);
    expect(await kim.getByTestId('message-headline').textContent()).toBe(HEADLINE);
    expect(await kim.getByTestId('cap-status').textContent()).toBe('Actual');
    expect(await kim.getByTestId('cap-msgtype').textContent()).toBe('Alert');
    expect(await kim.getByTestId('cap-areas').textContent()).toBe('Stockholm (0180)');
    expect(await kim.getByTestId('cap-languages').textContent()).toBe('sv-SE, en-GB');
    expect(await kim.getByTestId('preview-en').textContent()).toContain('Boil water advisory in Stockholm');

    await kim.getByTestId('consult-chosen').check();
    await kim.locator('[data-testid="consult-actor"][value="stockholms-stad"]').check();
    await kim.locator('[data-testid="consult-actor"][value="polisregion-stockholm"]').check();
    await kim.getByTestId('consult-submit').click();
    await viewIn(kim, 'consultation').waitFor({ timeout: LIVE_MS });
    expect(await kim.getByTestId('consulted-actor').count()).toBe(2);
    expect(
      await kim.locator('[data-testid="requirement"][data-requirement="responsible"]').getAttribute('data-met'),
    ).toBe('false');
    // A mark that only survives as long as the page is not reloaded.
    await kim.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
  });

  it('the responsible actor’s communicator opens it, sees the author there, and agrees; the author sees it live', async () => {
    sara = await openDashboard(SARA);
    await openMessage(sara, messageId);
    await sara.getByTestId('presence').getByText('Redigerar också: Kim').waitFor({ timeout: LIVE_MS });
    expect(await sara.getByTestId('presence').textContent()).toContain('Region Stockholm');
    await kim.getByTestId('presence').getByText('Redigerar också: Sara').waitFor({ timeout: LIVE_MS });
    expect(await kim.getByTestId('presence').textContent()).toContain('Stockholms stad');
    await screenshot(sara, 'communication-consultation');

    await sara.getByTestId('answer-agree').click();
    await sara
      .locator('[data-testid="consulted-actor"][data-actor-id="stockholms-stad"][data-answer="agree"]')
      .waitFor({ timeout: LIVE_MS });

    await kim
      .locator('[data-testid="consulted-actor"][data-actor-id="stockholms-stad"][data-answer="agree"]')
      .waitFor({ timeout: LIVE_MS });
    await kim
      .locator('[data-testid="requirement"][data-requirement="responsible"][data-met="true"]')
      .waitFor({ timeout: LIVE_MS });
    expect(await kim.getByTestId('answer').first().textContent()).toContain('Sara');
    // Not agreed yet: the coordinator's agreement is missing.
    expect(await kim.getByTestId('publish-message').count()).toBe(0);

    // Leaving the editor is seen by the others.
    await sara.getByTestId('message-back').click();
    await sara.getByTestId('message-list').waitFor();
    await kim.locator('[data-testid="presence"][data-count="0"]').waitFor({ state: 'attached', timeout: LIVE_MS });
  });

  it('the regional coordinator agrees, and the author publishes through the confirmation', async () => {
    const coordinator = await openDashboard(COORDINATOR);
    await openMessage(coordinator, messageId);
    await coordinator.getByTestId('answer-agree').click();
    await viewIn(coordinator, 'agreed').waitFor({ timeout: LIVE_MS });

    await viewIn(kim, 'agreed').waitFor({ timeout: LIVE_MS });
    await kim
      .locator('[data-testid="requirement"][data-requirement="coordinator"][data-met="true"]')
      .waitFor({ timeout: LIVE_MS });
    await kim.getByTestId('publish-message').click();
    const dialog = kim.getByTestId('publish-message-dialog');
    await dialog.getByText('Publicera budskapet?').waitFor();
    expect(await dialog.getByTestId('publish-target-actors').textContent()).toBe(
      'Till aktörerna: e-post och i Samverkan till alla aktörers kommunikatörer.',
    );
    expect(await dialog.getByTestId('publish-target-public').textContent()).toBe(
      'Till allmänheten: publika sidan /public, Atom-flödet /public/feed.atom, CAP 1.2 (msgType Alert).',
    );
    await screenshot(kim, 'communication-publish-dialog', { fullPage: false });
    await dialog.getByTestId('publish-message-confirm').click();

    await viewIn(kim, 'published').waitFor({ timeout: LIVE_MS });
    await kim.getByTestId('cap-link').waitFor();
    expect(await kim.getByTestId('public-link').getAttribute('href')).toBe('/public');
    expect(await kim.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await screenshot(kim, 'communication-published');
  });

  it('anyone sees it on the public page, and its CAP document is valid CAP 1.2', async () => {
    // A context of Playwright's own viewport, with no one logged in.
    const anonymous = await newPage('anonymous', {});
    await anonymous.goto(`${session.server.url}/public`);
    await anonymous.getByText(HEADLINE).first().waitFor();
    await screenshot(anonymous, 'communication-public');

    const capLink = anonymous.locator('a[type="application/cap+xml"]').first();
    const href = (await capLink.getAttribute('href')) ?? '';
    expect(href).toMatch(/\/public\/cap\/[^/]+\.xml$/);
    const res = await anonymous.request.get(
      new URL(new URL(href, session.server.url).pathname, session.server.url).href,
    );
    expect(res.status()).toBe(200);
    const xml = await res.text();
    const check = await validateCap(xml);
    expect(check.errors).toEqual([]);
    expect(check.valid).toBe(true);
    expect(xml).toContain('<status>Actual</status>');
    expect(xml).toContain('<msgType>Alert</msgType>');
    expect(xml).toContain(HEADLINE);
    expect(pageErrors).toEqual([]);
  });

  it('a new version opens as a draft (CAP Update); the published one is withdrawn with a reason', async () => {
    await kim.getByTestId('new-version').click();
    await viewIn(kim, 'draft').waitFor({ timeout: LIVE_MS });
    const draftId = (await kim.getByTestId('message-view').getAttribute('data-message-id')) ?? '';
    expect(draftId).not.toBe(messageId);
    expect(new URL(kim.url()).pathname).toBe(`/messages/${draftId}`);
    expect(await kim.getByTestId('cap-msgtype').textContent()).toBe('Update');
    expect(await kim.getByTestId('msg-headline').inputValue()).toBe(HEADLINE);

    await kim.getByTestId('previous-version').click();
    await viewIn(kim, 'published').waitFor({ timeout: LIVE_MS });
    await kim.getByTestId('withdraw-message').click();
    const dialog = kim.getByTestId('withdraw-dialog');
    await dialog.getByTestId('withdraw-reason').fill('Vattnet är provtaget och rent.');
    await dialog.getByTestId('withdraw-confirm').click();
    await viewIn(kim, 'withdrawn').waitFor({ timeout: LIVE_MS });
    expect(await kim.getByTestId('message-withdrawn').textContent()).toBe('Återkallat: Vattnet är provtaget och rent.');
    expect(pageErrors).toEqual([]);
  });

  it('speaks English when asked, with no text left untranslated', async () => {
    await kim.locator('.lang-switch button[lang="en"]').click();
    await kim.getByRole('heading', { name: 'Coordinated communication' }).waitFor();
    const text = (await kim.locator('body').textContent()) ?? '';
    // A missing translation shows as its key, e.g. "messages.publishTitle".
    expect(text).not.toMatch(/\b(messages|callouts|form|actions|actors|validation)\.[a-zA-Z]+/);
    expect(text).toContain('Withdrawn');
    await screenshot(kim, 'communication-english');
    await kim.locator('.lang-switch button[lang="sv"]').click();
    await kim.getByRole('heading', { name: 'Samordnad kommunikation' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

describe('Samordnad kommunikation: two editors save the same revision', () => {
  it('the second gets the conflict panel, and "Behåll min text" saves both texts', async () => {
    const [kim, sara] = await Promise.all([openDashboard(KIM), openDashboard(SARA)]);
    const created = await kim.request.post(`${session.server.url}/api/messages`, {
      data: {
        headline: 'Störningar i kollektivtrafiken',
        body: 'Tunnelbanans gröna linje står still.',
        areas: ['county'],
        classification: 'internal',
        responsibleActorId: 'stockholms-stad',
      },
    });
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as Message).id;
    await Promise.all([openMessage(kim, id), openMessage(sara, id)]);
    await kim.getByTestId('presence').getByText('Sara').waitFor({ timeout: LIVE_MS });

    // Both start from revision 1: Kim changes the headline, Sara the text.
    await kim.getByTestId('msg-headline').fill('Stopp i tunnelbanan, gröna linjen');
    await sara
      .getByTestId('msg-body')
      .fill('Gröna linjen står still mellan Slussen och Gullmarsplan. Ersättningsbussar sätts in.');
    await sara.getByTestId('message-save').click();
    await sara.locator('[data-testid="editor-state"][data-dirty="false"]').getByText('Revision 2').waitFor();

    // Kim is told that someone saved, and keeps the unsaved headline.
    await kim.getByTestId('someone-saved').waitFor({ timeout: LIVE_MS });
    expect(await kim.getByTestId('msg-headline').inputValue()).toBe('Stopp i tunnelbanan, gröna linjen');

    await kim.getByTestId('message-save').click();
    const panel = kim.getByTestId('conflict-panel');
    await panel.waitFor({ timeout: LIVE_MS });
    expect(await panel.getAttribute('role')).toBe('alert');
    const body = panel.locator('[data-testid="conflict-field"][data-field="body"]');
    expect(await body.getByTestId('conflict-theirs').textContent()).toContain('Ersättningsbussar sätts in.');
    expect(await body.getByTestId('conflict-mine').textContent()).toBe('Tunnelbanans gröna linje står still.');
    const headline = panel.locator('[data-testid="conflict-field"][data-field="headline"]');
    expect(await headline.getByTestId('conflict-mine').textContent()).toBe('Stopp i tunnelbanan, gröna linjen');
    await screenshot(kim, 'communication-conflict');

    await panel.getByTestId('conflict-keep-mine').click();
    await panel.waitFor({ state: 'detached', timeout: LIVE_MS });
    await kim.locator('[data-testid="editor-state"][data-dirty="false"]').getByText('Revision 3').waitFor();
    expect(await kim.getByTestId('message-headline').textContent()).toBe('Stopp i tunnelbanan, gröna linjen');
    expect(await kim.getByTestId('msg-body').inputValue()).toContain('Ersättningsbussar sätts in.');

    const saved = await readMessage(kim, id);
    expect(saved.revision).toBe(3);
    expect(saved.headline).toBe('Stopp i tunnelbanan, gröna linjen');
    expect(saved.body).toBe('Gröna linjen står still mellan Slussen och Gullmarsplan. Ersättningsbussar sätts in.');
    // Sara, with nothing unsaved, sees the merged text live.
    await sara.getByTestId('message-headline').getByText('Stopp i tunnelbanan, gröna linjen').waitFor({
      timeout: LIVE_MS,
    });
    expect(await sara.getByTestId('msg-headline').inputValue()).toBe('Stopp i tunnelbanan, gröna linjen');
    expect(pageErrors).toEqual([]);
  });
});
