// Debian's Chromium driven by playwright-core (which never downloads a
// browser). Every page records console errors and uncaught exceptions so a
// test can fail on them.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** A new page (of a browser or a browser context) plus the list of problems it reported (console errors, page errors, failed requests). */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  await page.goto(url);
  return { page, problems };
}

/** The exact number a demo element carries in data-value. */
export async function valueOf(page, testId) {
  const text = await page.getAttribute(`[data-testid="${testId}"]`, 'data-value');
  if (text === null) throw new Error(`[data-testid="${testId}"] carries no data-value`);
  return Number(text);
}

/** Waits for `selector`; on timeout the error also lists what the page reported. */
export async function waitForSelector(page, selector, problems) {
  try {
    await page.waitForSelector(selector, { state: 'attached', timeout: 20_000 });
  } catch (error) {
    error.message += `\npage problems: ${JSON.stringify(problems)}`;
    throw error;
  }
}

/**
 * Starts the demo server and Chromium before the file's tests and stops
 * them after; returns getters for both. With `relay: true` a relay (in
 * memory) also listens on the demo server's port, as `mutual-store relay`
 * runs it, so a page reaches it at its own origin; `relayOptions` go to
 * createRelay.
 */
export async function useServerAndBrowser({ before, after, relay = false, relayOptions = {} }) {
  const { startDemoServer } = await import('../../../js/relay/demo-server.js');
  const running = {};
  before(async () => {
    running.server = await startDemoServer({ port: 0 });
    if (relay) {
      const { createRelay } = await import('../../../js/relay/relay.js');
      running.relay = await createRelay({ storage: 'memory', ...relayOptions, server: running.server.server });
    }
    running.browser = await launchChromium();
  });
  after(async () => {
    await running.browser?.close();
    await running.relay?.close();
    await running.server?.close();
  });
  return { server: () => running.server, browser: () => running.browser, relay: () => running.relay };
}

/**
 * The demo page, once its own start-up (loading the core) is over: a reload
 * before that would abort its requests, which openPage counts as problems.
 */
export async function openDemoPage(browser, url) {
  const opened = await openPage(browser, url);
  await waitForSelector(opened.page, '[data-testid="status"][data-ready="true"]', opened.problems);
  return opened;
}
