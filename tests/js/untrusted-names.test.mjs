// Names from outside that are also Object.prototype's (__proto__,
// constructor, prototype, hasOwnProperty, toString) as souls, fields,
// document keys, aliases and allocation keys: against a real relay on
// loopback with fs storage, across a relay restart and a client restart.
// Nothing may change a prototype (({}).isAdmin stays undefined), the relay
// keeps serving, and a store never hands the app a value its schema refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawClient as connectRaw } from './support/raw-client.mjs';
import { createPeer, createHolsterStore, defineSchema, simulate, computeTwoTierAllocation } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { until } from './support/chains.mjs';

const NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];
const STATE = 1_700_000_000_000;

// What a poisoned prototype would show, in this process (the relay and the peers run here).
function assertPrototypesClean() {
  const probe = {};
  for (const key of ['isAdmin', 'bytes', 'text', 'pwned']) assert.equal(probe[key], undefined, `({}).${key} is ${JSON.stringify(probe[key])}`);
  assert.equal(Object.getPrototypeOf(probe), Object.prototype);
  assert.equal(typeof Object.entries, 'function');
  assert.equal(typeof Object.prototype.hasOwnProperty, 'function');
  assert.equal(typeof Object.prototype.toString, 'function');
  assert.equal(Object.prototype.constructor, Object);
}

// Fields named like Object.prototype's, and ones a poisoned prototype would leak into every object.
const poison = () => JSON.parse(
  `{${[...NAMES, 'isAdmin', 'bytes', 'text', 'entries'].map((name) => `${JSON.stringify(name)}:${JSON.stringify(name === 'isAdmin' ? true : `v-${name}`)}`).join(',')}}`,
);

function putFrame(id, soul, fields) {
  const node = JSON.parse(`{"_":${JSON.stringify({ '#': soul, '>': {} })}}`);
  for (const [field, value] of Object.entries(fields)) {
    Object.defineProperty(node, field, { value, enumerable: true, writable: true, configurable: true });
    Object.defineProperty(node._['>'], field, { value: STATE, enumerable: true, writable: true, configurable: true });
  }
  return `{"#":${JSON.stringify(id)},"put":{${JSON.stringify(soul)}:${JSON.stringify(node)}}}`;
}

// A raw client that waits for the reply to a request. Every frame it
// receives must be JSON (a poisoned relay sent "pwned").
async function rawClient(url) {
  const client = await connectRaw(url);
  return { send: client.send, reply: (id) => client.next((m) => m['@'] === id), close: client.close };
}

function ownFields(node) {
  return Object.keys(node).filter((key) => key !== '_').sort();
}

