// The relay over real WebSockets on loopback: puts reach only interested
// clients and are acknowledged once stored (storage is handed them as they
// arrive; acknowledgements leave in arrival order); hostile frames get errors and
// the relay stays up; data survives a restart on fs storage; a user's space
// is capped by the storage quota, data loaded at start included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPeer } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { eventually } from './support/eventually.mjs';
import { rawClient } from './support/raw-client.mjs';

const client = (url) => rawClient(url);

const put = (id, soul, fields, state = Date.now() - 10) => ({
  '#': id,
  put: { [soul]: { _: { '#': soul, '>': Object.fromEntries(Object.keys(fields).map((k) => [k, state])) }, ...fields } },
});

test('a put reaches the clients that asked for its soul, and its sender gets an ack', async () => {
  const relay = await createRelay({ port: 0 });
  const [a, b, c] = await Promise.all([client(relay.url), client(relay.url), client(relay.url)]);
  b.send({ '#': 'g1', get: { '#': 'chat' } });
  await b.next((m) => m['@'] === 'g1');
  a.send(put('p1', 'chat', { topic: 'hi' }));
  const ack = await a.next((m) => m['@'] === 'p1');
  assert.equal(ack.ok, true);
  const forwarded = await b.next((m) => m.put?.chat);
  assert.equal(forwarded.put.chat.topic, 'hi');
  c.send({ '#': 'g2', get: { '#': 'chat', '.': 'topic' } });
  const answer = await c.next((m) => m['@'] === 'g2');
  assert.equal(answer.put.chat.topic, 'hi');
  assert.equal(a.received.filter((m) => m.put).length, 0, 'the sender is not sent its own put');
  for (const x of [a, b, c]) x.close();
  await relay.close();
});

// A storage whose writes are made durable only when the test says so.
function heldStorage() {
  const writes = []; // {batch, durable(), fail(error)} in the order write() was called
  return {
    writes,
    load: async () => new Map(),
    write: (batch) => new Promise((resolve, reject) => writes.push({ batch, durable: resolve, fail: reject })),
    close: async () => {},
  };
}

test('writes go to storage as they arrive, and each is acknowledged only once its own is durable, in arrival order', { timeout: 10_000 }, async () => {
  const storage = heldStorage();
  const relay = await createRelay({ port: 0, storage, logLevel: 'silent' });
  const c = await client(relay.url);
  const acks = () => c.received.filter((m) => m['@']?.startsWith('p')).map((m) => m['@']);
  // Nothing the relay could still send is on its way once a later get is answered.
  const roundTrip = async (id) => {
    c.send({ '#': id, get: { '#': 'nothing' } });
    await c.next((m) => m['@'] === id);
  };
  try {
    c.send(put('p1', 'chat', { topic: 'one' }));
    await eventually('the first write reaches storage', () => storage.writes.length === 1);
    c.send(put('p2', 'chat', { topic: 'two' }));
    // Not held back until the first is durable: the storage can make both durable together.
    await eventually('the second write reaches storage while the first is not durable yet', () => storage.writes.length === 2, { within: 5000 });
    await roundTrip('g1');
    assert.deepEqual(acks(), [], 'nothing is acknowledged before it is durable');
    storage.writes[1].durable();
    await roundTrip('g2');
    assert.deepEqual(acks(), [], 'acknowledgements leave in arrival order');
    storage.writes[0].durable();
    await c.next((m) => m['@'] === 'p2');
    assert.deepEqual(acks(), ['p1', 'p2']);
    // A write storage refuses is answered with that error, and only its own.
    c.send(put('p3', 'chat', { topic: 'three' }));
    await eventually('the third write reaches storage', () => storage.writes.length === 3);
    c.send(put('p4', 'chat', { topic: 'four' }));
    await eventually('the fourth write reaches storage', () => storage.writes.length === 4);
    storage.writes[3].durable();
    storage.writes[2].fail(new Error('disk full'));
    assert.match((await c.next((m) => m['@'] === 'p3')).err, /not stored: disk full/);
    assert.equal((await c.next((m) => m['@'] === 'p4')).ok, true);
  } finally {
    c.close();
    await relay.close();
  }
});

test('hostile frames get an error reply and the relay stays up', async () => {
  const relay = await createRelay({ port: 0, limits: { frameBytes: 4096 } });
  const a = await client(relay.url);
  const hostile = [
    'null', '{"#":"a","put":{"x":null}}', '{"#":"a","get":"foo"}', '{"#":"a","get":{"#":5}}', '{not json',
    'x'.repeat(6000), '['.repeat(5000), JSON.stringify(put('bad', 'a', { x: 1 }, 'soon')),
    '{"#":"n","put":{"a":{"_":{"#":"b",">":{"x":1}},"x":1}}}',
  ];
  for (const frame of hostile) a.send(frame);
  await a.next(() => a.received.filter((m) => m.err).length >= hostile.length);
  assert.equal(a.received.filter((m) => m.err).length, hostile.length);
  a.send(put('fine', 'ok', { still: 'up' }));
  assert.equal((await a.next((m) => m['@'] === 'fine')).ok, true);
  a.close();
  await relay.close();
});

