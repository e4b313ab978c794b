import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.ts';
import { LIVE_MS, useDashboardSession } from '../support/dashboardSession.ts';

/**
 * The joint situation picture end to end, in real browsers against the real
 * server: the coordinator has the Lägesbild open; two duty officers write
 * their reports (one reloads half-way, and the autosaved draft is still
 * there) and publish them; the coordinator's map and matrix change without a
 * reload; a second version can be compared with the first; the coordinator
 * writes the summary.
 */

const COORDINATOR = 'rsib@samverkan.test';
const STOCKHOLM = 'tib.stockholm@samverkan.test';
const POLICE = 'tib.polisen@samverkan.test';

const tile = (page: Page, actorId: string) =>
  page.locator(`[data-testid="situation-tile"][data-actor-id="${actorId}"]`);
const cell = (page: Page, actorId: string, sector: string) =>
  page.locator(`[data-testid="matrix-cell"][data-actor-id="${actorId}"][data-sector="${sector}"]`);
const sectorSelect = (page: Page, sector: string) =>
  page.locator(`[data-testid="report-sector"][data-sector="${sector}"] [data-testid="report-sector-impact"]`);
const sectorComment = (page: Page, sector: string) =>
  page.locator(`[data-testid="report-sector"][data-sector="${sector}"] [data-testid="report-sector-comment"]`);

const session = useDashboardSession();
const { openDashboard, pageErrors } = session;

const markPage = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
const wasNotReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

async function waitForText(page: Page, testId: string, pattern: RegExp): Promise<string> {
  await page.waitForFunction(
    ([id, source, flags]) =>
      new RegExp(source as string, flags as string).test(
        document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '',
      ),
    [testId, pattern.source, pattern.flags],
    { timeout: LIVE_MS },
  );
  return (await page.getByTestId(testId).textContent()) ?? '';
}

/** Waits for the autosave that follows typing, and returns the status line. */
async function waitForDraftSaved(page: Page): Promise<string> {
  await page.locator('[data-testid="draft-status"][data-state="saved"]').waitFor({ timeout: LIVE_MS });
  return (await page.getByTestId('draft-status').textContent()) ?? '';
}

async function publish(page: Page): Promise<string> {
  await page.getByTestId('report-submit').click();
  await page.getByTestId('report-confirm').waitFor();
  await page.getByTestId('report-confirm-submit').click();
  await page.getByTestId('report-published').waitFor({ timeout: LIVE_MS });
  return (await page.getByTestId('report-published').textContent()) ?? '';
}

