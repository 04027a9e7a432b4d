// The core's journal format (core/storage/journal.h) from JS.
import { core, checked } from '../core.js';
import { writeBytes, writeText, readOutputBytes, readText, outputU32 } from '../wasm-buffers.js';

/** One record holding `payload` (a string), as bytes ready to append. */
export function encodeRecord(payload) {
  const size = checked(core.encodeJournalRecord(writeText(payload)));
  return readOutputBytes(size);
}

/** The payloads of the whole records in `bytes`, and where the undamaged part ends. */
export function replay(bytes) {
  const pointer = writeBytes(bytes);
  const count = checked(core.replayJournal(bytes.length));
  const out = outputU32(3 + 2 * count);
  const payloads = [];
  for (let i = 0; i < count; i++) payloads.push(readText(pointer + out[3 + 2 * i], out[4 + 2 * i]));
  return { payloads, validBytes: out[0], damaged: out[1] === 1 };
}
