// The graph peer through the package API: the behaviours of issue 3 that a
// single process can show (values, keys, merging, HAM, listeners, users,
// signatures, ownership, concurrency, restart), on real storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPeer } from '../../js/index.js';
import { partialGraphOfEntries } from '../../js/peer/stored-fields.js';

const peer = () => createPeer({ storage: 'memory', passwordCost: 'test' });

// Resolves with the next value `chain` reports that satisfies `accept`.
function nextValue(chain, accept = () => true) {
  return new Promise((resolve) => {
    const off = chain.on((value) => {
      if (!accept(value)) return;
      off();
      resolve(value);
    }, { get: true });
  });
}

function node(soul, fields, state, signatures) {
  const meta = { '#': soul, '>': Object.fromEntries(Object.keys(fields).map((k) => [k, state])) };
  if (signatures) meta.s = signatures;
  return { [soul]: { _: meta, ...fields } };
}

test('every value type round-trips; next() walks fields', async () => {
  const p = peer();
  const values = { text: 'hé\u0000\u001f"', number: -12.5, zero: 0, yes: true, no: false, nothing: null, link: { '#': 'elsewhere' } };
  await p.get('types').put(values);
  for (const [key, value] of Object.entries(values)) {
    assert.deepEqual(await p.get('types').next(key).once(), key === 'link' ? null : value, key);
  }
  await p.close();
});

test('"", null and "_" keys read null and cannot be written; arrays, undefined and "_" keys are refused', async () => {
  const p = peer();
  for (const key of ['', null, '_', undefined, 5]) {
    assert.equal(await p.get(key).once(), null);
    assert.equal(await p.get('ok').next(key).once(), null);
    await assert.rejects(p.get(key).put({ a: 1 }), TypeError);
  }
  await assert.rejects(p.get('x').put({ list: [1, 2] }), /array/);
  await assert.rejects(p.get('x').next('y').put(undefined), /undefined/);
  await assert.rejects(p.get('x').put({ _: 1 }), /reserved/);
  await assert.rejects(p.get('x').put({ n: NaN }), RangeError);
  assert.equal(await p.get('x').once(), null, 'nothing was written');
  await p.close();
});

test('nested objects read back deep-equal; object puts merge; put(null) over an object nulls it', async () => {
  const p = peer();
  const profile = { name: 'Ada', address: { city: 'London', geo: { lat: 51.5, lng: -0.1 } } };
  await p.get('people').next('ada').put(profile);
  assert.deepEqual(await p.get('people').next('ada').once(), profile);
  await p.get('people').next('ada').put({ born: 1815, address: { city: 'Marylebone' } });
  assert.deepEqual(await p.get('people').next('ada').once(), { ...profile, born: 1815, address: { ...profile.address, city: 'Marylebone' } });
  await p.get('people').next('ada').next('address').put(null);
  assert.equal(await p.get('people').next('ada').next('address').once(), null);
  await p.close();
});

test('sets: put(item, true) adds under fresh random keys', async () => {
  const p = peer();
  const keys = [];
  for (const text of ['a', 'b', 'c']) keys.push(await p.get('todo').next('items').put({ text }, true));
  assert.equal(new Set(keys).size, 3);
  const items = await p.get('todo').next('items').once();
  assert.deepEqual(Object.values(items).map((item) => item.text).sort(), ['a', 'b', 'c']);
  await p.close();
});

test('lex: exact, list, prefix, inclusive range, limit', async () => {
  const p = peer();
  await p.get('log').put({ '2024-01': 1, '2024-02': 2, '2024-03': 3, '2025-01': 4 });
  assert.deepEqual(await p.get('log').next({ '.': '2024-02' }).once(), { '2024-02': 2 });
  assert.deepEqual(Object.keys(await p.get('log').next({ '.': {} }).once()), ['2024-01', '2024-02', '2024-03', '2025-01']);
  assert.deepEqual(Object.keys(await p.get('log').next({ '.': { '*': '2024' } }).once()), ['2024-01', '2024-02', '2024-03']);
  assert.deepEqual(Object.keys(await p.get('log').next({ '.': { '>': '2024-02', '<': '2025-01' } }).once()), ['2024-02', '2024-03', '2025-01']);
  assert.deepEqual(Object.keys(await p.get('log').next({ '.': { '*': '20' }, '%': 1 }).once()), ['2024-01']);
  await p.close();
});

