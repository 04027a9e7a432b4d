// File storage: durable, byte-exact, crash-safe (a real process killed with
// SIGKILL), compacting, and refusing bad batches without changing anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, appendFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../js/node-platform.js'; // Node's parts, as the package's Node entry brings them ('fs:<dir>')
import { openStorage } from '../../js/storage/index.js';

async function scratch() {
  return mkdtemp(join(tmpdir(), 'ms-fs-storage-'));
}

const awkward = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '"\\\u2028\ud83d\ude00 end';

test('values survive a reopen byte for byte: control characters, emoji, several MB', async () => {
  const dir = await scratch();
  try {
    const big = 'é'.repeat(3 * 1024 * 1024);
    let storage = await openStorage(`fs:${dir}`);
    await storage.write([['awkward', awkward], ['big', big], ['gone', 'soon']]);
    await storage.write([['gone', null]]);
    await storage.close();
    storage = await openStorage(`fs:${dir}`);
    const entries = await storage.load();
    assert.equal(entries.get('awkward'), awkward);
    assert.equal(entries.get('big'), big);
    assert.equal(entries.has('gone'), false);
    await storage.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a torn last record is dropped and the journal repaired', async () => {
  const dir = await scratch();
  try {
    let storage = await openStorage(`fs:${dir}`);
    await storage.write([['kept', '1']]);
    await storage.close();
    const journal = join(dir, 'journal.log');
    const goodSize = (await stat(journal)).size;
    await appendFile(journal, Buffer.from([40, 0, 0, 0, 1, 2, 3])); // a header cut short
    storage = await openStorage(`fs:${dir}`);
    assert.deepEqual([...(await storage.load())], [['kept', '1']]);
    assert.equal((await stat(journal)).size, goodSize);
    await storage.write([['after', '2']]);
    await storage.close();
    storage = await openStorage(`fs:${dir}`);
    assert.deepEqual([...(await storage.load())].sort(), [['after', '2'], ['kept', '1']]);
    await storage.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// Runs the writer until it has acknowledged `acks` steps, then kills it.
function writeThenKill(dir, start, acks) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL('./support/storage-writer.mjs', import.meta.url).pathname, dir, String(start)]);
    const acknowledged = [];
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) acknowledged.push(Number(line.slice(4)));
      if (acknowledged.length >= acks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', () => resolve(acknowledged));
  });
}

test('killing the writer at any moment loses nothing it acknowledged', async () => {
  const dir = await scratch();
  try {
    let next = 0;
    for (const acks of [1, 7, 23, 40, 3]) {
      const acknowledged = await writeThenKill(dir, next, acks);
      assert.ok(acknowledged.length >= acks);
      next = acknowledged.at(-1) + 1 + 1000; // fresh keys for the next run
      const storage = await openStorage(`fs:${dir}`);
      const entries = await storage.load();
      for (const i of acknowledged) {
        for (const j of [0, 1, 2]) {
          assert.equal(entries.get(`k${i}.${j}`), `value ${i}.${j} \u0000\u001f ${'x'.repeat(i % 200)}`, `acknowledged k${i}.${j}`);
        }
      }
      await storage.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('many overwrites compact the journal and keep the latest values', async () => {
  const dir = await scratch();
  try {
    let storage = await openStorage(`fs:${dir}`);
    const value = 'v'.repeat(64 * 1024);
    for (let round = 0; round < 80; round++) await storage.write([['a', `${round}:${value}`], ['b', `${round}`]]);
    await storage.close();
    assert.ok((await stat(join(dir, 'journal.log'))).size < 2 * 1024 * 1024, 'the journal was compacted');
    storage = await openStorage(`fs:${dir}`);
    const entries = await storage.load();
    assert.equal(entries.get('a'), `79:${value}`);
    assert.equal(entries.get('b'), '79');
    await storage.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad batches are refused and change nothing', async () => {
  for (const spec of ['memory', `fs:${await scratch()}`]) {
    const storage = await openStorage(spec);
    await storage.write([['a', '1']]);
    for (const bad of [null, [['', 'x']], [['k', 5]], [['k']], [['a', '2'], ['b', {}]]]) {
      await assert.rejects(storage.write(bad), TypeError);
    }
    assert.deepEqual([...(await storage.load())], [['a', '1']]);
    await storage.close();
    if (spec.startsWith('fs:')) await rm(spec.slice(3), { recursive: true, force: true });
  }
  await assert.rejects(openStorage('floppy'), TypeError);
  await assert.rejects(openStorage('indexeddb'), /IndexedDB is not available/);
});
