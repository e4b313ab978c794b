import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.ts';
import { connection, useDashboardSession } from '../support/dashboardSession.ts';

/**
 * The green button end to end, in a real browser against the real server:
 * a duty officer asks for activation, the regional coordinator sees the
 * request arrive and activates, every dashboard turns red without a reload,
 * and deactivation brings them all back, leaving one row in the history.
 */

const COORDINATOR = 'rsib@samverkan.test';
const DUTY_OFFICER = 'tib.stockholm@samverkan.test';
/** How long a change may take to reach another user's dashboard. */
const LIVE_MS = 5_000;

const banner = (mode: 'ordinary' | 'activated') => `[data-testid="mode-banner"][data-mode="${mode}"]`;

const session = useDashboardSession();
const { logIn, pageErrors } = session;

describe('login', () => {
  it('says clearly when the email or password is wrong', async () => {
    const page = await logIn('observator@samverkan.test', 'not-the-password');
    await expect(page.getByTestId('login-error').textContent()).resolves.toBe('Fel e-postadress eller lösenord');
    expect(await page.locator('[data-testid="mode-banner"]').count()).toBe(0);
  });
});

describe('activation of SSR, live on every dashboard', () => {
  let officer: Page;
  let coordinator: Page;
  const title = 'Omfattande elavbrott i södra länet';
  const reason = 'Elavbrott sedan 05.40 i Haninge, Nynäshamn och Tyresö; behov av gemensam lägesbild.';

  it('logs both users in, in ordinary mode and live', async () => {
    [officer, coordinator] = await Promise.all([logIn(DUTY_OFFICER), logIn(COORDINATOR)]);
    for (const page of [officer, coordinator]) {
      await page.locator(connection('live')).waitFor({ timeout: LIVE_MS });
      await page.locator(banner('ordinary')).waitFor();
      expect(await page.getByTestId('connection').textContent()).toContain('Ansluten');
      expect(await page.getByTestId('mode-banner').getAttribute('role')).toBe('status');
    }
    expect(await officer.getByTestId('current-user').textContent()).toContain('Tove TiB Stockholm');
    expect(await coordinator.getByTestId('current-user').textContent()).toContain('Länsstyrelsen');
    // Only those who may decide get the decision buttons; only requesters the green one.
    expect(await officer.getByTestId('activate').count()).toBe(0);
    expect(await officer.getByTestId('request-activation').isVisible()).toBe(true);
    expect(await coordinator.getByTestId('activate').isVisible()).toBe(true);
  });

  it('lets the duty officer ask for activation with the green button', async () => {
    await officer.getByTestId('request-activation').click();
    const titleField = officer.getByTestId('request-title');
    await titleField.waitFor();
    // The dialog takes focus, and an empty form is refused next to its fields.
    expect(await titleField.evaluate((el) => el.matches(':focus'))).toBe(true);
    await officer.getByTestId('request-submit').click();
    await officer.getByText('Fältet måste fyllas i.').first().waitFor();
    expect(await titleField.getAttribute('aria-invalid')).toBe('true');

    await titleField.fill(title);
    await officer.getByTestId('request-reason').fill(reason);
    await officer.getByTestId('request-submit').click();
    await titleField.waitFor({ state: 'detached' });
    await officer.getByTestId('pending-request').filter({ hasText: title }).waitFor();
  });

  it('shows the coordinator the request without a reload', async () => {
    const request = coordinator.getByTestId('pending-request').filter({ hasText: title });
    await request.waitFor({ timeout: LIVE_MS });
    expect(await request.textContent()).toContain('Tove TiB Stockholm');
    await screenshot(officer, 'duty-officer-ordinary');
    await screenshot(coordinator, 'coordinator-ordinary-with-request');
  });

  it('activates from the request; the duty officer’s banner turns red without a reload', async () => {
    await coordinator
      .getByTestId('pending-request')
      .filter({ hasText: title })
      .getByTestId('activate-from-request')
      .click();
    // The confirmation is filled in from the request.
    expect(await coordinator.getByTestId('activate-title').inputValue()).toBe(title);
    expect(await coordinator.getByTestId('activate-reason').inputValue()).toBe(reason);
    await coordinator.getByTestId('activate-submit').click();

    await coordinator.locator(banner('activated')).waitFor({ timeout: LIVE_MS });
    await officer.locator(banner('activated')).waitFor({ timeout: LIVE_MS });
    const officerBanner = (await officer.getByTestId('mode-banner').textContent()) ?? '';
    expect(officerBanner).toContain('AKTIVERAT LÄGE');
    expect(officerBanner).toContain(title);
    expect(officerBanner).toContain('Rasmus Samordnare (RSIB)');

    // The request is answered: gone from the coordinator's list, accepted for the one who asked.
    await coordinator.getByTestId('pending-request').waitFor({ state: 'detached', timeout: LIVE_MS });
    await officer.locator('[data-testid="answered-request"][data-status="accepted"]').waitFor({ timeout: LIVE_MS });
    // The history is live too: one ongoing activation.
    await officer.getByTestId('history-row').filter({ hasText: title }).waitFor({ timeout: LIVE_MS });

    await screenshot(officer, 'duty-officer-activated');
    await screenshot(coordinator, 'coordinator-activated');
  });

  it('deactivates with a reason; both banners return to ordinary and the history shows one row', async () => {
    await coordinator.getByTestId('deactivate').click();
    await coordinator.getByTestId('deactivate-submit').click();
    await coordinator.getByText('Fältet måste fyllas i.').waitFor();
    await coordinator.getByTestId('deactivate-reason').fill('Strömmen är tillbaka i hela länet.');
    await coordinator.getByTestId('deactivate-submit').click();

    for (const page of [coordinator, officer]) {
      await page.locator(banner('ordinary')).waitFor({ timeout: LIVE_MS });
      await page
        .locator('[data-testid="history-row"]:not(.history__row--ongoing)')
        .filter({ hasText: 'Strömmen är tillbaka' })
        .waitFor({ timeout: LIVE_MS });
      expect(await page.getByTestId('history-row').count()).toBe(1);
    }
    const row = (await officer.getByTestId('history-row').textContent()) ?? '';
    expect(row).toContain(title);
    expect(row).toContain('Tove TiB Stockholm');
    expect(row).toContain('Rasmus Samordnare (RSIB)');
    expect(row).toMatch(/< 1 min|\d+ min/);
    await screenshot(officer, 'duty-officer-after');
  });

  it('catches up on what happened while a dashboard was offline', async () => {
    const context = officer.context();
    await context.setOffline(true);
    await officer.locator(connection('offline')).waitFor({ timeout: LIVE_MS });
    expect(await officer.getByTestId('connection').textContent()).toContain('Frånkopplad');

    await coordinator.getByTestId('activate').click();
    await coordinator.getByTestId('activate-title').fill('Övergripande samverkan vid storm');
    await coordinator.getByTestId('activate-reason').fill('Stormvarning klass 2 för hela länet.');
    await coordinator.getByTestId('activate-submit').click();
    await coordinator.locator(banner('activated')).waitFor({ timeout: LIVE_MS });

    await context.setOffline(false);
    await officer.locator(connection('live')).waitFor({ timeout: 15_000 });
    await officer.locator(banner('activated')).waitFor({ timeout: LIVE_MS });
    await officer.getByTestId('history-row').nth(1).waitFor({ timeout: LIVE_MS });
    expect(await officer.getByTestId('history-row').count()).toBe(2);
  });

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
