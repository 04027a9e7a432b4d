// Deleting in the graph (Gun's and Holster's answer): put(null) over an
// object deletes it, so an object put there later starts empty, and an
// object overwritten by a scalar is gone through its path too. Every peer
// agrees: through a relay on loopback (one peer offline while it happened),
// through peer.link(), and in a signed user space.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPeer } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { until } from './support/chains.mjs';

const same = (expected) => (value) => JSON.stringify(value) === JSON.stringify(expected);

async function deleteAndRecreate(chain) {
  await chain.put({ key: 'v', number: 42 });
  await chain.put(null);
  await chain.put({ key: 'new' });
}

test('put(null) then put({key: "new"}) reads back {key: "new"}; a scalar over an object hides its children', async () => {
  const peer = createPeer({ storage: 'memory' });
  await deleteAndRecreate(peer.get('doc').next('item'));
  assert.deepEqual(await peer.get('doc').next('item').once(), { key: 'new' });
  assert.deepEqual(await peer.get('doc').once(), { item: { key: 'new' } });
  assert.equal(await peer.get('doc').next('item').next('number').once(), null);

  await peer.get('shape').put({ x: { a: 1, deep: { b: 2 } } });
  await peer.get('shape').put({ x: 5 });
  assert.equal(await peer.get('shape').next('x').next('a').once(), null);
  assert.equal(await peer.get('shape').next('x').next('deep').next('b').once(), null);
  assert.deepEqual(await peer.get('shape').once(), { x: 5 });
  await peer.close();
});

test('a peer offline through a relay while an object was deleted and re-created agrees once back', async () => {
  const relay = await createRelay({ port: 0 });
  const ann = createPeer({ peers: [relay.url], storage: 'memory', webrtc: false });
  const bob = createPeer({ peers: [], storage: 'memory', webrtc: false });
  await bob.ready;
  let disconnect = bob.connect(relay.url);
  const item = (peer) => peer.get('doc').next('item');

  await item(ann).put({ key: 'v', number: 42 });
  await ann.synced();
  assert.deepEqual(await until(item(bob), same({ key: 'v', number: 42 })), { key: 'v', number: 42 });

  disconnect();
  await item(ann).put(null);
  await item(ann).put({ key: 'new' });
  await ann.synced();
  assert.deepEqual(await item(bob).once(), { key: 'v', number: 42 }, 'bob is offline');

  disconnect = bob.connect(relay.url);
  assert.deepEqual(await until(item(bob), same({ key: 'new' })), { key: 'new' });
  assert.equal(await item(bob).next('number').once(), null);
  const carol = createPeer({ peers: [relay.url], storage: 'memory', webrtc: false });
  assert.deepEqual(await item(carol).once(), { key: 'new' }, 'a fresh peer reads the same');
  disconnect();
  await Promise.all([ann.close(), bob.close(), carol.close()]);
  await relay.close();
});

test('peers joined by link() agree after a delete made while they were apart', async () => {
  const here = createPeer({ storage: 'memory' });
  const there = createPeer({ storage: 'memory' });
  let unlink = here.link(there);
  await here.get('doc').next('item').put({ key: 'v', number: 42 });
  await until(there.get('doc').next('item'), same({ key: 'v', number: 42 }));
  unlink();
  await here.get('doc').next('item').put(null);
  await here.get('doc').next('item').put({ key: 'new' });
  unlink = here.link(there);
  assert.deepEqual(await until(there.get('doc').next('item'), same({ key: 'new' })), { key: 'new' });
  unlink();
  await Promise.all([here.close(), there.close()]);
});

test('in a signed user space the delete is signed, and other peers accept it', async () => {
  const relay = await createRelay({ port: 0 });
  const writer = createPeer({ peers: [relay.url], storage: 'memory', webrtc: false, passwordCost: 'test' });
  const reader = createPeer({ peers: [relay.url], storage: 'memory', webrtc: false });
  const { pub } = await writer.user().create('dee', 'pw');
  await writer.user().auth('dee', 'pw');
  await deleteAndRecreate(writer.user().get('profile'));
  await writer.synced();
  assert.deepEqual(await writer.user().get('profile').once(), { key: 'new' });
  assert.deepEqual(await until(reader.user().get([pub, 'profile']), same({ key: 'new' })), { key: 'new' });
  assert.deepEqual(reader.refused, [], 'no write was refused');
  await Promise.all([writer.close(), reader.close()]);
  await relay.close();
});
