// Damage in the middle of a file journal (a flipped byte, not a crash): the
// file is kept aside, every whole record after the damage is recovered, the
// loss is reported, and `strict` refuses to open instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../js/node-platform.js'; // Node's parts, as the package's Node entry brings them ('fs:<dir>')
import { openStorage } from '../../js/storage/index.js';

const FIELDS = 100;

// A journal of one record per field, as separate acknowledged writes.
async function journalOfFields() {
  const dir = await mkdtemp(join(tmpdir(), 'ms-journal-damage-'));
  const storage = await openStorage(`fs:${dir}`);
  for (let i = 0; i < FIELDS; i++) await storage.write([[`field${i}`, `value ${i} `.repeat(4)]]);
  await storage.close();
  return dir;
}

async function flip(file, at) {
  const bytes = await readFile(file);
  bytes[at] ^= 0x20;
  await writeFile(file, bytes);
  return bytes;
}

async function reopen(dir, options) {
  const reports = [];
  const storage = await openStorage(`fs:${dir}`, 'test', { onDamage: (report) => reports.push(report), ...options });
  const entries = await storage.load();
  return { storage, entries, reports };
}

test('a flipped byte at 30 % loses only the record it hit, keeps the damaged file and says so', async () => {
  const dir = await journalOfFields();
  try {
    const journal = join(dir, 'journal.log');
    const original = await readFile(journal);
    const damaged = await flip(journal, Math.floor(original.length * 0.3));
    const { storage, entries, reports } = await reopen(dir);
    assert.equal(entries.size, FIELDS - 1);
    assert.equal(reports.length, 1);
    assert.match(reports[0].message, /damaged .* lost/);
    assert.equal(reports[0].recovered, FIELDS - 1);
    assert.deepEqual(await readFile(reports[0].aside), damaged, 'the damaged file is kept as it was');
    // The journal goes on: a new write and a reopen keep everything recovered.
    await storage.write([['after', 'damage']]);
    await storage.close();
    const again = await reopen(dir);
    assert.equal(again.entries.size, FIELDS);
    assert.equal(again.entries.get('after'), 'damage');
    assert.equal(again.reports.length, 0);
    await again.storage.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a flipped length byte in the first record loses that record only', async () => {
  const dir = await journalOfFields();
  try {
    await flip(join(dir, 'journal.log'), 0);
    const { storage, entries, reports } = await reopen(dir);
    assert.equal(entries.size, FIELDS - 1);
    assert.equal(entries.has('field0'), false);
    assert.equal(entries.get(`field${FIELDS - 1}`), `value ${FIELDS - 1} `.repeat(4));
    assert.equal(reports.length, 1);
    assert.deepEqual(reports[0].lost.map(({ offset }) => offset), [0]);
    await storage.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('strict storage refuses a damaged journal and changes nothing', async () => {
  const dir = await journalOfFields();
  try {
    const journal = join(dir, 'journal.log');
    const damaged = await flip(journal, 500);
    await assert.rejects(openStorage(`fs:${dir}`, 'test', { strict: true }), (error) => {
      assert.equal(error.code, 'EJOURNALDAMAGED');
      assert.match(error.message, /refusing to start/);
      return true;
    });
    assert.deepEqual(await readFile(journal), damaged);
    assert.deepEqual(await readdir(dir), ['journal.log']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('without onDamage the loss is written to stderr', async () => {
  const dir = await journalOfFields();
  const original = console.error;
  const printed = [];
  console.error = (...args) => printed.push(args.join(' '));
  try {
    await flip(join(dir, 'journal.log'), 700);
    const storage = await openStorage(`fs:${dir}`);
    assert.equal((await storage.load()).size, FIELDS - 1);
    await storage.close();
    assert.equal(printed.length, 1);
    assert.match(printed[0], /journal .* is damaged/);
  } finally {
    console.error = original;
    await rm(dir, { recursive: true, force: true });
  }
});
