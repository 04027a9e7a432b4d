// What a relay must not lose or lock, against real relays on loopback:
// writes from a clock ahead survive kill -9 once acknowledged; answers
// larger than a frame arrive in pieces; public souls have a per-address
// budget and a relay-wide cap; a damaged journal is recovered loudly, or
// refused with --strict-journal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPeer } from '../../js/index.js';
import { createRelay } from '../../js/relay/relay.js';
import { openStorage } from '../../js/storage/index.js';
import { startRelayProcess } from './support/relay-process.mjs';
import { rawClient } from './support/raw-client.mjs';

const client = (url) => rawClient(url, { maxPayload: 1 << 20 });

const put = (id, soul, fields, state = Date.now() - 10) => ({
  '#': id,
  put: { [soul]: { _: { '#': soul, '>': Object.fromEntries(Object.keys(fields).map((k) => [k, state])) }, ...fields } },
});

async function scratch(name) {
  return mkdtemp(join(tmpdir(), `ms-${name}-`));
}

test('a write from a clock 3 s ahead, once acknowledged, survives kill -9 of the relay and lands on time', { timeout: 25_000 }, async () => {
  const dir = await scratch('deferred');
  let relay = await startRelayProcess({ data: dir });
  try {
    const writer = await client(relay.url);
    const due = Date.now() + 3000; // beyond the clock tolerance: it waits in the queue
    writer.send(put('ahead', 'clock', { note: 'from the future' }, due));
    assert.equal((await writer.next((m) => m['@'] === 'ahead')).ok, true);
    writer.close();
    await relay.kill();

    relay = await startRelayProcess({ port: relay.port, data: dir });
    const reader = await client(relay.url);
    reader.send({ '#': 'g', get: { '#': 'clock' } });
    await reader.next((m) => m['@'] === 'g');
    const landed = await reader.next((m) => m.put?.clock?.note === 'from the future');
    assert.ok(Date.now() >= due, 'it lands when its time comes, not before');
    assert.equal(landed.put.clock._['>'].note, due);
    reader.close();

    // Landed, it is stored as the field: another kill -9 keeps it.
    await relay.kill();
    relay = await startRelayProcess({ port: relay.port, data: dir });
    const later = await client(relay.url);
    later.send({ '#': 'g2', get: { '#': 'clock' } });
    assert.equal((await later.next((m) => m['@'] === 'g2')).put.clock.note, 'from the future');
    later.close();
  } finally {
    await relay.kill();
    await rm(dir, { recursive: true, force: true });
  }
});

test('two 600 KB puts into a public node are still readable by a new reader', { timeout: 20_000 }, async () => {
  const relay = await createRelay({ port: 0 });
  const writer = await client(relay.url);
  const reader = createPeer({ peers: [relay.url], storage: 'memory' });
  try {
    const big = (c) => c.repeat(600 * 1024);
    writer.send(put('a', 'wall', { a: big('a') }));
    writer.send(put('b', 'wall', { b: big('b') }));
    await writer.next((m) => m['@'] === 'b');
    assert.equal(writer.received.filter((m) => m.err).length, 0);

    const raw = await client(relay.url);
    raw.send({ '#': 'g', get: { '#': 'wall' } });
    await raw.next((m) => m['@'] === 'g');
    const pieces = raw.received.filter((m) => m.put?.wall);
    assert.ok(pieces.length >= 2, 'the answer came in several frames');
    raw.close();

    const wall = await reader.get('wall').once();
    assert.equal(wall.a, big('a'));
    assert.equal(wall.b, big('b'));
  } finally {
    writer.close();
    await reader.close();
    await relay.close();
  }
});

test('a user whose top-level node passed 1 MiB can still sign in on a second device', { timeout: 20_000 }, async () => {
  const relay = await createRelay({ port: 0 });
  const first = createPeer({ peers: [relay.url], storage: 'memory', passwordCost: 'test' });
  const second = createPeer({ peers: [relay.url], storage: 'memory', passwordCost: 'test' });
  try {
    const { pub } = await first.user().create('heavy', 'pw');
    await first.user().auth('heavy', 'pw');
    for (let i = 0; i < 130; i++) await first._put(`~${pub}`, { [`blob${i}`]: String(i % 10).repeat(9 * 1024) });
    await first.synced();
    assert.deepEqual(first.refused, []);
    const is = await second.user().auth('heavy', 'pw');
    assert.equal(is.pub, pub);
  } finally {
    await first.close();
    await second.close();
    await relay.close();
  }
});

