// Browser storage in a real Chromium: IndexedDB and localStorage keep values
// byte for byte across a page reload, and a full localStorage rejects the
// write and leaves what was there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDemoPage, useServerAndBrowser } from './support/chromium.mjs';

const running = await useServerAndBrowser({ before, after });

const awkward = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '"\\\u2028\ud83d\ude00';

for (const kind of ['indexeddb', 'localstorage']) {
  test(`${kind}: values survive a reload byte for byte`, async () => {
    const { page, problems } = await openDemoPage(running.browser(), running.server().url);
    const size = kind === 'indexeddb' ? 4 * 1024 * 1024 : 1024 * 1024; // localStorage holds ~5 MB in all
    await page.evaluate(async ({ kind, awkward, size }) => {
      const { openStorage } = await import('/js/storage/index.js');
      const storage = await openStorage(kind, 'reload-test');
      await storage.write([['awkward', awkward], ['big', 'ß'.repeat(size)], ['gone', 'x']]);
      await storage.write([['gone', null]]);
      await storage.close();
    }, { kind, awkward, size });
    await page.reload();
    const loaded = await page.evaluate(async ({ kind }) => {
      const { openStorage } = await import('/js/storage/index.js');
      const storage = await openStorage(kind, 'reload-test');
      const entries = await storage.load();
      await storage.close();
      return { awkward: entries.get('awkward'), bigLength: entries.get('big').length, bigOk: /^ß+$/.test(entries.get('big')), gone: entries.has('gone') };
    }, { kind });
    assert.equal(loaded.awkward, awkward);
    assert.equal(loaded.bigLength, size);
    assert.ok(loaded.bigOk);
    assert.equal(loaded.gone, false);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('localstorage: a write over the quota rejects and changes nothing', async () => {
  const { page } = await openDemoPage(running.browser(), running.server().url);
  const outcome = await page.evaluate(async () => {
    const { openStorage } = await import('/js/storage/index.js');
    const storage = await openStorage('localstorage', 'quota-test');
    await storage.write([['keep', 'original']]);
    let error = null;
    try {
      await storage.write([['keep', 'changed'], ['huge', 'x'.repeat(12 * 1024 * 1024)]]);
    } catch (caught) {
      error = caught.name;
    }
    const entries = await storage.load();
    return { error, keep: entries.get('keep'), huge: entries.has('huge') };
  });
  assert.equal(outcome.error, 'QuotaExceededError');
  assert.equal(outcome.keep, 'original');
  assert.equal(outcome.huge, false);
  await page.close();
});

test('indexeddb: bad batches reject and change nothing', async () => {
  const { page } = await openDemoPage(running.browser(), running.server().url);
  const outcome = await page.evaluate(async () => {
    const { openStorage } = await import('/js/storage/index.js');
    const storage = await openStorage('indexeddb', 'bad-batch');
    await storage.write([['a', '1']]);
    const errors = [];
    for (const bad of [[['a', 2]], [['', 'x']], 'nope']) {
      try {
        await storage.write(bad);
      } catch (error) {
        errors.push(error.name);
      }
    }
    return { errors, entries: [...(await storage.load())] };
  });
  assert.deepEqual(outcome.errors, ['TypeError', 'TypeError', 'TypeError']);
  assert.deepEqual(outcome.entries, [['a', '1']]);
  await page.close();
});
