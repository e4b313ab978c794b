import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isFocused, screenshot } from '../support/browser.ts';
import { connection, LIVE_MS, useDashboardSession } from '../support/dashboardSession.ts';

/**
 * Sektorer: an admin adds a sector and renames it on the Lägesbild page; a bad
 * id is refused next to the field; a coordinator sees no editor; a duty
 * officer's report form has a row for the new sector.
 */

const ADMIN = 'admin@samverkan.test';
const COORDINATOR = 'rsib@samverkan.test';
const STOCKHOLM = 'tib.stockholm@samverkan.test';

const row = (page: Page, id: string) => page.locator(`[data-testid="sector-row"][data-sector="${id}"]`);

const session = useDashboardSession();
const { openDashboard, pageErrors } = session;

async function openSituation(page: Page): Promise<void> {
  await page.getByTestId('nav-situation').click();
  await page.getByTestId('situation-page').waitFor();
}

describe('Sektorer: admins edit the sectors', () => {
  let admin: Page;
  let stockholm: Page;

  it('the admin adds "Kultur" at the end of the list', async () => {
    [admin, stockholm] = await Promise.all([openDashboard(ADMIN), openDashboard(STOCKHOLM)]);
    // The duty officer has the report form open before the sector exists.
    await stockholm.getByTestId('nav-report').click();
    await stockholm.getByTestId('report-form').waitFor();
    expect(await stockholm.locator('[data-testid="report-sector"][data-sector="kultur"]').count()).toBe(0);

    await openSituation(admin);
    const panel = admin.getByTestId('sectors-panel');
    await panel.getByRole('heading', { name: /Sektorer/ }).waitFor();
    const before = await panel.getByTestId('sector-row').count();
    expect(before).toBeGreaterThan(0);

    // Labels name the fields.
    await panel.getByLabel('Id').fill('kultur');
    await panel.getByLabel('Namn (svenska)').fill('Kultur');
    await panel.getByLabel('Namn (engelska)').fill('Culture');
    await panel.getByTestId('sector-add-submit').click();

    await row(admin, 'kultur').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => panel.getByTestId('sector-row').count()).toBe(before + 1);
    expect(await panel.getByTestId('sector-row').last().getAttribute('data-sector')).toBe('kultur');
    expect(await panel.getByRole('status').textContent()).toBe('Sparat.');
    expect(await panel.getByTestId('sector-add-id').inputValue()).toBe('');
  });

  it('a bad id shows a field error and is not sent', async () => {
    const panel = admin.getByTestId('sectors-panel');
    const count = await panel.getByTestId('sector-row').count();
    await panel.getByTestId('sector-add-id').fill('Kultur Arv');
    await panel.getByTestId('sector-add-name').fill('Kulturarv');
    await panel.getByTestId('sector-add-name-en').fill('Heritage');
    await panel.getByTestId('sector-add-submit').click();

    const id = panel.getByTestId('sector-add-id');
    await expect.poll(() => id.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await id.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((x) => x.endsWith('-error')) ?? '';
    expect(await admin.locator(`[id="${errorId}"]`).textContent()).toContain('små bokstäver');
    // Focus goes to the field to fix.
    expect(await isFocused(id)).toBe(true);
    expect(await panel.getByTestId('sector-row').count()).toBe(count);

    // An empty name is an error next to its field too.
    await id.fill('kulturarv');
    await panel.getByTestId('sector-add-name').fill('');
    await panel.getByTestId('sector-add-submit').click();
    await expect.poll(() => panel.getByTestId('sector-add-name').getAttribute('aria-invalid')).toBe('true');
    expect(await id.getAttribute('aria-invalid')).toBeNull();
    await screenshot(admin, 'sectors-field-errors');
  });

  it('the admin renames "Kultur" in place, from the keyboard', async () => {
    const kultur = row(admin, 'kultur');
    await kultur.getByRole('button', { name: 'Byt namn på Kultur' }).focus();
    await admin.keyboard.press('Enter');
    const name = kultur.getByTestId('sector-edit-name');
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    await name.fill('Kultur och kulturarv');
    await kultur.getByTestId('sector-edit-name-en').fill('Culture and heritage');
    await admin.keyboard.press('Enter');

    await kultur.getByTestId('sector-name').getByText('Kultur och kulturarv').waitFor({ timeout: LIVE_MS });
    expect(await kultur.getByTestId('sector-name-en').textContent()).toBe('Culture and heritage');
    expect(await admin.getByTestId('sectors-status').textContent()).toBe('Sparat.');
    // Focus is back on the rename button.
    await expect
      .poll(() => kultur.getByTestId('sector-edit').evaluate((el) => el === document.activeElement))
      .toBe(true);
    await screenshot(admin, 'sectors-admin');
  });

  it('a coordinator does not see the editor', async () => {
    const coordinator = await openDashboard(COORDINATOR);
    await openSituation(coordinator);
    await coordinator.getByTestId('situation-summary').waitFor();
    expect(await coordinator.getByTestId('sectors-panel').count()).toBe(0);
  });

  it('the duty officer’s report form has a row for the new sector after a reload', async () => {
    await stockholm.reload();
    await stockholm.locator(connection('live')).waitFor({ timeout: LIVE_MS });
    await stockholm.getByTestId('nav-report').click();
    await stockholm.getByTestId('report-form').waitFor();
    const kultur = stockholm.locator('[data-testid="report-sector"][data-sector="kultur"]');
    await kultur.waitFor();
    expect(await kultur.textContent()).toContain('Kultur och kulturarv');
    expect(await stockholm.locator('[data-testid="report-sector"]').last().getAttribute('data-sector')).toBe('kultur');
    await kultur.scrollIntoViewIfNeeded();
    await screenshot(stockholm, 'sectors-report-form', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });
});
