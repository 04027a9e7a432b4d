// A real relay on loopback against a hostile network: wide puts are
// handled in linear time and over-wide ones refused; one address cannot
// take every connection, idle and half-open sockets are closed; only peer
// relays with a trusted key may sync everything; a port in use is a clear
// error (from createRelay and from the command line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelay, createRelayKey } from '../../js/relay/relay.js';
import { rawClient, putFrame } from './support/raw-client.mjs';

const MAX_PUT_FIELDS = 10_000; // FrameLimits::maxPutFields

function wideFields(count) {
  const fields = {};
  for (let i = 0; i < count; i++) fields[`f${i}`] = i;
  return fields;
}

// Milliseconds from sending a put of `fields` fields to its acknowledgement; the best of three.
async function ackMs(client, soul, count) {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const id = `${soul}-${count}-${run}`;
    const frame = putFrame(id, `${soul}/${run}`, wideFields(count));
    const start = performance.now();
    client.send(frame);
    const reply = await client.next((m) => m['@'] === id);
    assert.equal(reply.ok, true, reply.err);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

test('acknowledging a put takes time linear in its fields; the widest allowed is quick, a wider one gets a clear error', async () => {
  const relay = await createRelay({ port: 0 });
  const writer = await rawClient(relay.url);
  await ackMs(writer, 'warm', 500); // first-use allocations are not the put's cost
  const narrow = await ackMs(writer, 'narrow', MAX_PUT_FIELDS / 8);
  const widest = await ackMs(writer, 'widest', MAX_PUT_FIELDS);
  // Linear is 8×; with per-field lookups in the ordered objects it was over 50×.
  assert.ok(widest < 20 * Math.max(narrow, 5), `${MAX_PUT_FIELDS / 8} fields: ${narrow} ms, ${MAX_PUT_FIELDS}: ${widest} ms`);
  assert.ok(widest < 2000, `the widest allowed put took ${widest} ms`);

  writer.send(putFrame('over', 'over', wideFields(MAX_PUT_FIELDS + 1)));
  const refused = await writer.next((m) => m['@'] === 'over' || (m.err && !m['@']));
  assert.match(refused.err, /at most 10000 \(split it/);
  writer.send({ '#': 'g-over', get: { '#': 'over' } });
  assert.deepEqual((await writer.next((m) => m['@'] === 'g-over')).put, {}); // nothing of it was stored
  writer.close();
  await relay.close();
});

test('one address opening many sockets does not lock others out; half-open and idle sockets are closed', async () => {
  const relay = await createRelay({ port: 0, limits: { connectionsPerAddress: 8, handshakeMs: 300, idleMs: 600 } });
  const { port } = new URL(relay.url);
  // The attacker, from another loopback address: WebSockets past its share are refused…
  const attempts = await Promise.allSettled(Array.from({ length: 20 }, () => rawClient(relay.url, { localAddress: '127.0.0.2' })));
  const held = attempts.filter((a) => a.status === 'fulfilled').map((a) => a.value);
  assert.equal(held.length, 8);
  for (const refused of attempts.filter((a) => a.status === 'rejected')) assert.match(refused.reason.message, /429/);
  // …and TCP connections that never become WebSockets count too, and are cut at the deadline.
  const halfOpen = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.3' });
  const cut = new Promise((resolve) => halfOpen.once('close', resolve));

  // Someone else still gets in and is served.
  const honest = await rawClient(relay.url);
  honest.send(putFrame('p1', 'board', { note: 'hi' }));
  assert.equal((await honest.next((m) => m['@'] === 'p1')).ok, true);

  await cut; // the handshake deadline
  // The attacker's sockets send nothing: they are closed as idle (1001). The
  // honest one keeps writing and stays open.
  const keepWriting = setInterval(() => honest.send(putFrame(`k${Date.now()}`, 'board', { note: 'still here' })), 100);
  const codes = await Promise.all(held.map((client) => client.closed));
  clearInterval(keepWriting);
  assert.deepEqual(new Set(codes), new Set([1001]));
  assert.equal(honest.socket.readyState, honest.socket.OPEN);
  // Its connections freed (the relay sees them close just after the client does), the address may connect again.
  let back;
  for (let attempt = 0; !back && attempt < 100; attempt++) {
    back = await rawClient(relay.url, { localAddress: '127.0.0.2' }).catch(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
  assert.ok(back, 'the address connects again');
  back.close();
  honest.close();
  await relay.close();
});

test('a plain client\'s sync: all is refused; peer relays with each other\'s keys sync everything', async () => {
  const leftKey = createRelayKey();
  const rightKey = createRelayKey();
  const left = await createRelay({ port: 0, key: leftKey.secret, peerKeys: [rightKey.publicKey] });
  assert.equal(left.key, leftKey.publicKey);
  const writer = await rawClient(left.url);
  writer.send(putFrame('p1', 'held', { a: 1 }));
  await writer.next((m) => m['@'] === 'p1');

  const plain = await rawClient(left.url);
  plain.send({ '#': 's1', sync: 'all' });
  const refusal = await plain.next((m) => m['@'] === 's1');
  assert.match(refusal.err, /^sync refused: only peer relays/);
  assert.equal(refusal.put, undefined);
  // A made-up proof does not pass either, and the plain client is sent no changes.
  plain.send({ '#': 's2', sync: 'all', proof: { key: rightKey.publicKey, sig: 'A'.repeat(86) } });
  assert.match((await plain.next((m) => m['@'] === 's2')).err, /^sync refused/);
  writer.send(putFrame('p2', 'held', { a: 2 }, Date.now()));
  await writer.next((m) => m['@'] === 'p2');

  // The right relay dials the left one, proves its key, and gets everything.
  const right = await createRelay({ port: 0, key: rightKey.secret, peers: [left.url] });
  const reader = await rawClient(right.url);
  let got;
  for (let i = 0; !got; i++) {
    reader.send({ '#': `g${i}`, get: { '#': 'held' } });
    const answer = await reader.next((m) => m['@'] === `g${i}`);
    if (answer.put.held?.a === 2) got = answer.put.held;
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(got.a, 2);
  assert.ok(!plain.received.some((m) => m.put), 'the plain client was sent nothing');
  for (const c of [writer, plain, reader]) c.close();
  await right.close();
  await left.close();
});

test('createRelay on a port in use rejects with a clear error; the command line prints one line and exits non-zero', async () => {
  const first = await createRelay({ port: 0 });
  const { port } = new URL(first.url);
  await assert.rejects(createRelay({ port: Number(port) }), (error) => {
    assert.ok(error instanceof Error);
    assert.equal(error.code, 'EADDRINUSE');
    assert.match(error.message, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} is in use .*pick another port`));
    return true;
  });

  const cli = new URL('../../bin/mutual-store.js', import.meta.url).pathname;
  const data = await mkdtemp(join(tmpdir(), 'ms-port-'));
  const child = spawn(process.execPath, [cli, 'relay', '--port', port, '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 1);
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^mutual-store relay: cannot listen on .*in use.*pick another port/);
  await rm(data, { recursive: true, force: true });
  await first.close();
});
