// Presence through a real relay on loopback: peers appear, update, and
// disappear when they close and when they go quiet; forged, borrowed and
// replayed presence is refused; nothing of it is stored (a restarted relay
// knows nobody). Presence from outside is signed here with Node's own
// Ed25519, from the wire format alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPeer } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { rawClient } from './support/raw-client.mjs';
import { storeUntil as until } from './support/store-until.mjs';

// The presence announcements a raw client received (a frame may be a batch).
const announcements = (client) => client.received.flat().filter((m) => m.presence?.pub).map((m) => m.presence);

async function signedInPeer(url, alias) {
  const peer = createPeer({ storage: 'memory', passwordCost: 'test', peers: [url] });
  await peer.user().create(alias, 'pw');
  await peer.user().auth(alias, 'pw');
  return peer;
}

// Resolves with the first value of `store` that `accept` takes; `seen` gets every value.
// Our own signer of the wire format (core/sync/presence.h): the domain tag
// and a NUL, the key and the state each after a 4-byte big-endian length,
// the number as a big-endian double between them.
function outsider() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'jwk' }).x; // URL-safe base64 of the raw key, as pubs are
  return { pub, announce: (seq, state, as = pub) => signedAnnounce(privateKey, as, seq, state) };
}

function signedAnnounce(privateKey, pub, seq, state) {
  const part = (text) => {
    const bytes = Buffer.from(text);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return [length, bytes];
  };
  const number = Buffer.alloc(8);
  number.writeDoubleBE(seq);
  const stateText = JSON.stringify(state);
  const message = Buffer.concat([Buffer.from('mutual-store/presence/v1\0'), ...part(pub), number, ...part(stateText)]);
  return { pub, seq, state: stateText, sig: sign(null, message, privateKey).toString('base64url') };
}

test('a peer appears with its state, updates it, and is gone once it closes', async () => {
  const relay = await createRelay({ port: 0 });
  const [alice, bob] = await Promise.all([signedInPeer(relay.url, 'alice'), signedInPeer(relay.url, 'bob')]);
  const alicePub = alice.user().is.pub;
  const seenByBob = [];
  const watching = until(bob.presence, (online) => online[alicePub]?.status === 'here', seenByBob);
  alice.presence.set({ status: 'here' });
  const online = await watching;
  assert.equal(Object.getPrototypeOf(online), null, 'keyed by public key in a null-prototype object');
  let mine;
  alice.presence.subscribe((value) => (mine = value))();
  assert.deepEqual({ ...mine }, { [alicePub]: { status: 'here' } }, "one's own state is in one's own store");

  alice.presence.set({ status: 'busy' });
  await until(bob.presence, (value) => value[alicePub]?.status === 'busy');
  await alice.close(); // a clean close announces leaving
  await until(bob.presence, (value) => !(alicePub in value));
  assert.ok(seenByBob.every((value) => Object.keys(value).every((pub) => pub === alicePub)), 'nobody else was ever shown');
  await bob.close();
  await relay.close();
});

test('presence set before sign-in is refused at the call; leave() announces leaving', async () => {
  const relay = await createRelay({ port: 0 });
  const nobody = createPeer({ storage: 'memory', passwordCost: 'test', peers: [relay.url] });
  assert.throws(() => nobody.presence.set({ status: 'here' }), /presence\.set: nobody is signed in \(call peer\.user\(\)\.auth first\)/);
  const [alice, bob] = await Promise.all([signedInPeer(relay.url, 'alice'), signedInPeer(relay.url, 'bob')]);
  assert.throws(() => alice.presence.set('here'), TypeError);
  assert.throws(() => alice.presence.set({ text: 'x'.repeat(2000) }), /at most 1024/);
  const alicePub = alice.user().is.pub;
  alice.presence.set({ status: 'here' });
  await until(bob.presence, (value) => alicePub in value);
  await alice.user().leave();
  await until(bob.presence, (value) => !(alicePub in value));
  await Promise.all([alice.close(), bob.close(), nobody.close()]);
  await relay.close();
});

