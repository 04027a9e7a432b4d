// A relay cluster on Redis when things go wrong, with real parts (a
// redis-server of the test's own with appendonly yes, appendfsync always;
// relays on loopback; raw WebSocket clients): Redis killed mid-stream keeps
// every acknowledged write; while it is away writes are refused, not
// acknowledged, live traffic between a relay's own clients goes on, and the
// relay says so and recovers by itself. Relays racing on one field end with
// the winner one relay would pick; quotas and budgets hold across relays.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createRelay } from '../../js/relay/relay.js';
import { startRedisServer } from './support/redis-server.mjs';
import { rawClient, putFrame } from './support/raw-client.mjs';
import { eventually } from './support/eventually.mjs';
import { seededRandom } from './support/seeded-random.mjs';

let redis;
let admin; // the test's own view of Redis
before(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: null });
  admin.on('error', () => {});
  await admin.connect();
});
after(async () => {
  admin.disconnect();
  await redis.stop();
});
beforeEach(() => admin.flushall());

const ackOf = (client, id) => client.next((m) => m['@'] === id);
const clusterRelay = (limits = {}) => createRelay({ port: 0, redis: redis.url, limits });

async function getNode(url, soul) {
  const client = await rawClient(url);
  try {
    client.send({ '#': 'g', get: { '#': soul } });
    return (await ackOf(client, 'g')).put?.[soul] ?? {};
  } finally {
    client.close();
  }
}

test('Redis killed mid-stream: every acknowledged write is kept; while it is away writes are refused and live traffic goes on; the relay recovers by itself', { timeout: 25_000 }, async () => {
  const relay = await clusterRelay();
  try {
    assert.equal(relay.storageHealth().reachable, true);
    const writer = await rawClient(relay.url);
    const listener = await rawClient(relay.url);
    listener.send({ '#': 'follow', get: { '#': 'log' } });
    await ackOf(listener, 'follow');

    const answers = new Map();
    writer.socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message['@']?.startsWith('w')) answers.set(Number(message['@'].slice(1)), message);
    });
    const writes = 150;
    for (let i = 0; i < writes; ++i) writer.send(putFrame(`w${i}`, 'log', { [`line${i}`]: i }));
    await eventually('some writes acknowledged', () => answers.size >= 20);
    await redis.kill();
    await eventually('every write answered', () => answers.size === writes);
    const acknowledged = [...answers].filter(([, m]) => m.ok === true).map(([i]) => i);
    for (const [, message] of answers) {
      if (message.ok !== true) assert.match(message.err, /^not stored: Redis at .* is unreachable/);
    }
    await eventually('health says Redis is unreachable', () => !relay.storageHealth().reachable);
    assert.equal(relay.storageHealth().acceptingWrites, false);

    // Refused, not acknowledged, yet passed on live to the relay's own clients.
    writer.send(putFrame('down', 'log', { whileDown: 'live only' }));
    assert.match((await ackOf(writer, 'down')).err, /not stored: Redis at .* is unreachable/);
    assert.equal((await listener.next((m) => m.put?.log?.whileDown)).put.log.whileDown, 'live only');

    await redis.start(); // the same port and directory: the AOF is replayed
    await eventually('health says Redis is back', () => relay.storageHealth().reachable);
    writer.send(putFrame('back', 'log', { afterwards: true }));
    assert.equal((await ackOf(writer, 'back')).ok, true);

    const stored = await admin.hgetall('ms:n:log');
    for (const i of acknowledged) assert.deepEqual(JSON.parse(stored[`line${i}`])[0], i, `acknowledged write ${i} survived`);
    assert.equal(stored.whileDown, undefined, 'what was refused was not stored');
    // A relay started now reads the same from Redis.
    const fresh = await clusterRelay();
    const log = await getNode(fresh.url, 'log');
    for (const i of acknowledged) assert.equal(log[`line${i}`], i);
    assert.equal(log.afterwards, true);
    assert.equal(log.whileDown, undefined);
    await fresh.close();
    writer.close();
    listener.close();
  } finally {
    await relay.close();
  }
});