test('HAM through receive: higher wins, lower ignored, the same write fires no listener, ties are order-free', async () => {
  const p = peer();
  const heard = [];
  p.get('h').next('f').on((value) => heard.push(value));
  await p.receive(node('h', { f: 'first' }, 100));
  await p.receive(node('h', { f: 'older' }, 50));
  await p.receive(node('h', { f: 'first' }, 100));
  await p.receive(node('h', { f: 'newer' }, 200));
  assert.deepEqual(heard, ['first', 'newer']);
  // Equal states: the same winner in both orders, and "5" is not 5.
  const [x, y] = [peer(), peer()];
  await x.receive(node('t', { f: 5 }, 300));
  await x.receive(node('t', { f: '5' }, 300));
  await y.receive(node('t', { f: '5' }, 300));
  await y.receive(node('t', { f: 5 }, 300));
  assert.equal(await x.get('t').next('f').once(), await y.get('t').next('f').once());
  await Promise.all([p.close(), x.close(), y.close()]);
});

test('writes in the same millisecond keep the last one', async () => {
  const p = peer();
  const chain = p.get('fast').next('f');
  for (let i = 0; i < 50; i++) await chain.put(i);
  assert.equal(await chain.once(), 49);
  await p.close();
});

test('future states are deferred then applied; far-future dropped; bad states refused', async () => {
  const p = peer();
  const arrives = nextValue(p.get('future').next('f'), (value) => value === 'soon');
  await p.receive(node('future', { f: 'soon' }, Date.now() + 300));
  assert.equal(await p.get('future').next('f').once(), null, 'not yet');
  assert.equal(await arrives, 'soon');
  await p.receive(node('far', { f: 'x' }, Date.now() + 48 * 3600 * 1000));
  assert.equal(await p.get('far').next('f').once(), null);
  for (const state of ['1', null, undefined]) {
    const bad = node('bad', { f: 1 }, 1);
    bad.bad._['>'].f = state;
    await assert.rejects(p.receive(bad), TypeError);
  }
  await assert.rejects(p.receive('{"bad": {"_": {"#": "bad", ">": {"f": NaN}}, "f": 1}}'), TypeError);
  await p.close();
});

test('listeners registered before the data fire when it arrives; two listeners both fire', async () => {
  const p = peer();
  const first = nextValue(p.get('later').next('f'), (v) => v !== null);
  const second = nextValue(p.get('later').next('f'), (v) => v !== null);
  await p.get('later').next('f').put('here');
  assert.deepEqual(await Promise.all([first, second]), ['here', 'here']);
  const seen = [];
  const chain = p.get('later').next('f');
  const callback = (v) => seen.push(v);
  chain.on(callback);
  chain.off(callback);
  await chain.put('unheard');
  chain.on((v) => seen.push(`first ${v}`));
  chain.on((v) => seen.push(`second ${v}`));
  chain.off(); // every callback here
  await chain.put('unheard again');
  assert.deepEqual(seen, []);
  await p.close();
});

test('a callback may stop listeners: one stopped before its turn in the same change is not called', async () => {
  const p = peer();
  const chain = p.get('stop').next('f');
  const seen = [];
  let stopSecond = null;
  const stopFirst = chain.on((v) => {
    seen.push(`first ${v}`);
    stopFirst(); // itself, while being called
    stopSecond();
  });
  stopSecond = chain.on((v) => seen.push(`second ${v}`));
  const third = nextValue(chain, (v) => v === 'one');
  await p.ready;
  await chain.put('one');
  assert.equal(await third, 'one');
  await chain.put('two');
  assert.deepEqual(seen, ['first one']);
  await p.close();
});

test('a listener above a link hears a change below it; a change elsewhere calls nobody', async () => {
  const p = peer();
  await p.get('top').put({ child: { leaf: 1 } });
  const heard = [];
  p.get('top').on((value) => heard.push(value));
  p.get('top').next('child').on((value) => heard.push(value));
  await p.get('elsewhere').put({ leaf: 2 });
  await p.get('top').next('child').next('leaf').put(3);
  await p.get('top').next('child').next('leaf').put(3); // the same value again
  assert.deepEqual(heard, [{ child: { leaf: 3 } }, { leaf: 3 }]);
  await p.close();
});

