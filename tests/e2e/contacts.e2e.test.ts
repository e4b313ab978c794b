import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isFocused, screenshot } from '../support/browser.ts';
import { connection, useDashboardSession } from '../support/dashboardSession.ts';

/**
 * The call-out lists (kontaktlistor för utlarmning) end to end, in a real
 * browser against the real server: Stockholms stad's duty officer builds its
 * own list (a bad phone number is refused next to its field), reorders it and
 * removes a contact after confirming; an admin looking at the same list in
 * another browser sees every change arrive without a reload.
 */

const ADMIN = 'admin@samverkan.test';
const DUTY_OFFICER = 'tib.stockholm@samverkan.test';
const ACTOR = 'stockholms-stad';
/** How long a change may take to reach another user's dashboard. */
const LIVE_MS = 5_000;

const session = useDashboardSession();
const { logIn, pageErrors } = session;

/** The text of what a field's aria-describedby points to: its hint and its error. */
const description = (locator: Locator) =>
  locator.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );

/** The names in the list, in call-out order. */
const names = (page: Page) => page.getByTestId('contact-name').allTextContents();

/** Waits until the list shows exactly these names in this order. */
async function waitForNames(page: Page, expected: string[]): Promise<void> {
  await page.waitForFunction(
    (want) =>
      JSON.stringify([...document.querySelectorAll('[data-testid="contact-name"]')].map((el) => el.textContent)) ===
      JSON.stringify(want),
    expected,
    { timeout: LIVE_MS },
  );
}

