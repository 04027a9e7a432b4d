// The graph peer in Chromium on its default storage (IndexedDB): a reload
// keeps the graph and the account, byte for byte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDemoPage, useServerAndBrowser } from './support/chromium.mjs';

const running = await useServerAndBrowser({ before, after });

test('IndexedDB: a reload keeps the graph and the account', async () => {
  const { page, problems } = await openDemoPage(running.browser(), running.server().url);
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

test('remember me: recall() signs in again after a reload; nothing stored opens the keys by itself; leave() forgets', async () => {
  const { page, problems } = await openDemoPage(running.browser(), running.server().url);
  const pub = await page.evaluate(async () => {
    const { createPeer } = await import('/js/index.js');
    const peer = createPeer({ name: 'remember', passwordCost: 'test' });
    await peer.user().create('rose', 'pw');
    const is = await peer.user().auth('rose', 'pw', { remember: true });
    await peer.close();
    return is.pub;
  });
  await page.reload();
  const after = await page.evaluate(async () => {
    const { createPeer } = await import('/js/index.js');
    const peer = createPeer({ name: 'remember', passwordCost: 'test' });
    const recalled = await peer.user().recall();
    const pub = peer.user().is?.pub;
    await peer.user().get('note').put({ text: 'signed after recall' });
    // What is stored: a sealed record and a key script cannot export.
    const saved = await new Promise((resolve) => {
      const open = indexedDB.open('mutual-store-sessions');
      open.onsuccess = () => {
        const get = open.result.transaction('sessions').objectStore('sessions').get('remember');
        get.onsuccess = () => resolve(get.result);
      };
    });
    let exported = 'exported';
    try {
      await crypto.subtle.exportKey('raw', saved.key);
    } catch (error) {
      exported = error.name;
    }
    await peer.user().leave();
    const again = await peer.user().recall();
    await peer.close();
    return { recalled, pub, exported, extractable: saved.key.extractable, sealed: 'sealed' in JSON.parse(saved.record), again };
  });
  assert.equal(after.recalled, true);
  assert.equal(after.pub, pub);
  assert.equal(after.extractable, false);
  assert.equal(after.exported, 'InvalidAccessError');
  assert.equal(after.sealed, true);
  assert.equal(after.again, false, 'leave() forgot the session');
  assert.deepEqual(problems, []);
  await page.close();
});
