import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.ts';
import { LIVE_MS, useDashboardSession } from '../support/dashboardSession.ts';

/**
 * Publishing the regional picture end to end: a duty officer reports; the
 * coordinator writes the summary and publishes the picture; the print view is
 * the document for decision makers (and prints without the dashboard around
 * it); the exports answer; the time-travel control shows the picture as it
 * was before a later report.
 */

const COORDINATOR = 'rsib@samverkan.test';
const STOCKHOLM = 'tib.stockholm@samverkan.test';
const POLICE = 'tib.polisen@samverkan.test';

const tileIn = (page: Page, actorId: string, state: string) =>
  page.locator(`[data-testid="situation-tile"][data-actor-id="${actorId}"][data-state="${state}"]`);
const sectorSelect = (page: Page, sector: string) =>
  page.locator(`[data-testid="report-sector"][data-sector="${sector}"] [data-testid="report-sector-impact"]`);

const session = useDashboardSession();
const { openDashboard, pageErrors } = session;

async function report(page: Page, situation: string, sector: string, impact: string): Promise<void> {
  await page.getByTestId('nav-report').click();
  await page.getByTestId('report-form').waitFor();
  await page.getByTestId('report-situation').fill(situation);
  await sectorSelect(page, sector).selectOption(impact);
  await page.locator('[data-testid="draft-status"][data-state="saved"]').waitFor({ timeout: LIVE_MS });
  await page.getByTestId('report-submit').click();
  await page.getByTestId('report-confirm').waitFor();
  await page.getByTestId('report-confirm-submit').click();
  await page.getByTestId('report-published').waitFor({ timeout: LIVE_MS });
}