describe('Lägesbild: reports written, published and seen live', () => {
  let coordinator: Page;
  let stockholm: Page;
  let police: Page;

  it('shows the coordinator the empty picture of the period', async () => {
    [coordinator, stockholm, police] = await Promise.all([
      openDashboard(COORDINATOR),
      openDashboard(STOCKHOLM),
      openDashboard(POLICE),
    ]);
    await coordinator.getByTestId('nav-situation').click();
    await coordinator.getByTestId('situation-page').waitFor();
    expect(new URL(coordinator.url()).pathname).toBe('/situation');
    const counts = await waitForText(coordinator, 'situation-counts', /^0 av 37 har rapporterat/);
    expect(counts).toMatch(/^0 av 37 har rapporterat \(period \d{4}-W\d{2}\)$/);
    expect(await coordinator.getByTestId('situation-tile').count()).toBe(37);
    expect(await tile(coordinator, 'stockholms-stad').getAttribute('data-state')).toBe('not-reported');
    expect(await tile(coordinator, 'stockholms-stad').textContent()).toContain('Ej rapporterat');
    expect(await coordinator.getByTestId('missing-actor').count()).toBe(37);
    await coordinator.getByTestId('situation-matrix').getByText('Ingen aktör har rapporterat').waitFor();
    await screenshot(coordinator, 'situation-empty');
    await markPage(coordinator);
  });

  it('lets a duty officer write a report whose draft survives a reload', async () => {
    await stockholm.getByTestId('nav-report').click();
    await stockholm.getByTestId('report-form').waitFor();
    expect(await stockholm.getByTestId('security-notice').textContent()).toContain(
      'Säkerhetsskyddsklassificerade uppgifter får aldrig skrivas här',
    );
    // The form is there for the own actor only: no actor picker for a duty officer.
    expect(await stockholm.getByTestId('report-actor').count()).toBe(0);

    // Publishing an empty report is refused with a field error, before anything is sent.
    await stockholm.getByTestId('report-submit').click();
    await stockholm.getByTestId('report-failure').waitFor();
    expect(await stockholm.getByTestId('report-situation').getAttribute('aria-invalid')).toBe('true');
    expect(await stockholm.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'report-situation',
    );

    await stockholm.getByTestId('report-situation').fill('Omfattande elavbrott i söderort sedan 05.40.');
    await stockholm.getByTestId('report-what').fill('Elavbrott');
    await stockholm.getByTestId('report-where').fill('Söderort, Stockholm');
    await sectorSelect(stockholm, 'energi').selectOption('severe');
    await sectorComment(stockholm, 'energi').fill('Cirka 40 000 hushåll utan ström');
    await sectorSelect(stockholm, 'transporter').selectOption('strained');
    const status = await waitForDraftSaved(stockholm);
    expect(status).toMatch(/^Utkast sparat kl\. \d\d:\d\d:\d\d$/);

    await stockholm.reload();
    await stockholm.getByTestId('report-form').waitFor();
    await stockholm.getByText('Ditt sparade utkast är inläst.').waitFor();
    expect(await stockholm.getByTestId('report-situation').inputValue()).toBe(
      'Omfattande elavbrott i söderort sedan 05.40.',
    );
    expect(await sectorSelect(stockholm, 'energi').inputValue()).toBe('severe');
    expect(await sectorComment(stockholm, 'energi').inputValue()).toBe('Cirka 40 000 hushåll utan ström');
    expect(await sectorSelect(stockholm, 'transporter').inputValue()).toBe('strained');

    // A need, asked of the police.
    await stockholm.getByTestId('report-add-need').click();
    await stockholm.getByTestId('report-need-text').fill('Trafikdirigering vid avstängda korsningar');
    await stockholm.getByTestId('report-need-to-add').selectOption('polisregion-stockholm');
    await stockholm.getByTestId('report-assessment').fill('Strömmen väntas tillbaka under eftermiddagen.');
    await waitForDraftSaved(stockholm);
    await screenshot(stockholm, 'report-form');
  });

  it('publishes; the coordinator’s map and matrix change without a reload', async () => {
    const published = await publish(stockholm);
    expect(published).toMatch(/Version 1 är publicerad/);

    await coordinator
      .locator('[data-testid="situation-tile"][data-actor-id="stockholms-stad"][data-state="severe"]')
      .waitFor({
        timeout: LIVE_MS,
      });
    expect(await tile(coordinator, 'stockholms-stad').textContent()).toContain('Allvarlig');
    expect(await waitForText(coordinator, 'situation-counts', /^1 av 37/)).toMatch(/^1 av 37 har rapporterat/);
    expect(await cell(coordinator, 'stockholms-stad', 'energi').textContent()).toContain('Allvarlig');
    expect(await cell(coordinator, 'stockholms-stad', 'transporter').textContent()).toContain('Ansträngd');
    await coordinator.getByTestId('situation-need').filter({ hasText: 'Trafikdirigering' }).waitFor();
    expect(await coordinator.getByTestId('missing-actor').count()).toBe(36);
    expect(await wasNotReloaded(coordinator)).toBe(true);
  });

  it('a second actor reports; the coordinator sees it too', async () => {
    await police.getByTestId('nav-report').click();
    await police.getByTestId('report-form').waitFor();
    await police
      .getByTestId('report-situation')
      .fill('Ökat antal larm kopplade till elavbrottet. Förstärkt bemanning.');
    await sectorSelect(police, 'allman-ordning-sakerhet').selectOption('critical');
    await police.getByTestId('report-classification-open').check();
    await waitForDraftSaved(police);
    expect(await publish(police)).toMatch(/Version 1 är publicerad/);

    await coordinator
      .locator('[data-testid="situation-tile"][data-actor-id="polisregion-stockholm"][data-state="critical"]')
      .waitFor({ timeout: LIVE_MS });
    expect(await tile(coordinator, 'polisregion-stockholm').textContent()).toContain('Kritisk');
    expect(await waitForText(coordinator, 'situation-counts', /^2 av 37/)).toMatch(/^2 av 37 har rapporterat/);
    expect(await cell(coordinator, 'polisregion-stockholm', 'allman-ordning-sakerhet').textContent()).toContain(
      'Kritisk',
    );
    expect(await wasNotReloaded(coordinator)).toBe(true);
  });

  it('an update is compared field by field with the previous version', async () => {
    // The form starts from the published version: an update.
    expect(await stockholm.getByTestId('report-version-update').isChecked()).toBe(true);
    await sectorSelect(stockholm, 'energi').selectOption('critical');
    await stockholm.getByTestId('report-situation').fill('Elavbrottet har spridit sig till Huddinge.');
    await waitForDraftSaved(stockholm);
    expect(await publish(stockholm)).toMatch(/Version 2 är publicerad/);

    await coordinator
      .locator('[data-testid="situation-tile"][data-actor-id="stockholms-stad"][data-state="critical"]')
      .waitFor({ timeout: LIVE_MS });
    await tile(coordinator, 'stockholms-stad').click();
    const dialog = coordinator.getByTestId('report-dialog');
    await dialog.getByTestId('report-content').waitFor();
    expect(await dialog.getByTestId('report-content').textContent()).toContain('Elavbrottet har spridit sig');
    await dialog.getByTestId('report-compare').click();
    await dialog.getByTestId('compare-table').waitFor({ timeout: LIVE_MS });
    const rows = await dialog.getByTestId('compare-row').allTextContents();
    expect(
      rows.some((r) => r.startsWith('Energiförsörjning') && r.includes('Allvarlig') && r.includes('Kritisk')),
    ).toBe(true);
    expect(rows.some((r) => r.startsWith('Läget just nu') && r.includes('Huddinge'))).toBe(true);
    await screenshot(coordinator, 'situation-compare', { fullPage: false });
    await coordinator.keyboard.press('Escape');
    await dialog.getByTestId('report-content').waitFor({ state: 'detached' });
  });

  it('the coordinator writes the summary, in place', async () => {
    await coordinator.getByTestId('summary-edit').click();
    await coordinator
      .getByTestId('summary-text')
      .fill('Elavbrott i södra Stockholm. Polisen har förstärkt. Nästa samverkanskonferens 14.00.');
    await coordinator.getByTestId('summary-save').click();
    expect(await waitForText(coordinator, 'summary-shown', /Elavbrott i södra Stockholm/)).toContain(
      'Nästa samverkanskonferens 14.00',
    );
    // Everyone else sees it live, too.
    await police.getByTestId('nav-situation').click();
    expect(await waitForText(police, 'summary-shown', /Elavbrott i södra Stockholm/)).toContain('Polisen');
    // Duty officers read the summary but do not edit it.
    expect(await police.getByTestId('summary-edit').count()).toBe(0);
    expect(await wasNotReloaded(coordinator)).toBe(true);
    await screenshot(coordinator, 'situation-live');
    expect(pageErrors).toEqual([]);
  });
});
