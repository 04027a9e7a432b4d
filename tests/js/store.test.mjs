// createHolsterStore with the real svelte/store helpers, on real peers:
// the Svelte contract, validation, debounced delta persistence, devices of
// one user converging, cross-user subscriptions, retries, cleanup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, derived } from 'svelte/store';
import { createPeer, createHolsterStore, schemas, defineSchema, SchemaError } from '../../js/index.js';
import { storeUntil as until } from './support/store-until.mjs';

const commitment = (need, extra = {}) => ({ residual_need: need, stated_need: 1000, timestamp: 1732000000000, ...extra });

// A storage adapter that records every batch written.
function recordingStorage() {
  const batches = [];
  return {
    batches,
    async load() {
      return new Map();
    },
    async write(batch) {
      batches.push(batch);
    },
    async close() {},
  };
}

async function signedInPeer(alias = 'alice', storage = 'memory') {
  const peer = createPeer({ storage, passwordCost: 'test' });
  await peer.user().create(alias, 'pw');
  await peer.user().auth(alias, 'pw');
  return peer;
}

// A second device of `alias`: a peer linked to `first` that signs in once the
// alias has reached it (waited for by event, not by time).
async function secondDevice(first, alias) {
  const second = createPeer({ storage: 'memory', passwordCost: 'test' });
  const unlink = first.link(second);
  await new Promise((resolve) => {
    const off = second.get(`~@${alias}`).on((entries) => {
      if (!entries || Object.keys(entries).length === 0) return;
      off();
      resolve();
    }, { get: true });
  });
  await second.user().auth(alias, 'pw');
  return { second, unlink };
}

// Resolves once `peer` holds user `pub`'s document at `path` and `accept(node)`
// holds. Peers call every listener of a change in one pass, so by then any
// other listener of that document on `peer` has heard of it too.
function nodeArrives(peer, pub, path, accept) {
  return new Promise((resolve) => {
    const off = peer.user().get([pub, path]).on((node) => {
      if (!node || !accept(node)) return;
      queueMicrotask(() => off());
      resolve(node);
    }, { get: true });
  });
}

test('the Svelte store contract: synchronous first call, every change, unsubscribe; get() and derived() work', async () => {
  const peer = await signedInPeer();
  const store = createHolsterStore({ holsterPath: 'c', schema: schemas.Commitment, peer });
  const seen = [];
  const unsubscribe = store.subscribe((value) => seen.push(value));
  assert.deepEqual(seen, [null], 'called at once with the current value');
  store.set(commitment(5));
  store.update((c) => ({ ...c, residual_need: 6 }));
  assert.deepEqual(seen.map((v) => v?.residual_need ?? null), [null, 5, 6]);
  assert.equal(get(store).residual_need, 6);
  assert.equal(get(derived(store, (c) => c.residual_need * 2)), 12);
  unsubscribe();
  store.set(commitment(7));
  assert.equal(seen.length, 3, 'no calls after unsubscribe');
  await store.cleanup();
  await peer.close();
});

test('invalid values throw SchemaError and change nothing', async () => {
  const peer = await signedInPeer();
  const store = createHolsterStore({ holsterPath: 'c', schema: schemas.Commitment, peer });
  store.set(commitment(5));
  assert.throws(() => store.set(commitment(-1)), (error) => error instanceof SchemaError && error.issues[0].path[0] === 'residual_need');
  assert.throws(() => store.set([1, 2]), SchemaError);
  const anything = createHolsterStore({ holsterPath: 'y', schema: defineSchema(true), peer });
  assert.throws(() => anything.set([1, 2]), /holds an object/);
  assert.equal(get(store).residual_need, 5);
  await Promise.all([store.cleanup(), anything.cleanup()]);
  await peer.close();
});