describe('call-out contact lists, live for the admin', () => {
  let officer: Page;
  let admin: Page;

  it('takes the duty officer straight to its own actor’s list, and lets the admin pick any of the 37', async () => {
    [officer, admin] = await Promise.all([logIn(DUTY_OFFICER), logIn(ADMIN)]);
    for (const page of [officer, admin]) await page.locator(connection('live')).waitFor({ timeout: LIVE_MS });

    await officer.getByTestId('nav-contacts').click();
    await officer.getByTestId('contacts-heading').filter({ hasText: 'Stockholms stad' }).waitFor();
    await officer.getByTestId('contacts-empty').waitFor();
    expect(new URL(officer.url()).pathname).toBe('/contacts');
    expect(await officer.getByTestId('nav-contacts').getAttribute('aria-current')).toBe('page');
    // A duty officer has no choice of actor; the new page's heading has focus.
    expect(await officer.getByTestId('actor-select').count()).toBe(0);
    expect(await isFocused(officer.locator('h1'))).toBe(true);
    expect(await officer.locator('h1').textContent()).toBe('Kontaktlistor');
    // The mode band stays on every page.
    await officer.locator('[data-testid="mode-banner"][data-mode="ordinary"]').waitFor();

    await admin.getByTestId('nav-contacts').click();
    const select = admin.getByTestId('actor-select');
    await select.locator('option').nth(36).waitFor({ state: 'attached' });
    expect(await select.locator('option').count()).toBe(37);
    await select.selectOption(ACTOR);
    await admin.getByTestId('contacts-heading').filter({ hasText: 'Stockholms stad' }).waitFor();
    await admin.getByTestId('contacts-empty').waitFor();
    expect(new URL(admin.url()).pathname).toBe(`/contacts/${ACTOR}`);
  });

  it('refuses a bad phone number next to its field, and sends nothing', async () => {
    await officer.getByTestId('contact-name-input').fill('Sara Lindqvist');
    await officer.getByTestId('contact-role-input').fill('TiB');
    const row = officer.getByTestId('channel-row').first();
    await row.getByTestId('channel-type').selectOption('sms');
    const address = row.getByTestId('channel-address');
    await address.fill('070-123 45 67');
    await officer.getByTestId('contact-submit').click();

    await row.getByText('Ange numret i internationellt format').waitFor();
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    expect(await description(address)).toContain('t.ex. +46701234567');
    // Focus goes to the field to correct; the name was fine.
    expect(await isFocused(address)).toBe(true);
    expect(await officer.getByTestId('contact-name-input').getAttribute('aria-invalid')).toBeNull();
    expect(await officer.getByTestId('contact-form-error').textContent()).toBe('Kontrollera de markerade fälten.');
    expect(await officer.getByTestId('contact').count()).toBe(0);
    await screenshot(officer, 'contacts-duty-officer-invalid-phone');
  });

  it('adds two contacts in call-out order; the admin sees each arrive without a reload', async () => {
    const address = officer.getByTestId('channel-row').first().getByTestId('channel-address');
    await address.fill('+46701234567');
    expect(await address.getAttribute('aria-invalid')).toBeNull();
    await officer.getByTestId('contact-submit').click();

    await waitForNames(officer, ['Sara Lindqvist']);
    await officer
      .getByTestId('contacts-status')
      .filter({ hasText: 'Sara Lindqvist har lagts till som nummer 1.' })
      .waitFor();
    // The form is empty again, ready for the next contact.
    const name = officer.getByTestId('contact-name-input');
    await officer.waitForFunction(() => document.activeElement?.getAttribute('name') === 'name');
    expect(await name.inputValue()).toBe('');
    expect(await officer.getByTestId('channel-row').count()).toBe(1);
    await waitForNames(admin, ['Sara Lindqvist']);

    // The second one: English call-outs, by email and SMS.
    await name.fill('Johan Ek');
    await officer.getByTestId('contact-role-input').fill('Säkerhetschef');
    await officer.getByTestId('contact-language-input').selectOption('en');
    await officer.getByTestId('channel-row').first().getByTestId('channel-address').fill('Johan.Ek@Stockholm.se');
    await officer.getByTestId('add-channel').click();
    const second = officer.getByTestId('channel-row').nth(1);
    // Focus moves into the new row.
    await officer.waitForFunction(
      () =>
        document.activeElement?.closest('[data-channel-index="1"]') !== null &&
        document.activeElement?.tagName === 'SELECT',
    );
    expect(await second.getByTestId('channel-type').inputValue()).toBe('sms');
    await second.getByTestId('channel-address').fill('+46709876543');
    await officer.getByTestId('contact-submit').click();

    await waitForNames(officer, ['Sara Lindqvist', 'Johan Ek']);
    await waitForNames(admin, ['Sara Lindqvist', 'Johan Ek']);
    const johan = admin.getByTestId('contact').filter({ hasText: 'Johan Ek' });
    expect(await johan.getAttribute('data-position')).toBe('2');
    const text = (await johan.textContent()) ?? '';
    expect(text).toContain('Säkerhetschef');
    expect(text).toContain('Språk: Engelska');
    // The contract's schema normalised the address before it was sent.
    expect(await johan.getByTestId('contact-channel').allTextContents()).toEqual([
      'E-post johan.ek@stockholm.se',
      'SMS +46709876543',
    ]);
    expect(await admin.getByTestId('contacts-count').textContent()).toBe('2 kontakter');

    await screenshot(officer, 'contacts-duty-officer-two-contacts');
    await screenshot(admin, 'contacts-admin-live');
  });

  it('moves a contact up; focus stays with it and the admin sees the new order', async () => {
    const johan = officer.getByTestId('contact').filter({ hasText: 'Johan Ek' });
    await johan.getByTestId('contact-move-up').click();
    await waitForNames(officer, ['Johan Ek', 'Sara Lindqvist']);
    await officer.getByTestId('contacts-status').filter({ hasText: 'Johan Ek är nu nummer 1.' }).waitFor();
    // At the top "up" can go no further, so focus is on the same contact's "down".
    expect(await isFocused(johan.getByTestId('contact-move-down'))).toBe(true);
    expect(await johan.getByTestId('contact-move-up').getAttribute('aria-disabled')).toBe('true');
    await waitForNames(admin, ['Johan Ek', 'Sara Lindqvist']);
  });

  it('removes a contact only after confirmation in a dialog; the admin sees it go', async () => {
    const sara = officer.getByTestId('contact').filter({ hasText: 'Sara Lindqvist' });
    const dialog = officer.getByTestId('remove-dialog');

    // Cancelling keeps the contact, and focus returns to its remove button.
    await sara.getByTestId('contact-remove').click();
    await dialog.getByTestId('confirm-remove').waitFor();
    expect(await dialog.textContent()).toContain(
      'Sara Lindqvist (nummer 2) tas bort från kontaktlistan för Stockholms stad.',
    );
    expect(await isFocused(dialog.getByRole('button', { name: 'Avbryt' }))).toBe(true);
    await screenshot(officer, 'contacts-duty-officer-confirm-remove');
    await officer.keyboard.press('Escape');
    await dialog.getByTestId('confirm-remove').waitFor({ state: 'detached' });
    expect(await isFocused(sara.getByTestId('contact-remove'))).toBe(true);
    expect(await names(officer)).toEqual(['Johan Ek', 'Sara Lindqvist']);

    await sara.getByTestId('contact-remove').click();
    await dialog.getByTestId('confirm-remove').click();
    await waitForNames(officer, ['Johan Ek']);
    await officer
      .getByTestId('contacts-status')
      .filter({ hasText: 'Sara Lindqvist har tagits bort från listan.' })
      .waitFor();
    // The removed one's button is gone: focus goes to the contact now nearest in the list.
    await officer.waitForFunction(
      () =>
        document.activeElement?.getAttribute('data-testid') === 'contact' &&
        document.activeElement.textContent?.includes('Johan Ek'),
    );

    await waitForNames(admin, ['Johan Ek']);
    expect(await admin.getByTestId('contact').getAttribute('data-position')).toBe('1');
    expect(await admin.getByTestId('contacts-count').textContent()).toBe('1 kontakt');
    await screenshot(officer, 'contacts-duty-officer-after-remove');
    await screenshot(admin, 'contacts-admin-after-remove');
  });

  it('shows the server’s field errors next to the fields too', async () => {
    // Production refuses webhooks into private networks (a check only the server makes); the test
    // server allows them, so this one answer is the production server's 400, in the API's own format.
    await admin.route(
      `**/api/actors/${ACTOR}/contacts`,
      (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            error: 'validation',
            message: 'Invalid body: channels.0.address',
            details: [{ path: 'channels.0.address', message: 'a webhook must point to a public host' }],
          }),
        }),
      { times: 1 },
    );
    await admin.getByTestId('contact-name-input').fill('Larmcentral');
    const row = admin.getByTestId('channel-row').first();
    await row.getByTestId('channel-type').selectOption('webhook');
    const address = row.getByTestId('channel-address');
    await address.fill('https://10.0.0.5/hook');
    await admin.getByTestId('contact-submit').click();

    await row.getByText('Webhooken måste gå till en publik adress').waitFor();
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(address)).toBe(true);
    expect(await admin.getByTestId('contact-form-error').textContent()).toBe('Kontrollera de markerade fälten.');
    expect(await names(admin)).toEqual(['Johan Ek']);
  });

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
