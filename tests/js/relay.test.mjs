// The relay over real WebSockets on loopback: puts reach only interested
// clients and are acknowledged once stored; hostile frames get errors and
// the relay stays up; data survives a restart on fs storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createRelay } from '../../js/relay/relay.js';

// A raw client that collects what it receives and can wait for a message.
async function client(url) {
  const socket = new WebSocket(url);
  const received = [];
  const waiters = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    received.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.accept(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  return {
    received,
    send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next(accept) {
      const found = received.find(accept);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ accept, resolve }));
    },
    close: () => socket.close(),
  };
}

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
