// Crash-safe file storage for Node (`storage: 'fs:<dir>'`): an append-only
// journal, flushed to disk (fdatasync) before a write resolves. Writes that
// arrive while a flush runs are committed together in the next one. The
// journal is compacted into a snapshot (written aside, synced, renamed over)
// when it grows to several times the live data.
import { encodeRecord, replay } from './journal.js';
import { validateBatch, applyBatch } from './batch.js';

const JOURNAL = 'journal.log';
const COMPACT_SLACK_BYTES = 1 << 20;

async function nodeModules() {
  // Variables as specifiers keep browser bundlers away from Node built-ins.
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  const [fs, path] = await Promise.all([import(/* @vite-ignore */ fsName), import(/* @vite-ignore */ pathName)]);
  return { fs, path };
}

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

export async function openFileStorage(directory) {
  if (typeof directory !== 'string' || directory === '') throw new TypeError("fs storage needs a directory: 'fs:<dir>'");
  const { fs, path } = await nodeModules();
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, JOURNAL);

  let bytes = new Uint8Array(0);
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  const { payloads, validBytes, damaged } = replay(bytes);
  if (damaged) await fs.truncate(file, validBytes); // a torn last record: never acknowledged
  const entries = entriesOf(payloads);
  let journalBytes = validBytes;
  let handle = await fs.open(file, 'a');

  let pending = [];
  let flushing = null;
  let closed = false;

  async function compact() {
    const snapshot = encodeRecord(JSON.stringify([...entries]));
    const temporary = `${file}.tmp`;
    const out = await fs.open(temporary, 'w');
    try {
      await out.write(snapshot);
      await out.datasync();
    } finally {
      await out.close();
    }
    // After the rename the old handle points at the replaced file: switch
    // before anything else is appended. If the rename fails nothing changed.
    await fs.rename(temporary, file).catch(async (error) => {
      await fs.rm(temporary, { force: true });
      throw error;
    });
    const previous = handle;
    handle = await fs.open(file, 'a');
    await previous.close();
    journalBytes = snapshot.length;
    const folder = await fs.open(directory, 'r'); // make the rename itself durable
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async function flushAll() {
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      try {
        const batch = group.flatMap((write) => write.batch);
        const record = encodeRecord(JSON.stringify(batch));
        await handle.write(record);
        await handle.datasync();
        applyBatch(entries, batch);
        journalBytes += record.length;
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
      return new Promise((resolve, reject) => {
        pending.push({ batch, resolve, reject });
        flushing ??= flushAll();
      });
    },
    async close() {
      closed = true;
      await flushing;
      await handle.close();
    },
  };
}
