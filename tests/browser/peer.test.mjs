// The graph peer in Chromium on its default storage (IndexedDB): a reload
// keeps the graph and the account, byte for byte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer } from '../../scripts/demo-server.mjs';
import { launchChromium, openPage } from './support/chromium.mjs';

let server;
let browser;

before(async () => {
  server = await startDemoServer({ port: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('IndexedDB: a reload keeps the graph and the account', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const text = 'tab\t nul\u0000 emoji 😀 ' + 'x'.repeat(100000);
  const pub = await page.evaluate(async (text) => {
    const { createPeer } = await import('/js/index.js');
    const peer = createPeer({ name: 'reload', passwordCost: 'test' });
    await peer.get('notes').next('first').put({ text, nested: { ok: true } });
    const { pub } = await peer.user().create('alice', 'pw');
    await peer.user().auth('alice', 'pw');
    await peer.user().get('profile').put({ name: 'Alice' });
    await peer.close();
    return pub;
  }, text);
  await page.reload();
  const loaded = await page.evaluate(async (pub) => {
    const { createPeer } = await import('/js/index.js');
    const peer = createPeer({ name: 'reload', passwordCost: 'test' });
    const note = await peer.get('notes').next('first').once();
    const profile = await peer.user().get([pub, 'profile']).once();
    const is = await peer.user().auth('alice', 'pw');
    let wrong = null;
    try {
      await peer.user().auth('alice', 'nope');
    } catch (error) {
      wrong = error.message;
    }
    await peer.close();
    return { note, profile, authPub: is.pub, wrong };
  }, pub);
  assert.deepEqual(loaded.note, { text, nested: { ok: true } });
  assert.deepEqual(loaded.profile, { name: 'Alice' });
  assert.equal(loaded.authPub, pub);
  assert.equal(loaded.wrong, 'wrong password');
  assert.deepEqual(problems, []);
  await page.close();
});
