// /readyz says whether a relay can make writes durable, against a real relay
// on fs storage: its journal deleted under it is written again from what it
// held (nothing acknowledged is lost); its directory replaced by a file makes
// it unready, refusing writes, and ready again once the path is free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelay } from '../../js/relay/relay.js';
import { openStorage } from '../../js/storage/index.js';
import { rawClient, putFrame } from './support/raw-client.mjs';
import { scrapeMetrics, sample, httpGet } from './support/scrape.mjs';

const readyz = async (url) => {
  const { status, type, body } = await httpGet(url, '/readyz');
  assert.match(type, /^application\/json/);
  return { status, ...JSON.parse(body) };
};

// What the journal in `dir` holds for `soul`, read by a fresh storage.
async function storedFields(dir, soul) {
  const storage = await openStorage(`fs:${dir}`);
  try {
    const fields = {};
    for (const [key, value] of await storage.load()) {
      const [entrySoul, field, ...rest] = JSON.parse(key); // [soul, field] → [value, state, signature?]
      if (entrySoul === soul && !rest.length) fields[field] = JSON.parse(value)[0];
    }
    return fields;
  } finally {
    await storage.close();
  }
}

test('a journal deleted under a running relay is written again before the next write is acknowledged', { timeout: 20_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'ms-ready-'));
  const dir = join(root, 'data');
  const relay = await createRelay({ port: 0, storage: `fs:${dir}` });
  try {
    const client = await rawClient(relay.url);
    client.send(putFrame('before', 'notes', { a: 'kept' }));
    assert.equal((await client.next((m) => m['@'] === 'before')).ok, true);
    await rm(dir, { recursive: true, force: true });
    client.send(putFrame('after', 'notes', { b: 'also kept' }));
    assert.equal((await client.next((m) => m['@'] === 'after')).ok, true);
    assert.equal((await readyz(relay.url)).status, 200);
    client.close();
  } finally {
    await relay.close();
  }
  try {
    const fields = await storedFields(dir, 'notes');
    assert.ok(fields.a, 'the write acknowledged before the deletion is on disk again');
    assert.ok(fields.b, 'the write acknowledged after it is on disk');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('/readyz turns 503 with a reason when storage cannot take writes, writes are refused meanwhile, and it recovers', { timeout: 20_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'ms-ready-'));
  const dir = join(root, 'data');
  const relay = await createRelay({ port: 0, storage: `fs:${dir}` });
  try {
    assert.deepEqual(await readyz(relay.url), { status: 200, ready: true });
    const client = await rawClient(relay.url);
    client.send(putFrame('one', 'notes', { one: 1 }));
    assert.equal((await client.next((m) => m['@'] === 'one')).ok, true);

    // The data directory's path taken by a file: nothing can be written there.
    await rm(dir, { recursive: true, force: true });
    await writeFile(dir, 'not a directory');
    const unready = await readyz(relay.url);
    assert.equal(unready.status, 503);
    assert.equal(unready.ready, false);
    assert.match(unready.reason, /journal .* cannot be written again/);
    client.send(putFrame('two', 'notes', { two: 2 }));
    assert.match((await client.next((m) => m['@'] === 'two')).err, /^not stored: /);
    const metrics = await scrapeMetrics(relay.url);
    assert.equal(sample(metrics, 'mutual_store_relay_puts_refused_total', { reason: 'not_stored' }), 1);
    assert.equal(sample(metrics, 'mutual_store_relay_puts_accepted_total'), 1);

    // The path free again: ready, and writes are taken.
    await rm(dir, { force: true });
    assert.deepEqual(await readyz(relay.url), { status: 200, ready: true });
    client.send(putFrame('three', 'notes', { three: 3 }));
    assert.equal((await client.next((m) => m['@'] === 'three')).ok, true);
    client.close();
  } finally {
    await relay.close();
  }
  try {
    assert.deepEqual(await storedFields(dir, 'notes'), { one: 1, three: 3 }, 'every acknowledged write, and nothing refused');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
