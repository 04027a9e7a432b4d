// Floods that used to take a relay down, sent at a real relay (the CLI, in
// a child process) on loopback, each bounded in count and time: readers
// that never read, gets with huge soul names, big future-dated writes.
// During each, an honest client on the same relay keeps writing: its
// writes are acknowledged with p99 under 1 s, and the relay's resident
// memory stays under RSS_BOUND (the bound the README states).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelayProcess } from './support/relay-process.mjs';
import { rawClient, putFrame } from './support/raw-client.mjs';

const RSS_BOUND = 512 * 1024 * 1024;
const ATTACKERS = 16; // sockets, all from one other address (under its connection limit)
const BIG = 900_000; // bytes: a value (or a name) just under the 1 MiB frame limit

async function rssOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

// Runs `flood(attackers)` against the relay while an honest client writes
// every 25 ms; resolves to the honest acknowledgement times and the
// highest RSS seen.
async function underFlood(relay, flood) {
  const honest = await rawClient(relay.url);
  const attackers = await Promise.all(Array.from({ length: ATTACKERS }, () => rawClient(relay.url, { localAddress: '127.0.0.2' })));
  let highest = await rssOf(relay.pid);
  let flooding = true;
  const sampler = (async () => {
    while (flooding) {
      highest = Math.max(highest, await rssOf(relay.pid));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const latencies = [];
  const writer = (async () => {
    for (let i = 0; flooding || i < 10; i++) {
      const id = `honest-${i}`;
      const start = performance.now();
      honest.send(putFrame(id, 'honest', { n: i }, Date.now()));
      const reply = await honest.next((m) => m['@'] === id);
      assert.equal(reply.ok, true, reply.err);
      latencies.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  try {
    await flood(attackers);
  } finally {
    flooding = false;
  }
  await Promise.all([writer, sampler]);
  highest = Math.max(highest, await rssOf(relay.pid));
  for (const client of [honest, ...attackers]) client.socket.terminate();
  latencies.sort((a, b) => a - b);
  return { p99: latencies[Math.floor(latencies.length * 0.99)], highest, writes: latencies.length };
}

async function withRelay(body) {
  const dir = await mkdtemp(join(tmpdir(), 'ms-flood-'));
  const relay = await startRelayProcess({ data: join(dir, 'relay') });
  try {
    await body(relay);
  } finally {
    await relay.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

function assertSurvived({ p99, highest, writes }, what) {
  assert.ok(writes >= 10, `${what}: the honest client wrote ${writes} times`);
  assert.ok(p99 < 1000, `${what}: honest writes acknowledged with p99 ${p99.toFixed(0)} ms`);
  assert.ok(highest < RSS_BOUND, `${what}: relay RSS reached ${(highest / 2 ** 20).toFixed(0)} MiB`);
}

test('readers that never read are dropped, not buffered without end', { timeout: 60_000 }, async () => {
  await withRelay(async (relay) => {
    const writer = await rawClient(relay.url);
    writer.send(putFrame('big', 'big', { text: 'x'.repeat(BIG) }));
    await writer.next((m) => m['@'] === 'big');
    writer.close();
    const result = await underFlood(relay, async (attackers) => {
      const gets = Array.from({ length: 100 }, (_, i) => ({ '#': `g${i}`, get: { '#': 'big' } }));
      await Promise.all(attackers.map(async (attacker) => {
        attacker.socket._socket.pause(); // reads nothing from now on
        // Frames of 100 gets of a 900 KB node, until the relay hangs up (bounded).
        for (let frame = 0; frame < 40 && attacker.socket.readyState === attacker.socket.OPEN; frame++) {
          attacker.send(JSON.stringify(gets.map((get) => ({ ...get, '#': `${frame}-${get['#']}` }))));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await Promise.race([attacker.closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
        assert.notEqual(attacker.socket.readyState, attacker.socket.OPEN, 'a reader that never reads is dropped');
      }));
    });
    assertSurvived(result, 'readers that never read');
  });
});

test('gets with huge soul names get an error and cost nothing to keep', { timeout: 60_000 }, async () => {
  await withRelay(async (relay) => {
    const result = await underFlood(relay, async (attackers) => {
      await Promise.all(attackers.map(async (attacker, a) => {
        for (let i = 0; i < 40; i++) {
          const soul = `${a}-${i}-${'s'.repeat(BIG)}`;
          attacker.send({ '#': `huge-${i}`, get: { '#': soul } });
          assert.match((await attacker.next((m) => m['@'] === `huge-${i}`)).err, /at most 2048 are allowed/);
          // And the longest names allowed, 100 to a frame, until the interest table says no.
          const batch = Array.from({ length: 100 }, (_, j) => ({ '#': `long-${i}-${j}`, get: { '#': `${a}-${i}-${j}-${'l'.repeat(2000)}` } }));
          attacker.send(batch);
          await attacker.next((m) => m['@'] === `long-${i}-99`);
        }
        assert.ok(attacker.received.some((m) => /follows too many souls/.test(m.err ?? '')), 'interest is bounded per connection');
      }));
    });
    assertSurvived(result, 'gets with huge souls');
  });
});

test('big writes from a clock far ahead are held within a byte bound', { timeout: 60_000 }, async () => {
  await withRelay(async (relay) => {
    const result = await underFlood(relay, async (attackers) => {
      await Promise.all(attackers.map(async (attacker, a) => {
        for (let i = 0; i < 40; i++) {
          attacker.send(putFrame(`future-${i}`, `future/${a}/${i}`, { v: 'f'.repeat(BIG) }, Date.now() + 3_600_000));
          await attacker.next((m) => m['@'] === `future-${i}`);
        }
      }));
    });
    assertSurvived(result, 'future-dated writes');
  });
});
