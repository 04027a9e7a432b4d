// Peers syncing through real relays on loopback: listeners hear each
// other's writes, fresh devices read from the relay, offline writes survive
// a restart and are flushed on reconnect, relays peer and converge, and a
// relay killed mid-stream loses nothing it acknowledged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPeer } from '../../js/index.js';
import { createRelay, createRelayKey } from '../../js/relay/relay.js';
import { until } from './support/chains.mjs';
import { startRelayProcess } from './support/relay-process.mjs';


async function tempDir() {
  return mkdtemp(join(tmpdir(), 'mutual-store-sync-'));
}

test('a write reaches a listener on another peer through a relay, and a fresh peer reads it', async () => {
  const relay = await createRelay({ port: 0 });
  const alice = createPeer({ peers: [relay.url] });
  const bob = createPeer({ peers: [relay.url] });
  const heard = until(bob.get('chat').next('topic'), (value) => value === 'tea');
  await alice.get('chat').put({ topic: 'tea', nested: { deep: 1 } });
  assert.equal(await heard, 'tea');
  await alice.synced();

  const carol = createPeer({ peers: [relay.url] });
  assert.deepEqual(await carol.get('chat').once(), { topic: 'tea', nested: { deep: 1 } });
  for (const peer of [alice, bob, carol]) await peer.close();
  await relay.close();
});

test('writes made offline are kept through a restart and flushed once a relay is reachable', async () => {
  const dir = await tempDir();
  const probe = await createRelay({ port: 0 });
  const url = probe.url;
  await probe.close(); // nothing listens there now
  const port = Number(new URL(url).port);

  const offline = createPeer({ storage: `fs:${join(dir, 'peer')}`, peers: [url] });
  for (let i = 0; i < 20; i++) await offline.get('notes').next(`n${i}`).put(`note ${i}`);
  assert.equal(offline.pendingWrites, 20);
  assert.equal(await offline.get('notes').next('n7').once(), 'note 7', 'offline reads answer from local storage');
  await offline.close();

  const relay = await createRelay({ port, storage: `fs:${join(dir, 'relay')}` });
  const again = createPeer({ storage: `fs:${join(dir, 'peer')}`, peers: [url] });
  await again.ready;
  assert.equal(again.pendingWrites, 20, 'the outbox survived the restart');
  await again.synced();
  assert.equal(again.pendingWrites, 0);
  await again.close();

  const reader = createPeer({ peers: [url] });
  const notes = await reader.get('notes').once();
  assert.equal(Object.keys(notes).length, 20);
  assert.equal(notes.n19, 'note 19');
  await reader.close();

  // Reopened once more: nothing left to send, nothing sent twice.
  const third = createPeer({ storage: `fs:${join(dir, 'peer')}`, peers: [url] });
  await third.ready;
  assert.equal(third.pendingWrites, 0);
  await third.close();
  await relay.close();
  await rm(dir, { recursive: true, force: true });
});

test('three peers on two peered relays converge', async () => {
  // Relays sync everything only with relays whose keys they list.
  const rightKey = createRelayKey();
  const lateKey = createRelayKey();
  const left = await createRelay({ port: 0, peerKeys: [rightKey.publicKey] });
  const right = await createRelay({ port: 0, peers: [left.url], key: rightKey.secret, peerKeys: [lateKey.publicKey] });
  const a = createPeer({ peers: [left.url] });
  const b = createPeer({ peers: [right.url] });
  const c = createPeer({ peers: [left.url, right.url] });
  const everyone = [a, b, c];
  const want = { a: 'from a', b: 'from b', c: 'from c' };
  const all = everyone.map((peer) =>
    until(peer.get('board'), (value) => value && Object.keys(want).every((k) => value[k] === want[k])));
  await a.get('board').put({ a: 'from a' });
  await b.get('board').put({ b: 'from b' });
  await c.get('board').put({ c: 'from c' });
  for (const board of await Promise.all(all)) assert.deepEqual(board, want);
  await Promise.all(everyone.map((peer) => peer.synced()));

  // A relay that joins later catches up on everything from its peer.
  const late = await createRelay({ port: 0, peers: [right.url], key: lateKey.secret });
  const d = createPeer({ peers: [late.url] });
  assert.deepEqual(await until(d.get('board'), (value) => value && value.c === 'from c'), want);
  for (const peer of [...everyone, d]) await peer.close();
  for (const relay of [late, right, left]) await relay.close();
});

test('a relay killed in the middle of a stream of writes loses nothing it acknowledged', async () => {
  const dir = await tempDir();
  let relay = await startRelayProcess({ data: join(dir, 'relay') });
  const writer = createPeer({ storage: `fs:${join(dir, 'writer')}`, peers: [relay.url] });
  const total = 120;
  let acknowledgedBeforeKill = 0;
  for (let i = 0; i < total; i++) {
    await writer.get('stream').next(`w${String(i).padStart(3, '0')}`).put(i);
    if (i === 40) {
      await writer.synced();
      acknowledgedBeforeKill = 41;
    }
    if (i === 60) await relay.kill(); // mid-stream, some writes in flight
    if (i === 90) relay = await startRelayProcess({ port: relay.port, data: join(dir, 'relay') });
  }
  assert.equal(acknowledgedBeforeKill, 41);
  await writer.synced();
  await writer.close();

  // Everything is on the relay's disk: kill it once more and read from a fresh one.
  await relay.kill();
  relay = await startRelayProcess({ port: relay.port, data: join(dir, 'relay') });
  const reader = createPeer({ peers: [relay.url] });
  const stream = await reader.get('stream').once();
  assert.equal(Object.keys(stream).length, total);
  for (let i = 0; i < total; i++) assert.equal(stream[`w${String(i).padStart(3, '0')}`], i);
  await reader.close();
  await relay.stop();
  await rm(dir, { recursive: true, force: true });
});

test('an account made on one device signs in on another through the relay', async () => {
  const relay = await createRelay({ port: 0 });
  const phone = createPeer({ peers: [relay.url], passwordCost: 'test' });
  await phone.user().create('ada', 'correct horse');
  await phone.synced();
  const laptop = createPeer({ peers: [relay.url], passwordCost: 'test' });
  const is = await laptop.user().auth('ada', 'correct horse');
  assert.equal(is.alias, 'ada');
  await assert.rejects(laptop.user().auth('ada', 'wrong'), /password/);
  await phone.close();
  await laptop.close();
  await relay.close();
});