test('data acknowledged by a relay on fs storage survives its restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ms-relay-'));
  try {
    let relay = await createRelay({ port: 0, storage: `fs:${dir}` });
    let a = await client(relay.url);
    for (let i = 0; i < 20; i++) a.send(put(`w${i}`, 'log', { [`e${i}`]: i }));
    await a.next((m) => m['@'] === 'w19');
    a.close();
    await relay.close();
    relay = await createRelay({ port: 0, storage: `fs:${dir}` });
    a = await client(relay.url);
    a.send({ '#': 'g', get: { '#': 'log' } });
    const answer = await a.next((m) => m['@'] === 'g');
    assert.equal(Object.keys(answer.put.log).filter((k) => k !== '_').length, 20);
    a.close();
    await relay.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('limits.userBytes caps a user\'s space: a put past it is refused whole with a quota error, and data loaded at start counts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ms-relay-quota-'));
  const quota = 4096;
  let relay = await createRelay({ port: 0, storage: `fs:${dir}`, limits: { userBytes: quota } });
  const device = createPeer({ peers: [relay.url], storage: 'memory', passwordCost: 'test' });
  const peers = [device];
  const sockets = [];
  try {
    const { pub } = await device.user().create('ada', 'pw');
    await device.user().auth('ada', 'pw');
    await device.user().get('profile').put({ bio: 'short' });
    await device.synced(); // the account and a small write fit
    assert.deepEqual(device.refused, []);

    const watcher = await client(relay.url);
    sockets.push(watcher);
    const soul = `~${pub}/profile`;
    watcher.send({ '#': 'w1', get: { '#': soul } });
    await watcher.next((m) => m['@'] === 'w1');

    // One put, two fields: the small one alone would fit, the put does not.
    await device.user().get('profile').put({ bio: 'x'.repeat(quota), tag: 'small' });
    const refusal = await eventually('the relay\'s quota refusal', () => device.refused.find((e) => /quota/.test(e.message)));
    assert.match(refusal.message, new RegExp(`quota of ${quota} bytes per user`));
    assert.equal(device.pendingWrites, 2, 'refused writes stay pending on the device, not acknowledged');

    // Nothing of it was stored or forwarded: the watcher's answer comes after anything the relay sent it before.
    watcher.send({ '#': 'w2', get: { '#': soul } });
    const answer = await watcher.next((m) => m['@'] === 'w2');
    assert.equal(answer.put[soul].bio, 'short');
    assert.equal(answer.put[soul].tag, undefined);
    assert.equal(watcher.received.filter((m) => m.put && !m['@']).length, 0, 'the refused put reached nobody');

    // Public souls are not counted: the same size there is fine.
    const anyone = await client(relay.url);
    sockets.push(anyone);
    anyone.send(put('public', 'notes', { text: 'y'.repeat(quota) }));
    assert.equal((await anyone.next((m) => m['@'] === 'public')).ok, true);

    // Restarted with a quota below what ada already stores: that data counts, so a write that grows her space is refused.
    for (const s of sockets.splice(0)) s.close();
    await device.close();
    await relay.close();
    relay = await createRelay({ port: 0, storage: `fs:${dir}`, limits: { userBytes: 100 } });
    const second = createPeer({ peers: [relay.url], storage: 'memory', passwordCost: 'test' });
    peers.push(second);
    await second.user().auth('ada', 'pw'); // the key record comes from the relay's storage
    await second.user().get('profile').put({ tag: 'one more' });
    const again = await eventually('the refusal after the restart', () => second.refused.find((e) => /quota/.test(e.message)));
    assert.match(again.message, /quota of 100 bytes per user/);
  } finally {
    for (const s of sockets) s.close();
    for (const p of peers) await p.close();
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('createRelay refuses a userBytes limit that is not a whole number of bytes, before opening anything', async () => {
  await assert.rejects(createRelay({ port: 0, limits: { userBytes: -1 } }), RangeError);
  await assert.rejects(createRelay({ port: 0, limits: { userBytes: 1.5 } }), RangeError);
  await assert.rejects(createRelay({ port: 0, limits: { userBytes: Number.NaN } }), RangeError);
  await assert.rejects(createRelay({ port: 0, limits: { userBytes: '10MB' } }), TypeError);
  const unlimited = await createRelay({ port: 0, limits: { userBytes: Infinity } });
  await unlimited.close();
});

test('a write from a clock running ahead is stored and forwarded once its time comes', { timeout: 20000 }, async () => {
  const relay = await createRelay({ port: 0 });
  const [writer, reader] = await Promise.all([client(relay.url), client(relay.url)]);
  reader.send({ '#': 'g1', get: { '#': 'later' } });
  await reader.next((m) => m['@'] === 'g1');
  writer.send(put('p1', 'later', { topic: 'soon' }, Date.now() + 1500));
  assert.equal((await writer.next((m) => m['@'] === 'p1')).ok, true);
  const forwarded = await reader.next((m) => m.put?.later?.topic === 'soon');
  assert.equal(forwarded.put.later.topic, 'soon');
  const fresh = await client(relay.url);
  fresh.send({ '#': 'g2', get: { '#': 'later' } });
  assert.equal((await fresh.next((m) => m['@'] === 'g2')).put.later.topic, 'soon');
  for (const x of [writer, reader, fresh]) x.close();
  await relay.close();
});

test('refusals the relay makes before its core (rate limit, binary frame) name the request they answer', { timeout: 10000 }, async () => {
  const relay = await createRelay({ port: 0, limits: { messagesPerSecond: 2 } });
  const c = await client(relay.url);
  c.socket.send(Buffer.from(JSON.stringify({ '#': 'bin', get: { '#': 'x' } })), { binary: true });
  const binary = await c.next((m) => m['@'] === 'bin');
  assert.match(binary.err, /JSON text/);
  // A burst past two frames a second: the refused ones (ids not first in their text) are named.
  const ids = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
  for (const id of ids) c.send(JSON.stringify({ get: { '#': 'x' }, '#': id }));
  const limited = await c.next((m) => /rate limit/.test(m.err ?? ''));
  assert.ok(ids.includes(limited['@']), `the rate-limit refusal names ${limited['@']}`);
  c.close();
  await relay.close();
});
