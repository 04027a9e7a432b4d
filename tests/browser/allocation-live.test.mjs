// The live network section of the demo in Chromium: three people in three
// browser contexts sign up through the page, find each other in the
// directory, publish recognition and commitments through the page's forms,
// and every page settles on the central allocation (the water-filling rule's
// fixed point, from the test oracle) and says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { computeAllMutualRecognition } from '../../js/index.js';
import { centralAllocation } from '../oracle/water-filling.mjs';
import { useServerAndBrowser, valueOf } from './support/chromium.mjs';
import { openDemoPerson, signUp } from './support/demo-people.mjs';

const running = await useServerAndBrowser({ before, after, relay: true });
const WAIT = { timeout: 30_000 };

const openPerson = () => openDemoPerson(running, 'roundMs=Infinity&passwordCost=test');

const listed = (page, pub) => page.waitForSelector(`[data-testid="directory-entry"][data-pub="${pub}"]`, { state: 'attached', ...WAIT });

async function recognise(page, percentages) {
  for (const [pub, percent] of Object.entries(percentages)) await page.fill(`[data-testid="weight-${pub}"]`, String(percent));
  await page.click('[data-testid="publish-weights"]');
}

async function commit(page, { need, capacity = '' }) {
  await page.fill('[data-testid="commitment-need"]', String(need));
  await page.fill('[data-testid="commitment-capacity"]', String(capacity));
  await page.click('[data-testid="publish-commitment"]');
  await page.waitForSelector(`[data-testid="published-need"][data-value="${need}"]`, { state: 'attached', ...WAIT });
}

/**
 * Waits until every [data-testid] in `expected` carries a data-value within
 * 1e-9 (relative) of its number (null: shows no number); the error names
 * what the page showed instead.
 */
async function waitForValues(page, expected, what) {
  try {
    await page.waitForFunction((expected) => Object.entries(expected).every(([testId, value]) => {
      const node = document.querySelector(`[data-testid="${testId}"]`);
      if (value === null) return node !== null && node.dataset.value === undefined;
      if (!node || node.dataset.value === undefined) return false;
      return Math.abs(Number(node.dataset.value) - value) <= 1e-9 * Math.max(1, Math.abs(value));
    }), expected, WAIT);
  } catch (error) {
    const shown = await page.evaluate((ids) => Object.fromEntries(ids.map((id) => [id, document.querySelector(`[data-testid="${id}"]`)?.dataset.value ?? 'absent'])), Object.keys(expected));
    error.message = `${what}: expected ${JSON.stringify(expected)}, page shows ${JSON.stringify(shown)}\n${error.message}`;
    throw error;
  }
}

test('three people on three pages settle on the central allocation and agree', { timeout: 90_000 }, async () => {
  const people = [await openPerson(), await openPerson(), await openPerson()];
  try {
    const [a, b, c] = people;
    const suffix = Date.now().toString(36);
    await signUp(a, `ann-${suffix}`);
    await signUp(b, `ben-${suffix}`);
    await signUp(c, `cai-${suffix}`);
    // Discovery: everyone finds the other two in the directory, by name.
    for (const person of people) {
      for (const other of people) {
        await listed(person.page, other.pub);
        assert.equal(await person.page.getAttribute(`[data-testid="directory-entry"][data-pub="${other.pub}"]`, 'data-alias'), other.alias);
      }
    }
    // Presence: everyone's directory marks the other two (and itself) online now.
    for (const person of people) {
      for (const other of people) {
        await person.page.waitForSelector(`[data-testid="directory-entry"][data-pub="${other.pub}"][data-online="true"]`, { state: 'attached', ...WAIT });
      }
    }

    // Shares that do not add up to 100% are refused, and nothing is published.
    await recognise(a.page, { [b.pub]: 60, [c.pub]: 30 });
    const weightsError = a.page.locator('[data-testid="weights-error"]');
    await weightsError.waitFor({ state: 'visible', ...WAIT });
    assert.match(await weightsError.textContent(), /100%.*90%/);
    assert.equal(await a.page.locator('[data-testid^="published-weight-"]').count(), 0, 'nothing published');

    const weights = {
      [a.pub]: { [b.pub]: 0.6, [c.pub]: 0.4 },
      [b.pub]: { [a.pub]: 1 },
      [c.pub]: { [b.pub]: 1 },
    };
    await recognise(a.page, { [b.pub]: 60, [c.pub]: 40 });
    await weightsError.waitFor({ state: 'hidden', ...WAIT });
    await recognise(b.page, { [a.pub]: 100 });
    await recognise(c.page, { [b.pub]: 100 });
    for (const person of people) {
      for (const [pub, share] of Object.entries(weights[person.pub])) {
        await person.page.waitForSelector(`[data-testid="published-weight-${pub}"]`, { state: 'attached', ...WAIT });
        assert.equal(await valueOf(person.page, `published-weight-${pub}`), share);
      }
    }

    await commit(a.page, { need: 0, capacity: 1000 });
    await commit(b.page, { need: 400 });
    await commit(c.page, { need: 900 });
    // The oracle, from the same inputs.
    const othersOf = (pub) => Object.fromEntries(Object.entries(weights).filter(([other]) => other !== pub));
    const mr = Object.fromEntries(people.map(({ pub }) => [pub, computeAllMutualRecognition(pub, weights[pub], othersOf(pub))]));
    const participants = { [a.pub]: { capacity: 1000, stated_need: 0 }, [b.pub]: { capacity: 0, stated_need: 400 }, [c.pub]: { capacity: 0, stated_need: 900 } };
    const central = centralAllocation({ ids: people.map((p) => p.pub), weights, participants });
    const fromA = central instanceof Map ? central.get(a.pub) : central[a.pub];
    const tier = (t) => (t instanceof Map ? Object.fromEntries(t) : t);
    const mutual = tier(fromA.tier1);
    const leftover = tier(fromA.tier2);
    // The inputs do what the scenario means: B is A's mutual partner, C only gets leftovers.
    const near = (x, y) => Math.abs(x - y) <= 1e-9 * y;
    assert.ok(near(mutual[b.pub], 400) && !(c.pub in mutual) && near(leftover[c.pub], 600) && !(b.pub in leftover), JSON.stringify({ mutual, leftover }));

    await waitForValues(a.page, {
      [`mr-${b.pub}`]: mr[a.pub][b.pub],
      [`mr-${c.pub}`]: mr[a.pub][c.pub],
      [`give-mutual-${b.pub}`]: mutual[b.pub],
      [`give-leftover-${b.pub}`]: null,
      [`give-mutual-${c.pub}`]: null,
      [`give-leftover-${c.pub}`]: leftover[c.pub],
      'give-idle': 0,
    }, "A's page");
    await waitForValues(b.page, {
      [`mr-${a.pub}`]: mr[b.pub][a.pub],
      [`recv-mutual-${a.pub}`]: mutual[b.pub],
      [`recv-leftover-${a.pub}`]: 0,
      'live-received': mutual[b.pub],
      'live-residual': 0,
    }, "B's page");
    await waitForValues(c.page, {
      [`mr-${b.pub}`]: mr[c.pub][b.pub],
      [`recv-mutual-${a.pub}`]: 0,
      [`recv-leftover-${a.pub}`]: leftover[c.pub],
      'live-received': leftover[c.pub],
      'live-residual': 300,
    }, "C's page");
    // Every page says the network has settled.
    for (const person of people) {
      await person.page.waitForSelector('[data-testid="live-network-settled"][data-value="true"]', { state: 'attached', ...WAIT });
    }

    for (const person of people) {
      assert.equal(await person.page.locator('[data-testid="live-error"]').count(), 0, `${person.alias}: no problems shown`);
      assert.deepEqual(person.problems, [], `${person.alias}: nothing logged`);
    }
  } finally {
    for (const { context } of people) await context.close();
  }
});