test('persistence is debounced, carries _updatedAt, and writes only what changed (removed keys too)', async () => {
  const storage = recordingStorage();
  const peer = await signedInPeer('bob', storage);
  const store = createHolsterStore({ holsterPath: 'doc', schema: defineSchema({ type: 'object' }), peer, persistDebounce: 30 });
  const big = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, { n: i }]));
  storage.batches.length = 0;
  for (let i = 0; i < 5; i++) store.set({ ...big, version: i });
  assert.equal(store.isPersisting(), false, 'nothing written before the debounce');
  await store.waitForPersistence();
  const written = storage.batches.flat().map(([key]) => JSON.parse(key)[1]);
  assert.ok(written.includes('_updatedAt') && written.includes('version') && written.includes('k199'));
  assert.equal(written.filter((field) => field === 'version').length, 1, 'five sets, one write');

  storage.batches.length = 0;
  const { k7, ...withoutK7 } = { ...big, version: 4 };
  store.set({ ...withoutK7, version: 5 });
  await store.persist();
  const delta = storage.batches.flat().map(([key, value]) => [JSON.parse(key)[1], JSON.parse(value)[0]]);
  assert.deepEqual(delta.map(([field]) => field).sort(), ['_updatedAt', 'k7', 'version']);
  assert.equal(delta.find(([field]) => field === 'k7')[1], null, 'the removed key is written as null');
  await store.cleanup();
  await peer.close();
});

test('two devices of one user converge to the newer document; a removed key disappears on both', async () => {
  const first = await signedInPeer('carol');
  const { second } = await secondDevice(first, 'carol');
  const a = createHolsterStore({ holsterPath: 'prefs', schema: defineSchema({ type: 'object' }), peer: first, persistDebounce: 5 });
  const b = createHolsterStore({ holsterPath: 'prefs', schema: defineSchema({ type: 'object' }), peer: second, persistDebounce: 5 });
  a.initialize();
  b.initialize();
  a.set({ theme: 'dark', size: 12 });
  assert.deepEqual(await until(b, (v) => v?.theme === 'dark'), { theme: 'dark', size: 12 });
  b.set({ theme: 'light' });
  assert.deepEqual(await until(a, (v) => v?.theme === 'light'), { theme: 'light' });
  await Promise.all([a.waitForPersistence(), b.waitForPersistence()]);
  assert.deepEqual(get(a), get(b));
  await Promise.all([a.cleanup(), b.cleanup()]);
  await Promise.all([first.close(), second.close()]);
});

test('cross-user subscriptions see the other user\'s updates; invalid data is reported, never delivered', async () => {
  const dave = await signedInPeer('dave');
  const erin = await signedInPeer('erin');
  dave.link(erin);
  const daves = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, peer: dave, persistDebounce: 5 });
  const watcher = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, peer: erin });
  const heard = [];
  let heardNeed;
  const needArrived = new Promise((resolve) => (heardNeed = resolve));
  const off = watcher.subscribeToUser(dave.user().is.pub, (value) => {
    heard.push(value.residual_need);
    heardNeed();
  });
  daves.set(commitment(300));
  await needArrived;
  const refusedReported = until(watcher.errors, (errors) => errors.some((error) => error.kind === 'validation'));
  // Dave writes something the schema refuses, straight into the graph.
  await dave.user().get('allocation/commitment').put({ residual_need: '-5', _updatedAt: Date.now() });
  await refusedReported;
  off();
  assert.deepEqual(heard, [300]);
  assert.ok(get(watcher.errors).some((error) => error.kind === 'validation'));
  await Promise.all([daves.cleanup(), watcher.cleanup()]);
  await Promise.all([dave.close(), erin.close()]);
});

test('a failed write is retried with backoff and reported; nothing is lost', async () => {
  let failures = 2;
  const storage = recordingStorage();
  const write = storage.write;
  const peer = await signedInPeer('fay', storage);
  storage.write = async (batch) => {
    if (failures-- > 0) throw new Error('disk busy');
    return write(batch);
  };
  const store = createHolsterStore({ holsterPath: 'p', schema: defineSchema({ type: 'object' }), peer, persistDebounce: 1, retryBaseMs: 5, retryMaxMs: 20 });
  store.set({ kept: true });
  await store.waitForPersistence();
  assert.deepEqual(get(store.errors).map((e) => e.kind), ['persistence', 'persistence']);
  assert.equal(await peer.user().get('p').next('kept').once(), 'true');
  await store.cleanup();
  await peer.close();
});

