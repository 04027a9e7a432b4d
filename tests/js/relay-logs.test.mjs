// The relay's logs, from the real CLI: JSON lines on stderr with a level and
// a message at --log-level info (startup, refusals, shutdown), nothing at
// the default level for a normal session, and never the relay's key seed.
// The operators' endpoints share the port with the web demo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createRelay } from '../../js/relay/relay.js';
import { rawClient, putFrame } from './support/raw-client.mjs';
import { relayUrlOf } from './support/relay-process.mjs';
import { scrapeMetrics, sample, httpGet } from './support/scrape.mjs';

const cli = new URL('../../bin/mutual-store.js', import.meta.url).pathname;

// The CLI relay with `args`; resolves once it prints its URL. stop() sends
// SIGTERM and resolves to everything it wrote to stderr.
async function startCli(args) {
  const child = spawn(process.execPath, [cli, 'relay', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await relayUrlOf(child, () => stderr);
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      return stderr;
    },
  };
}

// A normal session: a reader follows a soul, a writer puts to it.
async function session(url) {
  const reader = await rawClient(url);
  const writer = await rawClient(url);
  reader.send({ '#': 'g', get: { '#': 'chat' } });
  await reader.next((m) => m['@'] === 'g');
  writer.send(putFrame('p', 'chat', { text: 'hello' }));
  assert.equal((await writer.next((m) => m['@'] === 'p')).ok, true);
  await reader.next((m) => m.put?.chat?.text === 'hello');
  reader.close();
  writer.close();
}

test('--log-level info: JSON lines with level and msg for startup, refusals and shutdown; no key seed', { timeout: 20_000 }, async () => {
  const data = await mkdtemp(join(tmpdir(), 'ms-logs-'));
  try {
    const relay = await startCli(['--data', data, '--log-level', 'info', '--connections-per-address', '2']);
    await session(relay.url);
    // Two connections from 127.0.0.4, the third refused.
    const held = [await rawClient(relay.url, { localAddress: '127.0.0.4' }), await rawClient(relay.url, { localAddress: '127.0.0.4' })];
    await assert.rejects(rawClient(relay.url, { localAddress: '127.0.0.4' }), /429/);
    // The operators' endpoints and the demo page, on one port.
    const metrics = await scrapeMetrics(relay.url, { localAddress: '127.0.0.5' });
    assert.equal(sample(metrics, 'mutual_store_relay_puts_accepted_total'), 1);
    assert.equal(sample(metrics, 'mutual_store_relay_connections_refused_total', { reason: 'too_many_from_address' }), 1);
    assert.equal((await httpGet(relay.url, '/readyz', { localAddress: '127.0.0.5' })).status, 200);
    assert.equal((await httpGet(relay.url, '/', { localAddress: '127.0.0.5' })).status, 200);
    for (const client of held) client.close();
    const stderr = await relay.stop();

    const lines = stderr.trim().split('\n').map((line) => JSON.parse(line));
    for (const line of lines) {
      assert.equal(typeof line.level, 'string');
      assert.equal(typeof line.msg, 'string');
      assert.equal(typeof line.time, 'number');
    }
    const messages = lines.map((line) => `${line.level} ${line.msg}`);
    assert.ok(messages.includes('info relay listening'), messages.join('\n'));
    assert.ok(messages.includes('info connection refused: too many from this address'), messages.join('\n'));
    assert.ok(messages.includes('info relay closed'), messages.join('\n'));
    assert.equal(lines.find((line) => line.msg === 'relay listening').url, relay.url);
    const seed = (await readFile(join(data, 'relay.key'), 'utf8')).trim();
    assert.ok(!stderr.includes(seed), 'the key seed is never logged');
  } finally {
    await rm(data, { recursive: true, force: true });
  }
});

test('by default a normal session logs nothing', { timeout: 20_000 }, async () => {
  const data = await mkdtemp(join(tmpdir(), 'ms-logs-'));
  try {
    const relay = await startCli(['--data', data]);
    await session(relay.url);
    assert.equal(await relay.stop(), '');
  } finally {
    await rm(data, { recursive: true, force: true });
  }
});

test('--log-level is checked', { timeout: 20_000 }, async () => {
  const child = spawn(process.execPath, [cli, 'relay', '--port', '0', '--log-level', 'loud'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  assert.equal(await new Promise((resolve) => child.once('exit', resolve)), 2);
  assert.match(stderr, /--log-level must be one of silent, fatal, error, warn, info, debug, trace/);
});

test('createRelay takes a logger of its own (pino) or a logLevel, and refuses bad ones before listening', { timeout: 20_000 }, async () => {
  const lines = [];
  const destination = new Writable({
    write(chunk, encoding, done) {
      lines.push(JSON.parse(chunk));
      done();
    },
  });
  const relay = await createRelay({ port: 0, logger: pino({ level: 'info' }, destination) });
  await relay.close();
  assert.deepEqual(lines.map((line) => line.msg), ['relay listening', 'relay closed']);
  assert.equal(lines[0].level, 30); // pino's own number for info: the caller's logger is used as it is

  await assert.rejects(createRelay({ port: 0, logLevel: 'loud' }), { name: 'RangeError', message: /logLevel must be one of/ });
  await assert.rejects(createRelay({ port: 0, logger: { info() {} } }), { name: 'TypeError', message: /logger must have the methods/ });
});
