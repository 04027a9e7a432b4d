// The core's journal format (core/storage/journal.h) from JS.
import { core, checked } from '../core.js';
import { writeBytes, writeText, readOutputBytes, readText, outputU32 } from '../wasm-buffers.js';

/** One record holding `payload` (a string), as bytes ready to append. */
export function encodeRecord(payload) {
  const size = checked(core.encodeJournalRecord(writeText(payload)));
  return readOutputBytes(size);
}

/**
 * The payloads of the whole records in `bytes`; where the last whole record
 * ends and whether a torn tail follows it (`damaged`); and the byte ranges
 * of damage before the tail (`lost`: [{offset, length}]), whose records are gone.
 */
export function replay(bytes) {
  const pointer = writeBytes(bytes);
  const count = checked(core.replayJournal(bytes.length));
  const lostCount = outputU32(4)[3];
  const out = outputU32(4 + 2 * (count + lostCount));
  const payloads = [];
  for (let i = 0; i < count; i++) payloads.push(readText(pointer + out[4 + 2 * i], out[5 + 2 * i]));
  const lost = [];
  for (let i = 0, at = 4 + 2 * count; i < lostCount; i++, at += 2) lost.push({ offset: out[at], length: out[at + 1] });
  return { payloads, validBytes: out[0], damaged: out[1] === 1, lost };
}
