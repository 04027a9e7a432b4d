// Floods that used to take a relay down, sent at a real relay (the CLI, in
// a child process) on loopback from 127.0.0.2, each bounded in count and
// time. During each, an honest client on 127.0.0.1 keeps writing: its
// writes are acknowledged with p99 under 1 s, and the relay's resident
// memory stays under RSS_BOUND (the bound the README states).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelayProcess } from '../js/support/relay-process.mjs';
import { rawClient, putFrame } from '../js/support/raw-client.mjs';

const MiB = 2 ** 20;
const RSS_BOUND = 384 * MiB;
const ATTACKERS = 8; // sockets from the attacker's address (under its connection limit)
const BIG = 900_000; // bytes: a value (or a name) just under the 1 MiB frame limit
const ATTACKER = '127.0.0.2';

async function rssOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Runs `flood(attackers, honestWrites)` against the relay while an honest client writes
// one field at a time, each shortly after the last was acknowledged; resolves to
// the honest acknowledgement times and the highest RSS seen.
async function underFlood(relay, flood) {
  const honest = await rawClient(relay.url);
  const attackers = await Promise.all(Array.from({ length: ATTACKERS }, () => rawClient(relay.url, { localAddress: ATTACKER })));
  let highest = await rssOf(relay.pid);
  let flooding = true;
  const sampler = (async () => {
    while (flooding) {
      highest = Math.max(highest, await rssOf(relay.pid));
      await tick(20); // a measurement interval, not a wait for an event
    }
  })();
  const latencies = [];
  const watchers = [];
  // Resolves once the honest client has had `count` more writes acknowledged.
  const honestWrites = (count) => new Promise((resolve) => watchers.push({ at: latencies.length + count, resolve }));
  const writer = (async () => {
    for (let i = 0; flooding || i < 20; i++) {
      const id = `honest-${i}`;
      const start = performance.now();
      honest.send(putFrame(id, 'honest', { n: i }, Date.now()));
      const reply = await honest.next((m) => m['@'] === id);
      assert.equal(reply.ok, true, reply.err);
      latencies.push(performance.now() - start);
      for (const watcher of watchers.filter((w) => w.at <= latencies.length)) watcher.resolve();
      await tick(10); // pacing: about 50 writes a second
    }
  })();
  try {
    await flood(attackers, honestWrites);
  } finally {
    flooding = false;
  }
  await Promise.all([writer, sampler]);
  highest = Math.max(highest, await rssOf(relay.pid));
  for (const client of [honest, ...attackers]) client.socket.terminate();
  latencies.sort((a, b) => a - b);
  return { p99: latencies[Math.ceil(latencies.length * 0.99) - 1], highest, writes: latencies.length };
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
  console.log(`${what}: ${writes} honest writes, p99 ${p99.toFixed(0)} ms, relay RSS at most ${(highest / MiB).toFixed(0)} MiB`);
  assert.ok(writes >= 20, `${what}: the honest client wrote ${writes} times`);
  assert.ok(p99 < 1000, `${what}: honest writes acknowledged with p99 ${p99.toFixed(0)} ms`);
  assert.ok(highest < RSS_BOUND, `${what}: relay RSS reached ${(highest / MiB).toFixed(0)} MiB`);
}

test('readers that never read are not read from, and their answers are not buffered without end', { timeout: 30_000 }, async () => {
  await withRelay(async (relay) => {
    const writer = await rawClient(relay.url);
    writer.send(putFrame('big', 'big', { text: 'x'.repeat(BIG) }));
    await writer.next((m) => m['@'] === 'big');
    writer.close();
    const result = await underFlood(relay, async (attackers, honestWrites) => {
      const gets = Array.from({ length: 100 }, (_, i) => ({ '#': `g${i}`, get: { '#': 'big' } }));
      for (const attacker of attackers) {
        attacker.socket._socket.pause(); // reads nothing from now on
        // Frames of 100 gets of a 900 KB node (each answered up to 4 MiB):
        // 8 × 20 of them would be over 500 MiB of answers.
        for (let frame = 0; frame < 20; frame++) {
          attacker.send(JSON.stringify(gets.map((get) => ({ ...get, '#': `${frame}-${get['#']}` }))));
        }
      }
      // The relay stops reading them once they leave answers unread; the
      // honest client goes on meanwhile.
      await honestWrites(50);
    });
    assertSurvived(result, 'readers that never read');
  });
});