test('souls and fields named like Object.prototype\'s: a relay on fs storage stores them as data, restarts and keeps serving', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ms-names-relay-'));
  try {
    let relay = await createRelay({ port: 0, storage: `fs:${dir}` });
    let attacker = await rawClient(relay.url);
    for (const soul of NAMES) {
      attacker.send(putFrame(`p-${soul}`, soul, poison()));
      assert.equal((await attacker.reply(`p-${soul}`)).ok, true, `put to ${soul}`);
    }
    attacker.send(putFrame('p-link', 'links', { to: { '#': '__proto__' } }));
    assert.equal((await attacker.reply('p-link')).ok, true);
    attacker.close();
    await relay.close();
    assertPrototypesClean();

    // After a restart it loads them from its journal, and nothing leaks into objects.
    relay = await createRelay({ port: 0, storage: `fs:${dir}` });
    assertPrototypesClean();
    const reader = await rawClient(relay.url);
    for (const soul of NAMES) {
      reader.send(JSON.stringify({ '#': `g-${soul}`, get: { '#': soul } }));
      const answer = await reader.reply(`g-${soul}`);
      const node = answer.put[soul];
      assert.deepEqual(ownFields(node), Object.keys(poison()).sort(), `fields of ${soul} after the restart`);
      assert.equal(node.isAdmin, true);
      assert.ok(Object.hasOwn(node, '__proto__') && node.__proto__ === 'v-__proto__');
    }
    reader.send(putFrame('still-up', 'chat', { hello: 'world' }));
    assert.equal((await reader.reply('still-up')).ok, true);
    reader.close();
    await relay.close();
    assertPrototypesClean();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a client reads, stores and reloads such souls and fields as data; lex reads and links too', async () => {
  const relayDir = await mkdtemp(join(tmpdir(), 'ms-names-relay-'));
  const peerDir = await mkdtemp(join(tmpdir(), 'ms-names-peer-'));
  try {
    const relay = await createRelay({ port: 0, storage: `fs:${relayDir}` });
    const attacker = await rawClient(relay.url);
    for (const soul of NAMES) {
      attacker.send(putFrame(`p-${soul}`, soul, poison()));
      await attacker.reply(`p-${soul}`);
    }
    attacker.send(putFrame('p-link', 'links', { to: { '#': '__proto__' } }));
    await attacker.reply('p-link');
    attacker.close();

    let peer = createPeer({ storage: `fs:${peerDir}`, peers: [relay.url], passwordCost: 'test' });
    for (const soul of NAMES) {
      const value = await peer.get(soul).once();
      assert.deepEqual(Object.keys(value).sort(), Object.keys(poison()).sort(), soul);
    }
    const linked = await peer.get('links').next('to').once(); // an honest node linking to "__proto__"
    assert.equal(linked.isAdmin, true);
    assert.equal(Object.getPrototypeOf(linked), Object.prototype);
    await peer.close();
    await relay.close();
    assertPrototypesClean();

    // Offline, from its own storage only: the same data, nothing leaked.
    peer = createPeer({ storage: `fs:${peerDir}`, passwordCost: 'test' });
    await peer.ready;
    assertPrototypesClean();
    for (const soul of NAMES) {
      const value = await peer.get(soul).once();
      assert.equal(Object.getPrototypeOf(value), Object.prototype, soul);
      assert.deepEqual(Object.keys(value).sort(), Object.keys(poison()).sort(), soul);
      for (const field of NAMES) assert.equal(Object.getOwnPropertyDescriptor(value, field)?.value, `v-${field}`, `${soul}.${field}`);
      assert.equal(await peer.get(soul).next('constructor').once(), 'v-constructor');
      const matched = await peer.get(soul).next({ '.': { '*': '' } }).once();
      assert.deepEqual(Object.keys(matched).sort(), Object.keys(poison()).sort(), `lex read of ${soul}`);
      assert.equal(Object.getPrototypeOf(matched), Object.prototype);
      assert.equal(Object.getOwnPropertyDescriptor(matched, '__proto__')?.value, 'v-__proto__');
    }
    assert.equal((await peer.get('links').next('to').once()).isAdmin, true);
    assertPrototypesClean();
    await peer.close();
  } finally {
    await rm(relayDir, { recursive: true, force: true });
    await rm(peerDir, { recursive: true, force: true });
  }
});