test('a relay cannot start without Redis, and says why', async () => {
  await assert.rejects(createRelay({ port: 0, redis: 'redis://127.0.0.1:1' }), /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  await assert.rejects(createRelay({ port: 0, redis: 'http://x' }), /redis must be a Redis URL/);
  await assert.rejects(createRelay({ port: 0, redis: redis.url, storage: 'memory' }), /storage or redis, not both/);
});

// A random graph value, or a write's state near `base`: equal states are common, so the tie-break decides often.
function randomValue(random) {
  const pick = Math.floor(random() * 7);
  const word = ['', 'a', 'ab', 'b', 'é', '\u{1F600}', '5'][Math.floor(random() * 7)];
  return [null, true, false, Math.floor(random() * 5) - 2, word, { '#': `s${word}` }, random() * 4 - 2][pick];
}

test('two relays racing on the same fields end with the winner a single relay picks (seeded, many rounds)', { timeout: 25_000 }, async () => {
  const random = seededRandom(13);
  const [one, two] = await Promise.all([clusterRelay(), clusterRelay()]);
  const single = await createRelay({ port: 0 }); // the reference: one relay, no Redis
  const [a, b, ref] = await Promise.all([rawClient(one.url), rawClient(two.url), rawClient(single.url)]);
  try {
    const base = Date.now() - 60_000;
    for (let round = 0; round < 40; ++round) {
      const soul = `race${round}`;
      const frames = [{}, {}].map(() => ({ _: { '#': soul, '>': {} } }));
      for (let f = 0; f < 25; ++f) {
        for (const node of frames) {
          node[`f${f}`] = randomValue(random);
          node._['>'][`f${f}`] = base + Math.floor(random() * 2);
        }
      }
      const [x, y] = frames.map((node, i) => ({ '#': `r${round}-${i}`, put: { [soul]: node } }));
      a.send(x);
      b.send(y); // at the same time, on the other relay
      // The single relay takes both, in a seeded order.
      const order = random() < 0.5 ? [x, y] : [y, x];
      for (const frame of order) ref.send(frame);
      await Promise.all([ackOf(a, x['#']), ackOf(b, y['#']), ackOf(ref, x['#']), ackOf(ref, y['#'])]);
      const expected = await getNode(single.url, soul);
      const stored = await admin.hgetall(`ms:n:${soul}`);
      for (const [field, value] of Object.entries(expected)) {
        if (field === '_') continue;
        assert.deepEqual(JSON.parse(stored[field]).slice(0, 2), [value, expected._['>'][field]], `round ${round}, ${field}: Redis holds the single relay's winner`);
      }
      // Both relays' copies converge to it (each saw the other's writes through the stream).
      for (const relay of [one, two]) {
        for (;;) {
          const node = await getNode(relay.url, soul);
          if (JSON.stringify(node) === JSON.stringify(expected)) break;
        }
      }
    }
  } finally {
    for (const client of [a, b, ref]) client.close();
    await Promise.all([one.close(), two.close(), single.close()]);
  }
});

test('the public storage cap holds across relays: two relays taking writes at once cannot both pass it', { timeout: 15_000 }, async () => {
  const limits = { publicBytes: 3000 };
  const [one, two] = await Promise.all([clusterRelay(limits), clusterRelay(limits)]);
  const [a, b] = await Promise.all([rawClient(one.url), rawClient(two.url)]);
  try {
    // Each relay alone would take its write: together they pass the cap.
    a.send(putFrame('a', 'wall', { left: 'x'.repeat(2000) }));
    b.send(putFrame('b', 'wall', { right: 'y'.repeat(2000) }));
    const answers = await Promise.all([ackOf(a, 'a'), ackOf(b, 'b')]);
    assert.equal(answers.filter((m) => m.ok === true).length, 1, 'exactly one is taken');
    assert.match(answers.find((m) => m.ok !== true).err, /public souls .* over its cap of 3000 bytes/);
    const used = Number(await admin.hget('ms:q', ''));
    assert.ok(used <= 3000, `the cluster holds ${used} public bytes`);
  } finally {
    a.close();
    b.close();
    await Promise.all([one.close(), two.close()]);
  }
});

test('the public write budget of an address holds across relays: spreading writes over relays does not multiply it', { timeout: 15_000 }, async () => {
  const limits = { publicBytesPerMinute: 3000 };
  const [one, two] = await Promise.all([clusterRelay(limits), clusterRelay(limits)]);
  const [a, b] = await Promise.all([rawClient(one.url), rawClient(two.url)]);
  try {
    a.send(putFrame('a', 'board', { first: 'x'.repeat(2000) }));
    assert.equal((await ackOf(a, 'a')).ok, true);
    // The other relay's own budget for this address is untouched; the cluster's is not.
    b.send(putFrame('b', 'board2', { second: 'y'.repeat(2000) }));
    assert.match((await ackOf(b, 'b')).err, /public writes from address 127\.0\.0\.1 would pass 3000 bytes this minute/);
    assert.equal(await admin.hget('ms:n:board2', 'second'), null);
  } finally {
    a.close();
    b.close();
    await Promise.all([one.close(), two.close()]);
  }
});
