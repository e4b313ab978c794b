import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { startTestServer } from './test-server.ts';

/**
 * What every end-to-end test sets up: the real server, the system Chromium,
 * and a fresh browser context per user, each logged in through the login form.
 */

/** How long a change may take to reach another user's dashboard (e-mail delivery included). */
export const LIVE_MS = 10_000;

/** The dashboard's connection indicator in one state: 'live', 'offline', … */
export const connection = (state: string) => `[data-testid="connection"][data-state="${state}"]`;

/** The size of the window the dashboards are tested in. */
export const DASHBOARD_VIEWPORT = { width: 1360, height: 900 };

export type DashboardSessionOptions = Parameters<typeof startTestServer>[0];

export interface DashboardSession {
  server: Awaited<ReturnType<typeof startTestServer>>;
  browser: Browser;
  /** The uncaught errors of every page opened, each as `label: message`. */
  pageErrors: string[];
  /**
   * A page in a context of its own, with a Swedish locale and the dashboard's
   * viewport unless `contextOptions` says otherwise (`{}` keeps Playwright's own).
   */
  newPage(label: string, contextOptions?: BrowserContextOptions): Promise<Page>;
  /** Submits the login form on a new page, without waiting for what follows. */
  logIn(email: string, password?: string): Promise<Page>;
  /** Logs in on a new page and waits until the dashboard is live. */
  openDashboard(email: string): Promise<Page>;
  /** Closes the contexts, the browser and the server. */
  close(): Promise<void>;
}

/**
 * Starts the server (with `options`, e.g. the `env` of an SMTP sink) and the browser.
 * The pages' errors go to `pageErrors`, a fresh list unless one is given.
 */
export async function startDashboardSession(
  options: DashboardSessionOptions = {},
  pageErrors: string[] = [],
): Promise<DashboardSession> {
  const server = await startTestServer(options);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    await server.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];

  async function newPage(label: string, contextOptions: BrowserContextOptions = { viewport: DASHBOARD_VIEWPORT }) {
    const context = await browser.newContext({ ...contextOptions, locale: 'sv-SE' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${label}: ${err.message}`));
    return page;
  }

  async function logIn(email: string, password = server.demoPassword): Promise<Page> {
    const page = await newPage(email);
    await page.goto(server.url);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    return page;
  }

  async function openDashboard(email: string): Promise<Page> {
    const page = await logIn(email);
    await page.locator(connection('live')).waitFor({ timeout: LIVE_MS });
    return page;
  }

  async function close(): Promise<void> {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await server.close();
  }

  return { server, browser, pageErrors, newPage, logIn, openDashboard, close };
}

/**
 * A session for the whole test file: started in beforeAll and closed in
 * afterAll. Its functions and `pageErrors` may be taken out at once;
 * `server` and `browser` are there once the session has started.
 */
export function useDashboardSession(options: DashboardSessionOptions = {}): DashboardSession {
  const pageErrors: string[] = [];
  let session: DashboardSession | undefined;
  const started = (): DashboardSession => {
    if (!session) throw new Error('the dashboard session is not started yet (it starts in beforeAll)');
    return session;
  };
  beforeAll(async () => {
    session = await startDashboardSession(options, pageErrors);
  });
  afterAll(async () => {
    await session?.close();
  });
  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    pageErrors,
    newPage: (label, contextOptions) => started().newPage(label, contextOptions),
    logIn: (email, password) => started().logIn(email, password),
    openDashboard: (email) => started().openDashboard(email),
    close: () => started().close(),
  };
}
