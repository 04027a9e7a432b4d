// A relay's /metrics, against a real relay on loopback: clients put and get,
// the scrape is parsed by a Prometheus text-format parser, and every counter
// has moved by exactly what the clients did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay } from '../../js/relay/relay.js';
import { rawClient, putFrame } from './support/raw-client.mjs';
import { eventually } from './support/eventually.mjs';
import { scrapeMetrics, sample, httpGet } from './support/scrape.mjs';
import { openStorage } from '../../js/storage/index.js';

const M = 'mutual_store_relay_';

// Scrapes until `accept(metrics)`: for what the relay learns of on its own time (a socket closing).
async function scrapeUntil(url, what, accept) {
  const giveUpAt = Date.now() + 10_000;
  for (;;) {
    const metrics = await scrapeMetrics(url);
    if (accept(metrics)) return metrics;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// A raw client that also counts the bytes of every frame it gets.
async function countingClient(url, options) {
  const client = await rawClient(url, options);
  client.bytesIn = 0;
  client.socket.on('message', (data) => (client.bytesIn += data.length));
  return client;
}

test('/metrics counts connections, frames and bytes by kind, puts accepted and refused by reason, and ack latency', { timeout: 20_000 }, async () => {
  const relay = await createRelay({ port: 0 });
  try {
    const reader = await countingClient(relay.url);
    const writer = await countingClient(relay.url);
    let bytesSent = 0;
    const send = (client, frame) => {
      bytesSent += Buffer.byteLength(frame);
      client.send(frame);
    };

    send(reader, JSON.stringify({ '#': 'g', get: { '#': 'chat' } }));
    await reader.next((m) => m['@'] === 'g');
    const N = 3;
    for (let i = 0; i < N; i++) {
      send(writer, putFrame(`p${i}`, 'chat', { [`line${i}`]: `hello ${i}` }));
      assert.equal((await writer.next((m) => m['@'] === `p${i}`)).ok, true);
    }
    await eventually('the reader has every forwarded put', () => N === reader.received.filter((m) => m.put && !m['@']).length);
    send(writer, putFrame('p0', 'chat', { line0: 'hello 0' })); // the same id again: a duplicate, ignored
    send(writer, '{not json');
    send(writer, putFrame('mine', '~somebody', { x: 1 })); // a user's soul, unsigned: refused
    assert.match((await writer.next((m) => m['@'] === 'mine')).err, /./);
    const binary = Buffer.from(putFrame('bin', 'chat', { x: 1 }));
    bytesSent += binary.length;
    writer.socket.send(binary, { binary: true });
    await writer.next((m) => m['@'] === 'bin');
    await writer.next((m) => m.err && !m['@']); // the unreadable frame's error (no id to name)

    const metrics = await scrapeMetrics(relay.url);
    assert.equal(sample(metrics, `${M}connections`), 2);
    assert.equal(sample(metrics, `${M}connections_opened_total`), 2);
    assert.equal(sample(metrics, `${M}puts_accepted_total`), N);
    assert.equal(sample(metrics, `${M}puts_refused_total`, { reason: 'invalid' }), 1);
    assert.equal(sample(metrics, `${M}errors_total`, { reason: 'invalid' }), 2, 'the unreadable frame and the unsigned put');
    assert.equal(sample(metrics, `${M}errors_total`, { reason: 'binary_frame' }), 1);
    assert.equal(sample(metrics, `${M}messages_in_total`, { kind: 'get' }), 1);
    assert.equal(sample(metrics, `${M}messages_in_total`, { kind: 'put' }), N + 2, 'N taken, one duplicate, one refused');
    assert.equal(sample(metrics, `${M}messages_in_total`, { kind: 'frame' }), 1);
    assert.equal(sample(metrics, `${M}duplicates_total`), 1);
    assert.equal(sample(metrics, `${M}frames_in_total`), 1 + N + 4);
    assert.equal(sample(metrics, `${M}bytes_in_total`), bytesSent);
    assert.equal(sample(metrics, `${M}frames_out_total`, { kind: 'ack' }), N);
    assert.equal(sample(metrics, `${M}frames_out_total`, { kind: 'put' }), 1 + N, 'the answer to the get, and N forwards');
    assert.equal(sample(metrics, `${M}frames_out_total`, { kind: 'error' }), 3);
    assert.equal(sample(metrics, `${M}bytes_out_total`), reader.bytesIn + writer.bytesIn);
    // The core's tables: the ids of the messages taken (the get and the N puts); one soul followed by one connection.
    assert.equal(sample(metrics, `${M}dedup_ids`), 1 + N);
    assert.equal(sample(metrics, `${M}interest_souls`), 1);
    assert.equal(sample(metrics, `${M}interest_connections`), 1);
    assert.ok(sample(metrics, `${M}interest_bytes`) > 0);

    const latency = metrics[`${M}ack_latency_seconds`];
    assert.equal(latency.type, 'HISTOGRAM');
    const [histogram] = latency.metrics;
    assert.equal(Number(histogram.count), N);
    assert.equal(Number(histogram.buckets['+Inf']), N);
    assert.ok(Number(histogram.sum) > 0);
    assert.equal(metrics[`${M}redis_up`], undefined, 'no Redis gauges for a relay on its own');

    reader.close();
    const after = await scrapeUntil(relay.url, 'the reader gone from the gauges', (m) => sample(m, `${M}connections`) === 1);
    assert.equal(sample(after, `${M}interest_souls`), 0);
    assert.equal(sample(after, `${M}interest_connections`), 0);
    writer.close();
  } finally {
    await relay.close();
  }
});

test('refused connections are counted by reason: too many from one address, relay full', { timeout: 20_000 }, async () => {
  const relay = await createRelay({ port: 0, limits: { connections: 1, connectionsPerAddress: 1 } });
  try {
    const first = await rawClient(relay.url, { localAddress: '127.0.0.1' });
    await assert.rejects(rawClient(relay.url, { localAddress: '127.0.0.1' }), /429/);
    const full = await rawClient(relay.url, { localAddress: '127.0.0.2' });
    assert.equal(await full.closed, 1013);
    const metrics = await scrapeMetrics(relay.url, { localAddress: '127.0.0.3' });
    assert.equal(sample(metrics, `${M}connections_refused_total`, { reason: 'too_many_from_address' }), 1);
    assert.equal(sample(metrics, `${M}connections_refused_total`, { reason: 'relay_full' }), 1);
    assert.equal(sample(metrics, `${M}connections`), 1);
    first.close();
  } finally {
    await relay.close();
  }
});

test('two relays in one process keep their metrics apart; /healthz answers; other paths are untouched', { timeout: 20_000 }, async () => {
  const a = await createRelay({ port: 0 });
  const b = await createRelay({ port: 0 });
  try {
    const client = await rawClient(a.url);
    client.send(putFrame('p', 'room', { x: 1 }));
    await client.next((m) => m['@'] === 'p');
    assert.equal(sample(await scrapeMetrics(a.url), `${M}puts_accepted_total`), 1);
    assert.equal(sample(await scrapeMetrics(b.url), `${M}puts_accepted_total`), 0);
    const health = await httpGet(a.url, '/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { alive: true });
    assert.equal((await httpGet(a.url, '/readyz')).status, 200);
    assert.equal((await httpGet(a.url, '/elsewhere')).status, 404);
    client.close();
  } finally {
    await a.close();
    await b.close();
  }
});

test("a clustered storage's health shows in /readyz and in the Redis gauges", { timeout: 20_000 }, async () => {
  // The interface a clustered storage (Redis) offers: clusterHealth() beside load/write/close.
  const memory = await openStorage('memory');
  let cluster = { reachable: true, roundTripMs: 1.5, streamLagMs: 7000 };
  const storage = {
    load: () => memory.load(),
    write: (batch) => memory.write(batch),
    close: () => memory.close(),
    clusterHealth: async () => cluster,
  };
  const relay = await createRelay({ port: 0, storage });
  try {
    let metrics = await scrapeMetrics(relay.url);
    assert.equal(sample(metrics, `${M}redis_up`), 1);
    assert.equal(sample(metrics, `${M}redis_round_trip_seconds`), 0.0015);
    assert.equal(sample(metrics, `${M}redis_stream_lag_seconds`), 7);
    assert.equal((await httpGet(relay.url, '/readyz')).status, 200);

    cluster = { reachable: false, reason: 'connect ECONNREFUSED 127.0.0.1:6390' };
    const unready = await httpGet(relay.url, '/readyz');
    assert.equal(unready.status, 503);
    assert.deepEqual(JSON.parse(unready.body), { ready: false, reason: 'redis unreachable: connect ECONNREFUSED 127.0.0.1:6390' });
    metrics = await scrapeMetrics(relay.url);
    assert.equal(sample(metrics, `${M}redis_up`), 0);
    assert.equal(metrics[`${M}redis_round_trip_seconds`]?.metrics.length ?? 0, 0, 'no stale round trip while unreachable');

    cluster = { reachable: true, roundTripMs: 2, streamLagMs: 0 };
    assert.equal((await httpGet(relay.url, '/readyz')).status, 200);
  } finally {
    await relay.close();
  }
});