test('accounts: create → auth → change password → old password fails → delete → auth fails', async () => {
  const p = peer();
  const user = p.user();
  const { pub } = await user.create('alice', 'one');
  await assert.rejects(user.create('alice', 'two'), /taken/);
  assert.deepEqual(await user.auth('alice', 'one'), user.is);
  assert.equal(user.is.pub, pub);
  await user.change('alice', 'one', 'two');
  await assert.rejects(user.auth('alice', 'one'), /wrong password/);
  await user.auth('alice', 'two');
  await user.delete('alice', 'two');
  assert.equal(user.is, null);
  await assert.rejects(user.auth('alice', 'two'), /no user/);
  await assert.rejects(user.auth('nobody', 'x'), /no user/);
  await p.close();
});

test('leave() signs out at once and returns a promise to await (a remembered session is forgotten by then)', async () => {
  const p = peer();
  await p.user().create('leo', 'pw');
  await p.user().auth('leo', 'pw');
  const leaving = p.user().leave();
  assert.equal(p.user().is, null);
  assert.ok(leaving instanceof Promise, 'leave() returns a promise');
  assert.equal(await leaving, undefined);
  await p.close();
});

test('user writes are signed and verify on a fresh peer; [pub, key] reads work signed in and out', async () => {
  const a = peer();
  const { pub } = await a.user().create('bob', 'pw');
  await a.user().auth('bob', 'pw');
  await a.user().get('allocation/commitment').put({ residual_need: 5 });
  const b = peer();
  const unlink = a.link(b);
  const seen = await nextValue(b.user().get([pub, 'allocation/commitment']), (v) => v !== null);
  assert.deepEqual(seen, { residual_need: 5 });
  assert.deepEqual(b.refused, []);
  await b.user().create('carol', 'pw');
  await b.user().auth('carol', 'pw');
  assert.deepEqual(await b.user().get([pub, 'allocation/commitment']).once(), { residual_need: 5 });
  unlink();
  await Promise.all([a.close(), b.close()]);
});

test('another user\'s space is refused: writes, unsigned writes, replayed signatures', async () => {
  const storage = capturingStorage();
  const storedProfile = { partial: () => partialGraphOfEntries(storage.entries, () => {}) };
  const a = createPeer({ storage, passwordCost: 'test' });
  const { pub } = await a.user().create('dave', 'pw');
  await a.user().auth('dave', 'pw');
  await a.user().get('profile').put({ name: 'Dave' });
  const stolen = storedProfile.partial()[`~${pub}/profile`];

  const b = peer();
  await b.user().create('eve', 'pw');
  await b.user().auth('eve', 'pw');
  await assert.rejects(b.user().get([pub, 'profile']).next('name').put('Eve'), /write refused/);
  await assert.rejects(b.receive(node(`~${pub}/profile`, { name: 'Eve' }, Date.now() - 1)), /unsigned/);
  const replayed = { [`~${pub}/profile`]: { ...stolen, name: 'Eve' } };
  await assert.rejects(b.receive(replayed), /not signed/);
  const moved = { [`~${pub}/profile`]: { _: { ...stolen._, '>': { role: stolen._['>'].name }, s: { role: stolen._.s.name } }, role: 'Dave' } };
  await assert.rejects(b.receive(moved), /not signed/);
  await b.receive({ [`~${pub}/profile`]: stolen });
  assert.equal(await b.user().get([pub, 'profile']).next('name').once(), 'Dave');
  await Promise.all([a.close(), b.close()]);
});

// A storage adapter that keeps everything written, to see the stored (and sent) form.
function capturingStorage() {
  const entries = new Map();
  return {
    entries,
    async load() {
      return new Map(entries);
    },
    async write(batch) {
      for (const [key, value] of batch) entries.set(key, value);
    },
    async close() {},
  };
}

