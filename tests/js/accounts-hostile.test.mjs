// Accounts under attack: strangers' keys under someone's alias (with key
// records that ask for huge Argon2 costs, or that copy the alias's own salt)
// neither lock the alias nor slow its owner's sign-in; two create() calls
// for one alias on one peer register one account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPeer } from '../../js/index.js';
import { core, checked } from '../../js/core.js';
import { createRelay } from '../../js/relay/relay.js';

// A throwaway key under `alias`, with a key record that either names the
// costliest Argon2 setting a hostile record could ask for or copies the
// alias's own salt at the cheapest cost (both cost the attacker nothing).
async function squat(peer, alias, i) {
  const slot = checked(core.keyringCreate());
  const pub = core.keyringPub(slot);
  const record = JSON.parse(checked(core.keyRecordSealForAlias(slot, `squatter ${i}`, true, alias)));
  if (i % 2 === 0) Object.assign(record, { ops: 16, mem: 512 * 1024 * 1024 });
  await peer._put(`~${pub}`, { alias, pub, epub: core.keyringEpub(slot), auth: JSON.stringify(record) }, slot);
  await peer._registerAlias(alias, slot);
  core.keyringForget(slot);
  return pub;
}

test('sixteen throwaway keys under ~@carol lock neither her registration nor her sign-in', async () => {
  const relay = await createRelay({ port: 0 });
  const carol = createPeer({ peers: [], storage: 'memory', passwordCost: 'test' }); // creates offline, syncs later
  const attacker = createPeer({ peers: [relay.url], storage: 'memory', passwordCost: 'test' });
  const second = createPeer({ peers: [relay.url], storage: 'memory', passwordCost: 'test' });
  try {
    const { pub } = await carol.user().create('carol', 'carol pw');
    const squatters = [];
    for (let i = 0; i < 16; i++) squatters.push(await squat(attacker, 'carol', i));
    await attacker.synced();
    assert.deepEqual(attacker.refused, []);

    carol.connect(relay.url);
    await carol.synced();
    assert.deepEqual(carol.refused, [], 'the relay takes carol\'s entry after sixteen strangers\'');

    const is = await second.user().auth('carol', 'carol pw');
    assert.equal(is.pub, pub);
    const list = second._read('~@carol', undefined).value;
    assert.equal(Object.keys(list).length, 17);
    for (const squatter of squatters) assert.ok(squatter in list);
    await assert.rejects(second.user().auth('carol', 'a guess'), /wrong password/);
  } finally {
    for (const peer of [carol, attacker, second]) await peer.close();
    await relay.close();
  }
});

test('a key record asking for more than the package\'s own Argon2 cost is refused before deriving', () => {
  const slot = checked(core.keyringCreate());
  try {
    const record = JSON.parse(checked(core.keyRecordSealForAlias(slot, 'pw', true, 'dora')));
    for (const [ops, mem] of [[16, 512 * 1024 * 1024], [3, 64 * 1024 * 1024], [2, 64 * 1024 * 1024 + 1]]) {
      const bomb = JSON.stringify({ ...record, ops, mem });
      assert.throws(() => checked(core.keyRecordOpen(bomb, 'pw')), /costs outside the supported bounds/);
    }
  } finally {
    core.keyringForget(slot);
  }
});

test('two concurrent create() for one alias on one peer: the second is refused while the first is in flight', async () => {
  const peer = createPeer({ storage: 'memory', passwordCost: 'test' });
  try {
    const results = await Promise.allSettled([peer.user().create('bob', 'one'), peer.user().create('bob', 'two')]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.match(results.find((r) => r.status === 'rejected').reason.message, /being created already/);
    const entries = Object.entries(peer._read('~@bob', undefined).value ?? {});
    assert.equal(entries.length, 1, 'one account under the alias');
    // Once the first has finished, the alias is simply taken.
    await assert.rejects(peer.user().create('bob', 'three'), /taken/);
    // Another alias is not held up meanwhile.
    const both = await Promise.all([peer.user().create('ann', 'x'), peer.user().create('ben', 'y')]);
    assert.equal(both.length, 2);
  } finally {
    await peer.close();
  }
});