test('gets with huge soul names get an error and cost nothing to keep', { timeout: 30_000 }, async () => {
  await withRelay(async (relay) => {
    const result = await underFlood(relay, async (attackers) => {
      await Promise.all(attackers.map(async (attacker, a) => {
        for (let i = 0; i < 4; i++) {
          const soul = `${a}-${i}-${'s'.repeat(BIG)}`;
          attacker.send({ '#': `huge-${i}`, get: { '#': soul } });
          assert.match((await attacker.next((m) => m['@'] === `huge-${i}`)).err, /at most 2048 are allowed/);
        }
        // And the longest names allowed, 100 to a frame, until the interest table says no.
        for (let i = 0; i < 6; i++) {
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

test('big writes from a clock far ahead are held within a byte bound', { timeout: 30_000 }, async () => {
  await withRelay(async (relay) => {
    const result = await underFlood(relay, async (attackers) => {
      await Promise.all(attackers.map(async (attacker, a) => {
        for (let i = 0; i < 6; i++) {
          attacker.send(putFrame(`future-${i}`, `future/${a}/${i}`, { v: 'f'.repeat(BIG) }, Date.now() + 3_600_000));
          await attacker.next((m) => m['@'] === `future-${i}`);
        }
      }));
    });
    assertSurvived(result, 'future-dated writes');
  });
});

test('many idle connections from one address do not lock others out', { timeout: 30_000 }, async () => {
  await withRelay(async (relay) => {
    const result = await underFlood(relay, async () => {
      // Past its share (32, the attacker's open sockets included) WebSockets are refused with 429…
      const attempts = await Promise.allSettled(Array.from({ length: 200 }, () => rawClient(relay.url, { localAddress: ATTACKER })));
      const held = attempts.filter((a) => a.status === 'fulfilled');
      assert.equal(held.length, 32 - ATTACKERS);
      for (const refused of attempts.filter((a) => a.status === 'rejected')) assert.match(refused.reason.message, /429/);
      // …and so are bare TCP connections past it: the relay closes them.
      const bare = Array.from({ length: 200 }, () => net.connect({ port: relay.port, host: '127.0.0.1', localAddress: ATTACKER }));
      await Promise.all(bare.map((socket) => new Promise((resolve) => socket.once('close', resolve).once('error', () => {}))));
      for (const a of held) a.value.socket.terminate();
    });
    assertSurvived(result, 'idle connections');
  });
});

test('plain clients asking for sync: all are refused and sent nothing', { timeout: 30_000 }, async () => {
  await withRelay(async (relay) => {
    const writer = await rawClient(relay.url);
    for (let i = 0; i < 8; i++) {
      writer.send(putFrame(`w${i}`, `held/${i}`, { text: 'x'.repeat(BIG) }));
      await writer.next((m) => m['@'] === `w${i}`);
    }
    const result = await underFlood(relay, async (attackers) => {
      await Promise.all(attackers.map(async (attacker, a) => {
        attacker.send({ '#': `all-${a}`, sync: 'all' });
        assert.match((await attacker.next((m) => m['@'] === `all-${a}`)).err, /^sync refused/);
        attacker.socket._socket.pause(); // and never read again
      }));
      // Every change the writer makes now would be theirs if they had been let in.
      for (let i = 0; i < 8; i++) {
        writer.send(putFrame(`c${i}`, `held/${i}`, { text: 'y'.repeat(BIG) }, Date.now()));
        await writer.next((m) => m['@'] === `c${i}`);
      }
      for (const attacker of attackers) {
        attacker.socket._socket.resume();
        attacker.send({ '#': 'ping', get: { '#': 'nothing' } });
        await attacker.next((m) => m['@'] === 'ping');
        assert.ok(!attacker.received.some((m) => m.put && m['@'] !== 'ping'), 'a plain client was sent nothing');
      }
    });
    writer.close();
    assertSurvived(result, 'sync: all');
  });
});