test('nobody claims a public node by writing first', async () => {
  const [a, b] = [peer(), peer()];
  await a.get('board').put({ topic: 'mine' });
  a.link(b);
  await nextValue(b.get('board').next('topic'), (v) => v === 'mine');
  await b.get('board').put({ topic: 'ours' });
  assert.equal(await nextValue(a.get('board').next('topic'), (v) => v === 'ours'), 'ours');
  await Promise.all([a.close(), b.close()]);
});

test('400 concurrent nested puts through a missing parent lose nothing', async () => {
  const p = peer();
  await Promise.all(Array.from({ length: 400 }, (_, i) => p.get('root').next('missing').next(`item${i}`).put({ i, deep: { twice: i * 2 } })));
  const all = await p.get('root').next('missing').once();
  assert.equal(Object.keys(all).length, 400);
  for (let i = 0; i < 400; i++) assert.deepEqual(all[`item${i}`], { i, deep: { twice: i * 2 } });
  await p.close();
});

test('a restart (fs storage) preserves the graph, users included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ms-peer-'));
  try {
    let p = createPeer({ storage: `fs:${dir}`, passwordCost: 'test' });
    await p.get('kept').put({ text: 'line\nbreak \u0000', nested: { n: 1 } });
    await p.user().create('frank', 'pw');
    await p.close();
    p = createPeer({ storage: `fs:${dir}`, passwordCost: 'test' });
    assert.deepEqual(await p.get('kept').once(), { text: 'line\nbreak \u0000', nested: { n: 1 } });
    await p.user().auth('frank', 'pw');
    await p.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('put resolves only once storage has the write; a failing storage rejects it', async () => {
  const storage = capturingStorage();
  const p = createPeer({ storage, passwordCost: 'test' });
  await p.get('s').put({ a: 1 });
  assert.ok([...storage.entries.keys()].includes(JSON.stringify(['s', 'a'])));
  storage.write = async () => {
    throw new Error('disk full');
  };
  await assert.rejects(p.get('s').put({ b: 2 }), /disk full/);
  await p.close();
});

test('peers converge to identical graphs whatever the order, duplication and loss-then-resend of deliveries', async () => {
  // Each peer writes concurrently; every peer then receives every other's
  // writes in its own seeded random order, with duplicates.
  const peers = [peer(), peer(), peer()];
  const sent = [];
  for (const [index, p] of peers.entries()) {
    const storage = capturingStorage();
    const writer = createPeer({ storage, passwordCost: 'test' });
    for (let i = 0; i < 30; i++) {
      await writer.get(`room${i % 3}`).put({ [`f${i % 5}`]: index % 2 ? i : `${i}`, shared: index * 100 + i });
    }
    sent.push(partialGraphOfEntries(storage.entries, () => {}));
    await writer.close();
    await p.ready;
  }
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const snapshots = [];
  for (const p of peers) {
    const deliveries = [...sent, ...sent.filter(() => random() < 0.5)];
    deliveries.sort(() => random() - 0.5);
    for (const partial of deliveries) await p.receive(partial);
    snapshots.push(JSON.stringify(await Promise.all([0, 1, 2].map((r) => p.get(`room${r}`).once()))));
  }
  assert.equal(snapshots[1], snapshots[0]);
  assert.equal(snapshots[2], snapshots[0]);
  await Promise.all(peers.map((p) => p.close()));
});

test('encryption for oneself and a secret shared by two users; clear errors when not signed in', async () => {
  const p = peer();
  const user = p.user();
  await assert.rejects(user.encrypt('x'), /not authenticated/);
  assert.throws(() => user.get('anything'), /not authenticated/);
  await user.create('gina', 'pw');
  await user.create('hal', 'pw');
  const hal = await user.auth('hal', 'pw');
  const gina = await p.user().auth('gina', 'pw');
  const sealed = await user.encrypt({ diary: 'private \u0000' });
  assert.equal(typeof sealed, 'string');
  assert.deepEqual(await user.decrypt(sealed), { diary: 'private \u0000' });
  const fromGina = await user.secret(hal.epub);
  await user.auth('hal', 'pw');
  await assert.rejects(user.decrypt(sealed), /could not decrypt/);
  assert.equal(await user.secret(gina.epub), fromGina);
  await p.close();
});