test('aliases named like Object.prototype\'s sign up and sign in, before and after a restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ms-names-alias-'));
  try {
    let peer = createPeer({ storage: `fs:${dir}`, passwordCost: 'test' });
    const pubs = new Map();
    for (const alias of NAMES) {
      await peer.user().create(alias, `pw-${alias}`);
      await peer.user().auth(alias, `pw-${alias}`);
      pubs.set(alias, peer.user().is.pub);
      peer.user().leave();
    }
    assert.equal(new Set(pubs.values()).size, NAMES.length);
    await peer.close();
    assertPrototypesClean();
    peer = createPeer({ storage: `fs:${dir}`, passwordCost: 'test' });
    for (const alias of NAMES) {
      await peer.user().auth(alias, `pw-${alias}`);
      assert.equal(peer.user().is.pub, pubs.get(alias), alias);
      peer.user().leave();
    }
    assertPrototypesClean();
    await peer.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a stored document with a "__proto__" key: the schema sees it as a key, the app never gets a prototype', async () => {
  const relayDir = await mkdtemp(join(tmpdir(), 'ms-names-relay-'));
  const aliceDir = await mkdtemp(join(tmpdir(), 'ms-names-alice-'));
  try {
    const relay = await createRelay({ port: 0, storage: `fs:${relayDir}` });
    const mallory = createPeer({ storage: 'memory', peers: [relay.url], passwordCost: 'test' });
    await mallory.user().create('mallory', 'pw');
    await mallory.user().auth('mallory', 'pw');
    const malloryPub = mallory.user().is.pub;
    // Mallory's own document (he may write what he likes there): keys as fields of JSON text.
    const fields = JSON.parse(`{"_updatedAt": 5, "__proto__": ${JSON.stringify(JSON.stringify({ isAdmin: 'yes' }))}, "name": "\\"m\\""}`);
    await mallory.user().get('profile').put(fields);

    const open = defineSchema({ type: 'object', properties: { isAdmin: { type: 'boolean' }, name: { type: 'string' } } });
    const strict = defineSchema({ type: 'object', properties: { isAdmin: { type: 'boolean' }, name: { type: 'string' } }, additionalProperties: false });

    async function follow(alice) {
      const openStore = createHolsterStore({ holsterPath: 'profile', schema: open, peer: alice });
      const strictStore = createHolsterStore({ holsterPath: 'profile', schema: strict, peer: alice });
      const handed = [];
      strictStore.subscribeToUser(malloryPub, (value) => handed.push(value));
      const value = await new Promise((resolve) => openStore.subscribeToUser(malloryPub, resolve));
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.equal(value.isAdmin, undefined, 'isAdmin must not come from a prototype');
      assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { isAdmin: 'yes' });
      assert.equal(value.name, 'm');
      // The strict schema refuses the unknown key "__proto__": reported, never handed over.
      const errors = await new Promise((resolve) => {
        const off = strictStore.errors.subscribe((list) => list.length && (queueMicrotask(() => off()), resolve(list)));
      });
      assert.match(errors[0].message, /__proto__/);
      assert.deepEqual(handed, []);
    }

    let alice = createPeer({ storage: `fs:${aliceDir}`, peers: [relay.url], passwordCost: 'test' });
    await alice.user().create('alice', 'pw');
    await alice.user().auth('alice', 'pw');
    await follow(alice);
    await alice.close();
    // Alice's device restarts offline: the document comes from her own storage.
    alice = createPeer({ storage: `fs:${aliceDir}`, passwordCost: 'test' });
    await alice.user().auth('alice', 'pw');
    await follow(alice);
    assertPrototypesClean();
    await alice.close();
    await mallory.close();
    await relay.close();
  } finally {
    await rm(relayDir, { recursive: true, force: true });
    await rm(aliceDir, { recursive: true, force: true });
  }
});

test('allocation keys named like Object.prototype\'s are participants like any other', () => {
  const ids = [...NAMES, 'plain'];
  const weights = Object.fromEntries(ids.map((id) => [id, Object.fromEntries(ids.filter((other) => other !== id).map((other) => [other, 1]))]));
  const participants = Object.fromEntries(ids.map((id) => [id, { capacity: 10, stated_need: 5 }]));
  const result = simulate({ ids, weights, participants }, { maxRounds: 5 });
  for (const record of [result.commitments, result.received]) {
    assert.equal(Object.getPrototypeOf(record), Object.prototype);
    assert.deepEqual(Object.keys(record).sort(), [...ids].sort());
  }
  assert.equal(typeof result.commitments.__proto__.residual_need, 'number');

  const mr = Object.fromEntries(NAMES.map((id) => [id, 0.2]));
  const allocation = computeTwoTierAllocation('me', 100, 'toString', mr, mr, Object.fromEntries(NAMES.map((id) => [id, { residual_need: 10, stated_need: 10 }])));
  const given = allocation.mutualAllocations.toString;
  assert.equal(Object.getPrototypeOf(given), Object.prototype);
  assert.deepEqual(Object.keys(given).sort(), [...NAMES].sort());
  assert.ok(Object.hasOwn(given, '__proto__') && typeof given.__proto__ === 'number');
  assertPrototypesClean();
});
