// Crash-safe file storage for Node (`storage: 'fs:<dir>'`): an append-only
// journal, flushed to disk (fdatasync) before a write resolves. Writes that
// arrive while a flush runs are committed together in the next one. The
// journal is compacted into a snapshot (written aside, synced, renamed over)
// when it grows to several times the live data.
//
// A torn last record (a crash while appending) is cut off: it was never
// acknowledged. Damage before that is not a crash: the damaged file is kept
// aside as it was, every whole record after the damage is recovered, the
// loss is reported (onDamage, or stderr), and the journal is rewritten from
// what was recovered. With `strict` the storage refuses to open instead and
// touches nothing. A journal deleted while open is written again from what it
// held before the next write (health() checks the same for /readyz).
import fs from 'node:fs/promises';
import path from 'node:path';
import { journalOf } from './journal.js';
import { validateBatch, applyBatch } from './batch.js';

const JOURNAL = 'journal.log';
const COMPACT_SLACK_BYTES = 1 << 20;

function entriesOf(payloads) {
  const entries = new Map();
  for (const payload of payloads) applyBatch(entries, JSON.parse(payload));
  return entries;
}

function liveBytes(entries) {
  let total = 0;
  for (const [key, value] of entries) total += key.length + value.length + 8;
  return total;
}

function damageReport(file, aside, lost, recovered) {
  const ranges = lost.map(({ offset, length }) => `${length} bytes at ${offset}`).join(', ');
  const bytes = lost.reduce((sum, { length }) => sum + length, 0);
  const kept = aside ? `; the damaged file is kept as ${aside}` : '';
  return `journal ${file} is damaged before its end (${ranges}): whatever was recorded in those ${bytes} bytes is lost, ` +
    `${recovered} whole records were recovered${kept}`;
}

export class JournalDamageError extends Error {
  constructor(message, lost) {
    super(message);
    this.name = 'JournalDamageError';
    this.code = 'EJOURNALDAMAGED';
    this.lost = lost;
  }
}

/**
 * `strict`: refuse to open a journal damaged before its end (throws
 * JournalDamageError, changes nothing). `onDamage(report)`: told what was lost
 * ({message, file, aside, lost: [{offset, length}], recovered}); without it
 * the message goes to stderr. `wasm`: the module whose journal code to use
 * ({core, checked}; the relay passes its own), by default the package's core.
 */
export async function openFileStorage(directory, { strict = false, onDamage, wasm } = {}) {
  if (typeof directory !== 'string' || directory === '') throw new TypeError("fs storage needs a directory: 'fs:<dir>'");
  const { encodeRecord, replay } = journalOf(wasm ?? (await import('../core.js')));
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, JOURNAL);

  // Written aside, synced, renamed over the journal, and the rename made durable.
  async function writeSnapshot(entries) {
    const snapshot = encodeRecord(JSON.stringify([...entries]));
    const temporary = `${file}.tmp`;
    const out = await fs.open(temporary, 'w');
    try {
      await out.write(snapshot);
      await out.datasync();
    } finally {
      await out.close();
    }
    await fs.rename(temporary, file).catch(async (error) => {
      await fs.rm(temporary, { force: true });
      throw error;
    });
    await syncFolder();
    return snapshot.length;
  }

  async function syncFolder() {
    const folder = await fs.open(directory, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  let bytes = new Uint8Array(0);
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  const { payloads, validBytes, damaged, lost } = replay(bytes);
  const entries = entriesOf(payloads);
  let journalBytes = validBytes;
  if (lost.length > 0) {
    if (strict) throw new JournalDamageError(`${damageReport(file, null, lost, payloads.length)}; refusing to start (strict)`, lost);
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const copy = await fs.open(aside, 'wx');
    try {
      await copy.write(bytes);
      await copy.datasync();
    } finally {
      await copy.close();
    }
    await syncFolder();
    journalBytes = await writeSnapshot(entries);
    const message = damageReport(file, aside, lost, payloads.length);
    if (onDamage) onDamage({ message, file, aside, lost, recovered: payloads.length });
    else console.error(`mutual-store: ${message}`);
  } else if (damaged) {
    await fs.truncate(file, validBytes); // a torn last record: never acknowledged
  }
  let handle = await fs.open(file, 'a');
  let opened = await handle.stat(); // which file the handle appends to

  let pending = [];
  let flushing = null;
  let closed = false;

  async function compact() {
    // After the rename the old handle points at the replaced file: switch
    // before anything else is appended. If the rename fails nothing changed.
    journalBytes = await writeSnapshot(entries);
    const previous = handle;
    handle = await fs.open(file, 'a');
    opened = await handle.stat();
    await previous.close();
  }

  // Appending to a journal that was deleted under us would acknowledge
  // writes no restart can read: it is rewritten first from what it held
  // (everything acknowledged so far). One replaced by another file is left
  // alone, and writes are refused until a restart loads it.
  async function journalInPlace() {
    const gone = (error) => error.code === 'ENOENT' || error.code === 'ENOTDIR'; // the file, or its folder
    const onDisk = await fs.stat(file).catch((error) => (gone(error) ? null : Promise.reject(error)));
    if (onDisk && onDisk.dev === opened.dev && onDisk.ino === opened.ino) return;
    if (onDisk) throw new Error(`journal ${file} was replaced by another file; restart the relay to load it`);
    try {
      await fs.mkdir(directory, { recursive: true });
      await compact();
    } catch (error) {
      throw new Error(`journal ${file} was removed and cannot be written again: ${error.message}`, { cause: error });
    }
  }

  // A group with no records (a health check) only checks the journal and syncs it.
  async function flushAll() {
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      try {
        const batch = group.flatMap((write) => write.batch);
        await journalInPlace();
        const record = batch.length ? encodeRecord(JSON.stringify(batch)) : null;
        if (record) await handle.write(record);
        await handle.datasync();
        if (record) {
          applyBatch(entries, batch);
          journalBytes += record.length;
        }
        for (const write of group) write.resolve();
      } catch (error) {
        for (const write of group) write.reject(error);
        continue;
      }
      // A failed compaction loses nothing: the journal stays as it was.
      if (journalBytes > 4 * liveBytes(entries) + COMPACT_SLACK_BYTES) await compact().catch(() => {});
    }
    flushing = null;
  }

  function enqueue(batch) {
    return new Promise((resolve, reject) => {
      pending.push({ batch, resolve, reject });
      flushing ??= flushAll();
    });
  }

  return {
    kind: 'fs',
    async load() {
      return new Map(entries);
    },
    write(batch) {
      if (closed) return Promise.reject(new Error('storage is closed'));
      try {
        validateBatch(batch);
      } catch (error) {
        return Promise.reject(error);
      }
      return enqueue(batch);
    },
    /** Whether writes can be made durable now: the journal is in place (or was put back) and syncs. */
    async health() {
      if (closed) return { ready: false, reason: 'storage is closed' };
      try {
        await enqueue([]);
        return { ready: true };
      } catch (error) {
        return { ready: false, reason: error.message };
      }
    },
    async close() {
      closed = true;
      await flushing;
      await handle.close();
    },
  };
}