test('public writes have a per-address budget and a relay-wide cap, with clear errors', async () => {
  const relay = await createRelay({ port: 0, limits: { publicBytesPerMinute: 10_000, publicBytes: 1_000_000 } });
  const a = await client(relay.url);
  const b = await client(relay.url);
  try {
    for (let i = 0; i < 3; i++) {
      a.send(put(`p${i}`, `notes${i}`, { text: 'x'.repeat(3000) }));
      assert.equal((await a.next((m) => m['@'] === `p${i}`)).ok, true);
    }
    a.send(put('p3', 'notes3', { text: 'x'.repeat(3000) }));
    const refused = await a.next((m) => m['@'] === 'p3');
    assert.match(refused.err, /public writes from this address within a minute, over this relay's budget of 10000 bytes per minute/);
    // Another connection from the same address shares the budget.
    b.send(put('q', 'other', { text: 'y'.repeat(3000) }));
    assert.match((await b.next((m) => m['@'] === 'q')).err, /budget/);
  } finally {
    a.close();
    b.close();
    await relay.close();
  }

  const capped = await createRelay({ port: 0, limits: { publicBytes: 8000 } });
  const c = await client(capped.url);
  try {
    c.send(put('c1', 'board', { text: 'x'.repeat(5000) }));
    assert.equal((await c.next((m) => m['@'] === 'c1')).ok, true);
    c.send(put('c2', 'board2', { text: 'x'.repeat(5000) }));
    assert.match((await c.next((m) => m['@'] === 'c2')).err, /cap of 8000 bytes for public data/);
    // Overwriting within the cap is fine.
    c.send(put('c3', 'board', { text: 'short' }));
    assert.equal((await c.next((m) => m['@'] === 'c3')).ok, true);
  } finally {
    c.close();
    await capped.close();
  }
  await assert.rejects(createRelay({ port: 0, limits: { publicBytes: -1 } }), RangeError);
  await assert.rejects(createRelay({ port: 0, limits: { publicBytesPerMinute: 'lots' } }), TypeError);
});

// Runs the CLI on `dir` and returns its exit code and stderr once it has
// either exited or printed its relay address (then it is stopped).
function runRelayCli(dir, extra = []) {
  const cli = new URL('../../bin/mutual-store.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [cli, 'relay', '--port', '0', '--data', dir, ...extra]);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      if (/relay:\s+ws:/.test(String(chunk))) child.kill('SIGTERM');
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test('a relay on a journal damaged in the middle recovers loudly, or refuses to start with --strict-journal', { timeout: 20_000 }, async () => {
  const dir = await scratch('relay-journal');
  try {
    const storage = await openStorage(`fs:${dir}`);
    for (let i = 0; i < 50; i++) await storage.write([[JSON.stringify([`soul${i}`, 'f']), JSON.stringify([i, 1])]]);
    await storage.close();
    const journal = join(dir, 'journal.log');
    const bytes = await readFile(journal);
    bytes[Math.floor(bytes.length * 0.3)] ^= 0x20;
    await writeFile(journal, bytes);

    const strict = await runRelayCli(dir, ['--strict-journal']);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /damaged .* refusing to start/);
    assert.deepEqual(await readFile(journal), bytes, 'strict changes nothing');

    const lenient = await runRelayCli(dir);
    assert.match(lenient.stderr, /journal .* is damaged before its end .* 49 whole records were recovered; the damaged file is kept as/);
    assert.ok((await readdir(dir)).some((name) => name.startsWith('journal.log.damaged-')));
    const reopened = await openStorage(`fs:${dir}`);
    assert.equal((await reopened.load()).size, 49);
    await reopened.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
