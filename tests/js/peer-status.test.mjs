// peer.status, a store of the network side (relays, pending writes, direct
// channels, last error, bytes), and errors that say what to do: relays
// unreachable for a while, synced({timeout}), a store set before sign-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createPeer, createHolsterStore, defineSchema } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { storeUntil as until } from './support/store-until.mjs';

// A loopback port nothing listens on.
async function closedPort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('peer.status follows relays, pending writes, bytes and the last error without polling', async () => {
  const relay = await createRelay({ port: 0, limits: { userBytes: 2048 } });
  const peer = createPeer({ storage: 'memory', passwordCost: 'test', peers: [relay.url] });
  const first = await until(peer.status, () => true);
  assert.deepEqual(Object.keys(first).sort(), ['bytesIn', 'bytesOut', 'connected', 'directChannels', 'lastError', 'offlineSince', 'pendingWrites', 'relays', 'unreachable']);
  const open = await until(peer.status, (status) => status.connected);
  assert.deepEqual(open.relays, [{ url: relay.url, open: true }]);
  assert.equal(open.offlineSince, null);
  assert.equal(open.unreachable, false);
  assert.equal(open.directChannels, 0);

  await peer.user().create('sam', 'pw');
  await peer.user().auth('sam', 'pw');
  const before = await until(peer.status, () => true);
  await peer.user().get('note').put({ text: 'hello' });
  const pending = await until(peer.status, (status) => status.pendingWrites > 0 || status.bytesOut > before.bytesOut);
  assert.ok(pending.bytesOut > before.bytesOut, 'bytes out grow as frames leave');
  await peer.synced();
  const synced = await until(peer.status, (status) => status.pendingWrites === 0 && status.bytesIn > before.bytesIn);
  assert.equal(synced.lastError, null);

  // Over the relay's quota for sam: the relay refuses, and the status says so.
  await peer.user().get('big').put({ text: 'x'.repeat(4096) });
  const refused = await until(peer.status, (status) => status.lastError !== null);
  assert.match(refused.lastError.message, /quota|refused/);
  assert.equal(typeof refused.lastError.at, 'number');

  await relay.close();
  const closed = await until(peer.status, (status) => !status.connected);
  assert.deepEqual(closed.relays, [{ url: relay.url, open: false }]);
  assert.equal(typeof closed.offlineSince, 'number');
  await peer.close();
});

test('relays unreachable for a while: the status says so, and synced({timeout}) rejects saying what to check', async () => {
  const url = `ws://127.0.0.1:${await closedPort()}/`;
  const peer = createPeer({ storage: 'memory', passwordCost: 'test', peers: [url], unreachableAfterMs: 200 });
  const status = await until(peer.status, (value) => value.unreachable);
  assert.equal(status.connected, false);
  assert.deepEqual(status.relays, [{ url, open: false }]);

  await peer.user().create('una', 'pw');
  await peer.user().auth('una', 'pw');
  await peer.user().get('note').put({ text: 'kept' });
  await assert.rejects(peer.synced({ timeout: 50 }), (error) => {
    assert.equal(error.code, 'ETIMEDOUT');
    assert.match(error.message, /^synced: \d+ local writes not held by a relay after 50 ms; no relay has been reachable since .* \(ws:\/\/127\.0\.0\.1:\d+\/\): check the address and that the relay runs/);
    return true;
  });
  await assert.rejects(peer.synced({ timeout: -1 }), TypeError);
  assert.throws(() => createPeer({ unreachableAfterMs: 'soon' }), TypeError);
  await peer.close();
});

test('synced({timeout}) resolves when the writes are held in time', async () => {
  const relay = await createRelay({ port: 0 });
  const peer = createPeer({ storage: 'memory', passwordCost: 'test', peers: [relay.url] });
  await peer.user().create('tim', 'pw');
  await peer.user().auth('tim', 'pw');
  await peer.user().get('note').put({ text: 'soon' });
  await peer.synced({ timeout: 20_000 });
  assert.equal(peer.pendingWrites, 0);
  await peer.close();
  await relay.close();
});

test('a store set before sign-in says so at the call, keeps the value, and writes it as soon as someone signs in', { timeout: 20_000 }, async () => {
  const peer = createPeer({ storage: 'memory', passwordCost: 'test' });
  await peer.user().create('val', 'pw');
  // Retries a minute apart: a write that had been tried (and failed) before
  // sign-in would wait that long after it.
  const store = createHolsterStore({ holsterPath: 'draft', schema: defineSchema({ type: 'object' }), peer, persistDebounce: 1, retryBaseMs: 60_000, retryMaxMs: 60_000 });
  store.set({ text: 'typed before sign-in' });
  let errors;
  store.errors.subscribe((value) => (errors = value))();
  assert.equal(errors.length, 1, 'said at the call');
  assert.equal(errors[0].kind, 'not-signed-in');
  assert.match(errors[0].message, /^draft: nobody is signed in; the value is shown and kept, and written once a user signs in/);

  await peer.user().auth('val', 'pw');
  await store.waitForPersistence();
  assert.equal(await peer.user().get('draft').next('text').once(), '"typed before sign-in"');
  await store.cleanup();
  await peer.close();
});