test('presence that is not repeated within the timeout, or whose connection drops, is gone', async (t) => {
  const relay = await createRelay({ port: 0, limits: { presenceTimeoutMs: 3000 } });
  t.after(() => relay.close());
  const bob = await signedInPeer(relay.url, 'bob');
  t.after(() => bob.close());
  const quiet = outsider();
  const dropped = outsider();
  const raw = await rawClient(relay.url);
  const rawDropped = await rawClient(relay.url);
  t.after(() => {
    raw.close();
    rawDropped.socket.terminate();
  });
  raw.send({ '#': 'q1', presence: quiet.announce(Date.now(), { status: 'quiet' }) });
  const answer = await raw.next((m) => m['@'] === 'q1');
  assert.deepEqual(answer.presence, { timeout: 3000 }, 'the relay says how long presence lasts');
  rawDropped.send({ '#': 'd1', presence: dropped.announce(Date.now(), { status: 'dropped' }) });
  await rawDropped.next((m) => m['@'] === 'd1');
  await until(bob.presence, (value) => value[quiet.pub]?.status === 'quiet' && value[dropped.pub]?.status === 'dropped');

  // bob heartbeats (a third of the relay's timeout); the outsiders do not.
  bob.presence.set({ status: 'here' });
  rawDropped.socket.terminate();
  await until(bob.presence, (value) => !(dropped.pub in value));
  await until(bob.presence, (value) => !(quiet.pub in value));
  const watcher = await rawClient(relay.url);
  t.after(() => watcher.close());
  watcher.send({ '#': 'f1', presence: 'follow' });
  await watcher.next((m) => m['@'] === 'f1');
  assert.deepEqual(announcements(watcher).map((a) => a.pub), [bob.user().is.pub], 'bob, heartbeating, outlived the timeout');
});

test('forged presence is refused: a wrong signature, someone else\'s key, a replayed older announcement', async () => {
  const relay = await createRelay({ port: 0 });
  const [alice, bob] = await Promise.all([signedInPeer(relay.url, 'alice'), signedInPeer(relay.url, 'bob')]);
  const alicePub = alice.user().is.pub;
  const mallory = await rawClient(relay.url);
  mallory.send({ '#': 'm0', presence: 'follow' });
  await mallory.next((m) => m['@'] === 'm0');
  const seenByBob = [];
  const stopRecording = bob.presence.subscribe((value) => seenByBob.push(value[alicePub]?.status));
  const bobSeesFirst = until(bob.presence, (value) => value[alicePub]?.status === 'one');
  alice.presence.set({ status: 'one' });
  const captured = (await mallory.next((m) => m.presence?.pub === alicePub)).presence;
  await bobSeesFirst;
  alice.presence.set({ status: 'two' });
  await mallory.next((m) => m.presence?.pub === alicePub && m.presence.state === '{"status":"two"}');

  const attempts = {
    'a changed state under her signature': { ...captured, seq: Date.now() + 1000, state: '{"status":"forged"}' },
    "mallory's own signature under alice's key": outsider().announce(Date.now() + 1000, { status: 'borrowed' }, alicePub),
    'her first announcement again': captured,
  };
  const refusals = {};
  for (const [what, presence] of Object.entries(attempts)) {
    const id = `m-${Object.keys(refusals).length}`;
    mallory.send({ '#': id, presence });
    refusals[what] = (await mallory.next((m) => m['@'] === id)).err;
  }
  assert.match(refusals['a changed state under her signature'], /signature/);
  assert.match(refusals["mallory's own signature under alice's key"], /signature/);
  assert.match(refusals['her first announcement again'], /not newer/);

  alice.presence.set({ status: 'three' }); // after the attempts: once bob has this, he had every earlier message
  await until(bob.presence, (value) => value[alicePub]?.status === 'three');
  stopRecording();
  assert.deepEqual([...new Set(seenByBob.filter(Boolean))], ['one', 'two', 'three'], 'bob never saw a forged or replayed state');
  mallory.close();
  await Promise.all([alice.close(), bob.close()]);
  await relay.close();
});

test('presence is never stored: a relay restarted on the same data knows nobody', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'presence-'));
  const first = await createRelay({ port: 0, storage: `fs:${dir}` });
  const port = Number(new URL(first.url).port);
  const marker = 'marker-7c1d2e';
  const alice = await signedInPeer(first.url, 'alice');
  const watcher = await rawClient(first.url);
  watcher.send({ '#': 'f1', presence: 'follow' });
  alice.presence.set({ status: marker });
  await watcher.next((m) => m.presence?.state?.includes(marker));
  watcher.close();
  await first.close(); // alice cannot announce leaving: the relay is gone first
  await alice.close();

  const files = await readdir(dir, { recursive: true });
  for (const file of files) {
    const text = await readFile(join(dir, file)).catch(() => Buffer.alloc(0));
    assert.ok(!text.includes(marker), `${file} holds no presence`);
  }
  const second = await createRelay({ port, storage: `fs:${dir}` });
  const newcomer = await rawClient(second.url);
  newcomer.send({ '#': 'f2', presence: 'follow' });
  await newcomer.next((m) => m['@'] === 'f2');
  assert.deepEqual(announcements(newcomer), [], 'nobody is present after the restart');
  newcomer.close();
  await second.close();
  await rm(dir, { recursive: true, force: true });
});
