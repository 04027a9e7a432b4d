// The demo explains itself (issue 12, item 6), checked in Chromium: a
// provider's page plots what it gives each recipient per round, says in
// words why capacity is idle, shows everyone's round and whether the network
// is in step, hides empty "(me)" rows, keeps its person signed in across a
// reload, and the worked examples say where leftover capacity goes. Both at
// a desktop's width (1280 px) and a phone's (390 px): no sideways scrolling,
// no console errors. Screenshots go to a temporary directory (printed) to be
// looked at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useServerAndBrowser, waitForSelector } from './support/chromium.mjs';
import { openDemoPerson, signUp } from './support/demo-people.mjs';

const running = await useServerAndBrowser({ before, after, relay: true });
const WAIT = { state: 'attached', timeout: 30_000 };
const screenshots = mkdtempSync(join(tmpdir(), 'mutual-store-demo-'));

const openPerson = () => openDemoPerson(running, 'passwordCost=test');

async function recognise(person, percentages) {
  const { page } = person;
  for (const pub of Object.keys(percentages)) await page.waitForSelector(`[data-testid="weight-${pub}"]`, WAIT);
  for (const [pub, percent] of Object.entries(percentages)) await page.fill(`[data-testid="weight-${pub}"]`, String(percent));
  await page.click('[data-testid="publish-weights"]');
  for (const pub of Object.keys(percentages)) await page.waitForSelector(`[data-testid="published-weight-${pub}"]`, WAIT);
}

async function commit(person, { need, capacity = '' }) {
  const { page } = person;
  await page.fill('[data-testid="commitment-need"]', String(need));
  await page.fill('[data-testid="commitment-capacity"]', String(capacity));
  await page.click('[data-testid="publish-commitment"]');
  await page.waitForSelector(`[data-testid="published-need"][data-value="${need}"]`, WAIT);
}

// The whole page at `width`: nothing wider than the viewport; a screenshot.
async function checkWidth(person, width, name) {
  await person.page.setViewportSize({ width, height: 900 });
  const { scrollWidth, clientWidth, wider } = await person.page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    wider: [...document.querySelectorAll('body *')]
      .filter((node) => node.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((node) => node.dataset.testid || node.id || node.tagName)
      .slice(0, 5),
  }));
  assert.ok(scrollWidth <= clientWidth, `${name} at ${width} px scrolls sideways (${scrollWidth} > ${clientWidth}): ${wider.join(', ')}`);
  await person.page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
}

test('a provider and two recipients: the page explains what happens, at desktop and phone widths', { timeout: 120_000 }, async () => {
  const people = [];
  try {
    for (let i = 0; i < 3; i++) people.push(await openPerson());
    const [giver, partner, other] = people;
    const suffix = Date.now().toString(36);
    await signUp(giver, `giver-${suffix}`);
    await signUp(partner, `partner-${suffix}`);
    await signUp(other, `other-${suffix}`);
    // The giver recognises both; only the partner recognises the giver back.
    await recognise(giver, { [partner.pub]: 60, [other.pub]: 40 });
    await recognise(partner, { [giver.pub]: 100 });
    await recognise(other, { [partner.pub]: 100 });
    await commit(giver, { need: 0, capacity: 1000 });
    await commit(partner, { need: 300 });
    await commit(other, { need: 200 });

    const { page } = giver;
    // Settled: 300 to the partner (mutual), 200 to the other (leftover), 500 idle because every need is met.
    await page.waitForSelector(`[data-testid="give-mutual-${partner.pub}"][data-value="300"]`, WAIT);
    await page.waitForSelector(`[data-testid="give-leftover-${other.pub}"][data-value="200"]`, WAIT);
    await page.waitForSelector('[data-testid="give-idle"][data-value="500"]', WAIT);
    assert.match(await page.textContent('[data-testid="give-idle-reason"]'), /all it asked for/);
    assert.match(await page.textContent('[data-testid="give-denominators"]'), /500 of 1,000 left idle/);

    // Everyone's round, and the network in step once all have settled.
    await page.waitForSelector('[data-testid="live-network-settled"][data-value="true"]', WAIT);
    assert.match(await page.textContent('[data-testid="live-network-settled"]'), /in step/);
    for (const person of people) {
      await page.waitForSelector(`[data-testid="round-${person.pub}"][data-value]`, WAIT);
      assert.equal(await page.getAttribute(`[data-testid="round-settled-${person.pub}"]`, 'data-value'), 'true');
    }

    // The plot: one line per recipient, rising from nothing to what it gets.
    for (const [pub, amount] of [[partner.pub, 300], [other.pub, 200]]) {
      const points = (await page.getAttribute(`[data-testid="live-given-line-${pub}"]`, 'points')).split(' ');
      assert.ok(points.length >= 2, `a line over rounds to ${pub.slice(0, 8)}`);
      assert.notEqual(points[0].split(',')[1], points.at(-1).split(',')[1], `the line to ${pub.slice(0, 8)} (ending at ${amount}) is not flat`);
    }
    // The partner's plot shows what it receives, up to its 300.
    await partner.page.waitForSelector('[data-testid="live-received-line"]', WAIT);
    // No empty "(me)" rows: the giver receives nothing and does not recognise itself.
    assert.equal(await page.locator(`[data-testid="recv-total-${giver.pub}"]`).count(), 0);
    assert.equal(await page.locator(`[data-testid="mr-${giver.pub}"]`).count(), 0);

    // The worked examples say where the leftover goes.
    assert.match(await page.textContent('[data-testid="ex1-leftover"]'), /leftover .* goes to R3 and R4/);

    for (const width of [1280, 390]) {
      for (const [person, name] of [[giver, 'provider'], [partner, 'recipient']]) await checkWidth(person, width, name);
    }
    console.log(`screenshots: ${screenshots}`);

    // A reload keeps the giver signed in (the library's remembered session).
    await page.reload();
    await waitForSelector(page, '[data-testid="live"][data-ready="true"]', giver.problems);
    assert.equal(await page.getAttribute('[data-testid="my-pub"]', 'data-value'), giver.pub);
    assert.equal(await page.isVisible('[data-testid="signin-form"]'), false);
    // Signing out forgets it: the next reload asks again.
    await page.click('[data-testid="signout"]');
    await page.waitForSelector('[data-testid="signin-form"]', { state: 'visible', timeout: 30_000 });
    await page.reload();
    await waitForSelector(page, '[data-testid="live"][data-ready="true"]', giver.problems);
    assert.equal(await page.isVisible('[data-testid="signin-form"]'), true);

    for (const person of people) {
      assert.deepEqual(await person.page.locator('[data-testid="live-error"]').allTextContents(), [], `${person.alias}: no problems shown`);
      assert.deepEqual(person.problems, [], `${person.alias}: nothing logged`);
    }
  } finally {
    for (const { context } of people) await context.close();
  }
});
