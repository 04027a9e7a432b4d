// Peers in real Chromium pages: two pages sync through a real relay, open a
// WebRTC data channel through it, and keep syncing over that channel once
// the relay is gone; tabs sharing IndexedDB see each other's writes at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay } from '../../js/relay/relay.js';
import { openDemoPage, useServerAndBrowser } from './support/chromium.mjs';

const running = await useServerAndBrowser({ before, after });

// Makes `window.peer` in a new page from `options` (JSON-able createPeer
// options). Pages of one `context` share storage, like tabs of one browser.
async function pageWithPeer(options, context = running.browser()) {
  const opened = await openDemoPage(context, running.server().url);
  await opened.page.evaluate(async (options) => {
    const { createPeer } = await import('/js/index.js');
    window.peer = createPeer(options);
    await window.peer.ready;
  }, options);
  return opened;
}

// Resolves in the page once `soul.field` holds `expected`.
function valueArrives(page, soul, field, expected) {
  return page.evaluate(([soul, field, expected]) => new Promise((resolve) => {
    const off = window.peer.get(soul).next(field).on((value) => {
      if (value === expected) {
        off();
        resolve(value);
      }
    }, { get: true });
  }), [soul, field, expected]);
}

test('two pages sync through a relay, then over WebRTC when the relay is gone', { timeout: 60_000 }, async () => {
  const relay = await createRelay({ port: 0 });
  let relayClosed = false;
  const options = { peers: [relay.url], storage: 'memory', passwordCost: 'test' };
  const a = await pageWithPeer(options);
  const b = await pageWithPeer(options);
  try {
    const viaRelay = valueArrives(b.page, 'room', 'said', 'through the relay');
    await a.page.evaluate(() => window.peer.get('room').put({ said: 'through the relay' }));
    assert.equal(await viaRelay, 'through the relay');

    for (const { page } of [a, b]) await page.waitForFunction(() => window.peer.directChannels === 1);
    await relay.close();
    relayClosed = true;
    for (const { page } of [a, b]) await page.waitForFunction(() => !window.peer.connected);

    const direct = valueArrives(b.page, 'room', 'said', 'over WebRTC');
    await a.page.evaluate(() => window.peer.get('room').put({ said: 'over WebRTC' }));
    assert.equal(await direct, 'over WebRTC');
    // And the other way, with a signed write into b's user space.
    const pub = await b.page.evaluate(async () => {
      await window.peer.user().create('bea', 'pw');
      const { pub } = await window.peer.user().auth('bea', 'pw');
      await window.peer.user().get('status').put({ mood: 'direct' });
      return pub;
    });
    const mood = await a.page.evaluate((pub) => new Promise((resolve) => {
      const off = window.peer.user().get([pub, 'status']).on((value) => {
        if (value?.mood === 'direct') {
          off();
          resolve(value.mood);
        }
      }, { get: true });
    }), pub);
    assert.equal(mood, 'direct');
    assert.deepEqual([...a.problems, ...b.problems].filter((p) => !p.includes('WebSocket')), []);
  } finally {
    for (const { page } of [a, b]) await page.evaluate(() => window.peer.close()).catch(() => {});
    for (const { page } of [a, b]) await page.close();
    if (!relayClosed) await relay.close();
  }
});

test('tabs on the same IndexedDB see each other\'s writes at once, with no relay', { timeout: 60_000 }, async () => {
  const options = { name: 'tabs', passwordCost: 'test' };
  const tabs = await running.browser().newContext();
  const a = await pageWithPeer(options, tabs);
  const b = await pageWithPeer(options, tabs);
  try {
    const inB = valueArrives(b.page, 'notes', 'first', 'from tab a');
    await a.page.evaluate(() => window.peer.get('notes').put({ first: 'from tab a' }));
    assert.equal(await inB, 'from tab a');

    const inA = valueArrives(a.page, 'notes', 'second', 'from tab b');
    await b.page.evaluate(() => window.peer.get('notes').put({ second: 'from tab b' }));
    assert.equal(await inA, 'from tab b');

    // A tab opened later finds both in the shared storage.
    const c = await pageWithPeer(options, tabs);
    assert.deepEqual(await c.page.evaluate(() => window.peer.get('notes').once()), { first: 'from tab a', second: 'from tab b' });
    await c.page.evaluate(() => window.peer.close());
    await c.page.close();
    assert.deepEqual([...a.problems, ...b.problems, ...c.problems], []);
  } finally {
    for (const { page } of [a, b]) await page.evaluate(() => window.peer.close()).catch(() => {});
    await tabs.close();
  }
});