test('cleanup waits for the write in flight, stops following and clears the value', async () => {
  const peer = await signedInPeer('gus');
  const store = createHolsterStore({ holsterPath: 'x', schema: defineSchema({ type: 'object' }), peer, persistDebounce: 1 });
  store.set({ a: 1 });
  store.persist(); // the write starts now; cleanup must wait for it
  await store.cleanup();
  assert.equal(get(store), null);
  assert.equal(await peer.user().get('x').next('a').once(), '1', 'the write finished');
  assert.throws(() => store.set({ a: 2 }), /cleaned up/);
  await peer.close();
});

test('writes made offline are kept and reach the other device when the peers meet', async () => {
  const laptop = await signedInPeer('jo');
  const { second: phone, unlink: goOffline } = await secondDevice(laptop, 'jo');
  goOffline();
  const onLaptop = createHolsterStore({ holsterPath: 'notes', schema: defineSchema({ type: 'object' }), peer: laptop, persistDebounce: 1 });
  const onPhone = createHolsterStore({ holsterPath: 'notes', schema: defineSchema({ type: 'object' }), peer: phone, persistDebounce: 1 });
  onPhone.initialize();
  // A witness linked after the phone was: a link the phone kept by mistake
  // would deliver the write to it first, in the same way.
  const witness = createPeer({ storage: 'memory', passwordCost: 'test' });
  laptop.link(witness);
  onLaptop.set({ text: 'written offline' });
  await onLaptop.waitForPersistence();
  await nodeArrives(witness, laptop.user().is.pub, 'notes', (node) => node.text === '"written offline"');
  assert.equal(get(onPhone), null, 'not there while offline');
  const unlink = laptop.link(phone);
  assert.deepEqual(await until(onPhone, (v) => v !== null), { text: 'written offline' });
  unlink();
  await Promise.all([onLaptop.cleanup(), onPhone.cleanup()]);
  await Promise.all([laptop.close(), phone.close(), witness.close()]);
});

test('a custom isEqual decides when subscribers hear of a change', async () => {
  const peer = await signedInPeer('kim');
  const byVersion = (a, b) => a?.version === b?.version;
  const store = createHolsterStore({ holsterPath: 'v', schema: defineSchema({ type: 'object' }), peer, isEqual: byVersion });
  const seen = [];
  store.subscribe((value) => seen.push(value?.note ?? null));
  store.set({ version: 1, note: 'a' });
  store.set({ version: 1, note: 'b' }); // equal by version: not announced
  store.set({ version: 2, note: 'c' });
  assert.deepEqual(seen, [null, 'a', 'c']);
  store.set({ version: 2, note: 'd' });
  await store.persist();
  assert.equal(get(store).note, 'd', 'the store still holds the latest value');
  assert.equal(await peer.user().get('v').next('note').once(), '"d"', 'and persists it');
  await store.cleanup();
  await peer.close();
});

test('the first subscriber starts following the stored document and the last one stops it', async () => {
  const here = await signedInPeer('lee');
  const { second: there } = await secondDevice(here, 'lee');
  const watched = createHolsterStore({ holsterPath: 'w', schema: defineSchema({ type: 'object' }), peer: here });
  const writer = createHolsterStore({ holsterPath: 'w', schema: defineSchema({ type: 'object' }), peer: there, persistDebounce: 1 });
  writer.set({ n: 1 });
  await writer.waitForPersistence();
  assert.deepEqual(await until(watched, (v) => v?.n === 1), { n: 1 }, 'subscribing started it');
  // until() unsubscribed its only subscriber: following stops.
  writer.set({ n: 2 });
  await writer.waitForPersistence();
  await nodeArrives(here, here.user().is.pub, 'w', (node) => node.n === '2'); // a listener left behind would have heard it too
  let current;
  const stop = watched.subscribe((value) => (current = value));
  assert.deepEqual(current, { n: 1 }, 'nothing arrived while nobody listened');
  stop();
  await Promise.all([watched.cleanup(), writer.cleanup()]);
  await Promise.all([here.close(), there.close()]);
});

test('after initialize(), a passing get() does not stop the store following the network', async () => {
  const first = await signedInPeer('ivy');
  const { second } = await secondDevice(first, 'ivy');
  const there = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, persistDebounce: 0, peer: second });
  there.initialize();
  assert.equal(get(there), null); // subscribes and leaves again
  const here = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, persistDebounce: 0, peer: first });
  here.initialize();
  here.set(commitment(77));
  await here.waitForPersistence();
  assert.equal((await until(there, (value) => value?.residual_need === 77)).residual_need, 77);
  await here.cleanup();
  await there.cleanup();
  await first.close();
  await second.close();
});

