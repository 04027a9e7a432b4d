// Relays sharing one graph in Redis (createRelay({redis}), --redis), with
// real parts: a redis-server of the test's own (AOF, appendfsync always),
// relay processes of the real CLI on loopback, raw WebSocket clients.
// Clients on different relays see each other's writes; a client whose relay
// is killed moves to another and finds every acknowledged write there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from './support/redis-server.mjs';
import { startRelayProcess } from './support/relay-process.mjs';
import { rawClient, putFrame } from './support/raw-client.mjs';

let redis;
let dir;
before(async () => {
  redis = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'ms-cluster-'));
});
after(async () => {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

const startRelays = (count) => Promise.all(Array.from({ length: count }, (_, i) => startRelayProcess({ data: join(dir, `relay-${i}`), redis: redis.url })));
const ackOf = (client, id) => client.next((m) => m['@'] === id);

async function getNode(url, soul) {
  const client = await rawClient(url);
  try {
    const id = `get-${soul}`;
    client.send({ '#': id, get: { '#': soul } });
    return (await ackOf(client, id)).put?.[soul] ?? {};
  } finally {
    client.close();
  }
}

test('three relays on one Redis: clients on different relays see each other\'s writes, and a get on any relay finds them', { timeout: 20_000 }, async () => {
  const relays = await startRelays(3);
  try {
    const clients = await Promise.all(relays.map((relay) => rawClient(relay.url)));
    // Each follows the room, on its own relay.
    for (const [i, client] of clients.entries()) client.send({ '#': `follow-${i}`, get: { '#': 'room' } });
    await Promise.all(clients.map((client, i) => ackOf(client, `follow-${i}`)));

    for (const [i, client] of clients.entries()) {
      client.send(putFrame(`put-${i}`, 'room', { [`from${i}`]: `hello from relay ${i}` }));
      assert.equal((await ackOf(client, `put-${i}`)).ok, true);
    }
    // Every client hears the other two, whichever relay they wrote to.
    for (const [i, client] of clients.entries()) {
      for (const j of [0, 1, 2].filter((j) => j !== i)) {
        const heard = await client.next((m) => m.put?.room?.[`from${j}`] !== undefined);
        assert.equal(heard.put.room[`from${j}`], `hello from relay ${j}`);
      }
      // Nobody is sent their own write back.
      assert.ok(!client.received.some((m) => m.put?.room?.[`from${i}`] !== undefined && m['@'] !== `follow-${i}`));
    }
    for (const relay of relays) {
      const room = await getNode(relay.url, 'room');
      assert.deepEqual([room.from0, room.from1, room.from2], ['hello from relay 0', 'hello from relay 1', 'hello from relay 2']);
    }
    for (const client of clients) client.close();
  } finally {
    await Promise.all(relays.map((relay) => relay.kill()));
  }
});

test('a client whose relay is killed mid-stream moves to another relay and every acknowledged write is there', { timeout: 20_000 }, async () => {
  const [doomed, survivor] = await startRelays(2);
  try {
    const writer = await rawClient(doomed.url);
    const acknowledged = [];
    writer.socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.ok === true && message['@']?.startsWith('w')) acknowledged.push(Number(message['@'].slice(1)));
    });
    // A stream of writes, and the relay killed while they are in flight.
    const writes = 150; // within one connection's frame rate
    for (let i = 0; i < writes; ++i) writer.send(putFrame(`w${i}`, 'journey', { [`step${i}`]: i }));
    await new Promise((resolve) => {
      const check = () => (acknowledged.length >= 30 ? resolve() : setImmediate(check));
      check();
    });
    await doomed.kill();
    const seen = acknowledged.slice();
    assert.ok(seen.length >= 30);

    // The same client, on the other relay: nothing acknowledged is missing.
    const moved = await rawClient(survivor.url);
    moved.send({ '#': 'where', get: { '#': 'journey' } });
    const journey = (await ackOf(moved, 'where')).put.journey;
    for (const i of seen) assert.equal(journey[`step${i}`], i, `acknowledged write ${i} is stored`);
    // And it goes on writing there.
    moved.send(putFrame('next', 'journey', { onward: true }));
    assert.equal((await ackOf(moved, 'next')).ok, true);
    assert.equal((await getNode(survivor.url, 'journey')).onward, true);
    moved.close();
  } finally {
    await Promise.all([doomed.kill(), survivor.kill()]);
  }
});