test('a simulated crowd joins the directory for everyone, and leaves it when removed', { timeout: 90_000 }, async () => {
  const host = await openPerson();
  const watcher = await openPerson();
  try {
    const suffix = Date.now().toString(36);
    await signUp(host, `host-${suffix}`);
    await signUp(watcher, `watcher-${suffix}`);
    await host.page.fill('[data-testid="crowd-size"]', '3');
    await host.page.click('[data-testid="crowd-add"]');
    await host.page.waitForFunction(() => document.querySelectorAll('[data-testid="crowd-member"]').length === 3, null, WAIT);
    const crowd = await host.page.$$eval('[data-testid="crowd-member"]', (rows) => rows.map((row) => ({ pub: row.dataset.pub, alias: row.dataset.alias })));
    assert.equal(new Set(crowd.map((m) => m.pub)).size, 3, 'three different participants');
    // Listed under their names on both pages: the other page sees them through the relay.
    for (const { page } of [host, watcher]) {
      for (const member of crowd) {
        await listed(page, member.pub);
        assert.equal(await page.getAttribute(`[data-testid="directory-entry"][data-pub="${member.pub}"]`, 'data-alias'), member.alias);
      }
    }
    // Their published commitments arrive too: each states a need.
    for (const member of crowd) {
      await host.page.waitForSelector(`[data-testid="crowd-stated-${member.pub}"][data-value]`, { state: 'attached', ...WAIT });
    }

    await host.page.click('[data-testid="crowd-remove"]');
    await host.page.waitForSelector('[data-testid="crowd-state"]:has-text("crowd removed")', { state: 'attached', ...WAIT });
    // Off the watcher's list (nobody there recognises them, so the rows go).
    await watcher.page.waitForFunction((pubs) => pubs.every((pub) => !document.querySelector(`[data-testid="directory-entry"][data-pub="${pub}"]`)), crowd.map((m) => m.pub), WAIT);
    for (const person of [host, watcher]) {
      assert.equal(await person.page.locator('[data-testid="live-error"]').count(), 0, `${person.alias}: no problems shown`);
      assert.deepEqual(person.problems, [], `${person.alias}: nothing logged`);
    }
  } finally {
    for (const { context } of [host, watcher]) await context.close();
  }
});

test('what a person is typing in a recognition field survives the table being redrawn under it', { timeout: 90_000 }, async () => {
  const typist = await openPerson();
  const other = await openPerson();
  try {
    const suffix = Date.now().toString(36);
    await signUp(typist, `typist-${suffix}`);
    await signUp(other, `other-${suffix}`);
    await listed(typist.page, other.pub);
    await listed(other.page, typist.pub);
    const field = typist.page.locator(`[data-testid="weight-${other.pub}"]`);
    await field.click();
    await typist.page.keyboard.type('6');
    // The other person's recognition reaches the typist's page and redraws
    // its participants table (their share of the typist appears in it).
    await recognise(other.page, { [typist.pub]: 100 });
    await typist.page.waitForSelector(`[data-testid="recognises-me-${other.pub}"][data-value]`, { state: 'attached', ...WAIT });
    await typist.page.keyboard.type('0');
    assert.equal(await field.inputValue(), '60', 'the rest of the number went into the same field');
    assert.ok(await field.evaluate((input) => input === document.activeElement), 'the field kept the focus');
    for (const person of [typist, other]) assert.deepEqual(person.problems, [], `${person.alias}: nothing logged`);
  } finally {
    for (const { context } of [typist, other]) await context.close();
  }
});