test('cleanup() writes a value still waiting for its debounce instead of dropping it', async () => {
  const peer = await signedInPeer('jude');
  const store = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, persistDebounce: 60000, peer });
  store.initialize();
  store.set(commitment(55));
  await store.cleanup();
  const stored = await peer.user().get([peer.user().is.pub, 'allocation/commitment']).once();
  assert.equal(JSON.parse(stored?.residual_need ?? 'null'), 55); // fields are stored as JSON text
  await peer.close();
});

test('persist() resolves once the value current at the call is durable, and rejects when that write fails', async () => {
  const peer = await signedInPeer('pia');
  const store = createHolsterStore({ holsterPath: 'q', schema: defineSchema({ type: 'object' }), peer, persistDebounce: 60000 });
  store.set({ v: 1 });
  const first = store.persist(); // {v: 1} is in flight now
  store.set({ v: 2 });
  await store.persist();
  assert.equal(store.isPersisting(), false);
  assert.equal(await peer.user().get('q').next('v').once(), '2', 'the value current at the call is stored');
  await first;
  const nobody = createPeer({ storage: 'memory' });
  const signedOut = createHolsterStore({ holsterPath: 'r', schema: defineSchema({ type: 'object' }), peer: nobody, persistDebounce: 60000 });
  signedOut.set({ v: 1 });
  await assert.rejects(signedOut.persist(), /not authenticated/);
  await Promise.all([store.cleanup(), signedOut.cleanup()]);
  await Promise.all([peer.close(), nobody.close()]);
});

test('a store started before anyone signed in follows the user who signs in, and keeps nothing of them after leave()', async () => {
  const phone = await signedInPeer('ivy');
  await phone.user().create('jan', 'pw');
  const laptop = createPeer({ storage: 'memory', passwordCost: 'test' });
  const unlink = phone.link(laptop);
  const onPhone = createHolsterStore({ holsterPath: 'notes', schema: defineSchema({ type: 'object' }), peer: phone, persistDebounce: 1 });
  onPhone.set({ text: 'from the phone' });
  await onPhone.waitForPersistence();

  const onLaptop = createHolsterStore({ holsterPath: 'notes', schema: defineSchema({ type: 'object' }), peer: laptop, persistDebounce: 60000 });
  onLaptop.initialize(); // the app mounts before sign-in finishes
  assert.equal(get(onLaptop), null);
  await new Promise((resolve) => { // the alias has reached the laptop
    const off = laptop.get('~@ivy').on((entries) => entries && (off(), resolve()), { get: true });
  });
  await laptop.user().auth('ivy', 'pw');
  assert.deepEqual(await until(onLaptop, (v) => v !== null), { text: 'from the phone' });
  onPhone.set({ text: 'edited on the phone' });
  assert.deepEqual(await until(onLaptop, (v) => v?.text === 'edited on the phone'), { text: 'edited on the phone' });

  onLaptop.set({ text: 'not yet written' }); // waits for its debounce when ivy leaves
  const left = laptop.user().leave();
  assert.ok(left instanceof Promise, 'leave() returns a promise');
  await left;
  assert.equal(get(onLaptop), null, 'nothing of ivy is shown');
  onPhone.set({ text: 'ivy again' });
  await onPhone.waitForPersistence();
  assert.equal(get(onLaptop), null, 'and nothing of ivy is followed');

  await laptop.user().auth('jan', 'pw');
  await onLaptop.waitForPersistence();
  assert.equal(await laptop.user().get('notes').once(), null, "ivy's unwritten value did not go into jan's space");
  assert.equal(get(onLaptop), null);
  onLaptop.set({ text: 'jan writes' });
  await onLaptop.persist();
  assert.equal(await laptop.user().get('notes').next('text').once(), '"jan writes"');
  unlink();
  await Promise.all([onPhone.cleanup(), onLaptop.cleanup()]);
  await Promise.all([phone.close(), laptop.close()]);
});