/** A moment as the date and time inputs take it, in Stockholm time. */
function stockholmInputs(at: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

describe('Lägesbild: published, printed, exported and seen as it was', () => {
  let coordinator: Page;
  let stockholm: Page;
  let police: Page;
  let firstReportAt: number;

  it('a duty officer reports; the coordinator writes the summary', async () => {
    [coordinator, stockholm, police] = await Promise.all([
      openDashboard(COORDINATOR),
      openDashboard(STOCKHOLM),
      openDashboard(POLICE),
    ]);
    await coordinator.getByTestId('nav-situation').click();
    await coordinator.getByTestId('situation-page').waitFor();
    await coordinator.getByTestId('publications').getByText('Ingen lägesbild är publicerad ännu.').waitFor();
    // Ordinary mode: no round, and no round controls.
    expect(await coordinator.getByTestId('round-line').count()).toBe(0);
    expect(await coordinator.getByTestId('round-controls').count()).toBe(0);

    await report(stockholm, 'Omfattande elavbrott i söderort sedan 05.40.', 'energi', 'severe');
    firstReportAt = Date.now();
    await tileIn(coordinator, 'stockholms-stad', 'severe').waitFor({ timeout: LIVE_MS });

    await coordinator.getByTestId('summary-edit').click();
    await coordinator.getByTestId('summary-text').fill('Elavbrott i södra Stockholm. Läget bedöms stabilt.');
    await coordinator.getByTestId('summary-save').click();
    await coordinator.getByTestId('summary-shown').getByText('Elavbrott i södra Stockholm').waitFor();

    // The report dialog links the report as EDXL-SitRep.
    await tileIn(coordinator, 'stockholms-stad', 'severe').click();
    const link = coordinator.getByTestId('report-dialog').getByTestId('report-sitrep');
    await link.waitFor();
    expect(await link.textContent()).toBe('EDXL-SitRep (XML)');
    const xml = await coordinator.request.get(
      new URL((await link.getAttribute('href')) ?? '', session.server.url).href,
    );
    expect(xml.status()).toBe(200);
    expect(xml.headers()['content-type']).toContain('application/xml');
    await coordinator.keyboard.press('Escape');
  });

  it('only coordinators may publish', async () => {
    await police.getByTestId('nav-situation').click();
    await police.getByTestId('situation-page').waitFor();
    await police.getByTestId('publications').waitFor();
    expect(await police.getByTestId('publish-open').count()).toBe(0);
  });

  it('the coordinator publishes and opens the print view', async () => {
    await coordinator.getByTestId('publish-open').click();
    await coordinator.getByTestId('publish-dialog').getByText('Publicera lägesbilden?').waitFor();
    await coordinator.getByTestId('publish-confirm').click();
    const done = await coordinator.getByTestId('publish-done').textContent();
    expect(done).toMatch(/^Regional lägesbild v\.\d+, nr 1 är publicerad\./);

    const item = coordinator.getByTestId('publication-item');
    await item.first().waitFor();
    expect(await item.first().textContent()).toMatch(/^Regional lägesbild v\.\d+, nr 1/);
    // Everyone sees the list, live.
    await police.getByTestId('publication-item').first().waitFor({ timeout: LIVE_MS });

    await item.first().getByRole('link').click();
    await coordinator.getByTestId('print-doc').waitFor();
    expect(new URL(coordinator.url()).pathname).toMatch(/^\/situation\/publications\/[0-9a-f-]{36}\/print$/);
    expect(await coordinator.getByTestId('print-title').textContent()).toMatch(/^Regional lägesbild v\.\d+, nr 1$/);
    expect(await coordinator.getByTestId('print-meta').textContent()).toMatch(/^Publicerad .+ av /);
    expect(await coordinator.getByTestId('print-summary').textContent()).toContain(
      'Elavbrott i södra Stockholm. Läget bedöms stabilt.',
    );
    expect(await coordinator.getByTestId('print-counts').textContent()).toBe('1 av 37 aktörer har rapporterat.');
    const actors = coordinator.getByTestId('print-actor');
    expect(await actors.count()).toBe(1);
    const row = (await actors.first().textContent()) ?? '';
    expect(row).toContain('Stockholms stad');
    expect(row).toContain('Allvarlig');
    expect(row).toContain('Omfattande elavbrott i söderort');
    expect(await coordinator.locator('[data-testid="print-sector"][data-sector="energi"]').textContent()).toMatch(
      /Allvarlig.*Stockholms stad/,
    );
    expect(await coordinator.getByTestId('print-missing').textContent()).toContain('Har inte rapporterat (36)');
    await screenshot(coordinator, 'publication-print-screen');

    // A reload of the print view's address shows the same document.
    await coordinator.reload();
    await coordinator.getByTestId('print-doc').waitFor();
    expect(await coordinator.getByTestId('print-button').isVisible()).toBe(true);
    expect(await coordinator.getByTestId('nav-situation').isVisible()).toBe(true);
  });

  it('prints without the navigation and the buttons', async () => {
    await coordinator.emulateMedia({ media: 'print' });
    expect(await coordinator.getByTestId('print-doc').isVisible()).toBe(true);
    expect(await coordinator.getByTestId('print-title').isVisible()).toBe(true);
    expect(await coordinator.getByTestId('print-button').isVisible()).toBe(false);
    expect(await coordinator.getByTestId('print-toolbar').isVisible()).toBe(false);
    expect(await coordinator.getByTestId('nav-situation').isVisible()).toBe(false);
    expect(await coordinator.locator('.mode-band').isVisible()).toBe(false);
    expect(await coordinator.locator('button:visible').count()).toBe(0);
    const colours = await coordinator
      .getByTestId('print-title')
      .evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.body).backgroundColor]);
    expect(colours[0]).toBe('rgb(0, 0, 0)');
    expect(colours[1]).toMatch(/^rgb\(255, 255, 255\)|rgba\(0, 0, 0, 0\)$/);
    await screenshot(coordinator, 'publication-print-media');
    await coordinator.emulateMedia({ media: 'screen' });
  });

  it('exports the published picture as JSON and CSV', async () => {
    const csvHref = (await coordinator.getByTestId('export-csv').getAttribute('href')) ?? '';
    const jsonHref = (await coordinator.getByTestId('export-json').getAttribute('href')) ?? '';
    const csv = await coordinator.request.get(new URL(csvHref, session.server.url).href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('Stockholms stad');
    const json = await coordinator.request.get(new URL(jsonHref, session.server.url).href);
    expect(json.status()).toBe(200);
    const body = (await json.json()) as { title: string; situation: { summary: string } };
    expect(body.title).toMatch(/^Regional lägesbild v\.\d+, nr 1$/);
    expect(body.situation.summary).toContain('Elavbrott i södra Stockholm');
  });

  it('time travel shows the picture before a later report, and live updates pause', async () => {
    // A moment on a whole minute after the first report, and before the second one.
    const moment = Math.ceil((firstReportAt + 1_000) / 60_000) * 60_000;
    const wait = moment + 1_500 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

    await coordinator.getByTestId('print-back').click();
    await coordinator.getByTestId('situation-page').waitFor();
    await tileIn(coordinator, 'stockholms-stad', 'severe').waitFor({ timeout: LIVE_MS });

    await report(police, 'Ökat antal larm kopplade till elavbrottet.', 'allman-ordning-sakerhet', 'critical');
    await tileIn(coordinator, 'polisregion-stockholm', 'critical').waitFor({ timeout: LIVE_MS });

    const { date, time } = stockholmInputs(new Date(moment));
    await coordinator.getByTestId('time-travel-date').fill(date);
    await coordinator.getByTestId('time-travel-time').fill(time);
    await coordinator.getByTestId('time-travel-show').click();
    const banner = await coordinator.getByTestId('past-banner-text').textContent();
    expect(banner).toBe(
      `Läget ${Number(date.slice(8))} ${
        ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'][
          Number(date.slice(5, 7)) - 1
        ]
      } ${date.slice(0, 4)} kl. ${time} – inte aktuellt`,
    );
    await tileIn(coordinator, 'polisregion-stockholm', 'not-reported').waitFor({ timeout: LIVE_MS });
    expect(await tileIn(coordinator, 'stockholms-stad', 'severe').count()).toBe(1);
    expect(await coordinator.getByTestId('situation-counts').textContent()).toMatch(/^1 av 37/);
    // Nothing to edit or publish in the past.
    expect(await coordinator.getByTestId('publish-open').count()).toBe(0);
    expect(await coordinator.getByTestId('summary-edit').count()).toBe(0);
    await screenshot(coordinator, 'situation-time-travel', { fullPage: false });

    // A report now does not change the past picture shown.
    await stockholm.getByTestId('report-situation').fill('Elavbrottet har spridit sig till Huddinge.');
    await sectorSelect(stockholm, 'energi').selectOption('critical');
    await stockholm.locator('[data-testid="draft-status"][data-state="saved"]').waitFor({ timeout: LIVE_MS });
    await stockholm.getByTestId('report-submit').click();
    await stockholm.getByTestId('report-confirm-submit').click();
    await stockholm
      .getByTestId('report-published')
      .getByText(/Version 2/)
      .waitFor({ timeout: LIVE_MS });
    await coordinator.waitForTimeout(1_500);
    expect(await tileIn(coordinator, 'stockholms-stad', 'severe').count()).toBe(1);
    expect(await tileIn(coordinator, 'polisregion-stockholm', 'not-reported').count()).toBe(1);

    await coordinator.getByTestId('time-travel-back').click();
    await coordinator.getByTestId('past-banner').waitFor({ state: 'detached' });
    await tileIn(coordinator, 'polisregion-stockholm', 'critical').waitFor({ timeout: LIVE_MS });
    await tileIn(coordinator, 'stockholms-stad', 'critical').waitFor({ timeout: LIVE_MS });
    expect(await coordinator.getByTestId('situation-counts').textContent()).toMatch(/^2 av 37/);
    expect(pageErrors).toEqual([]);
  }, 150_000);
});
