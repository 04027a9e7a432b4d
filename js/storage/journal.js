// The core's journal format (core/storage/journal.h) from JS, over the
// module the caller runs on (the package's core or the relay's).
import { wasmIo } from '../wasm-io.js';

/** encodeRecord and replay over `wasm` ({core, checked} of a loaded module). */
export function journalOf(wasm) {
  const { core, checked } = wasm;
  const { writeBytes, writeText, readOutputBytes, readText, outputU32 } = wasmIo(wasm);
  return {
    /** One record holding `payload` (a string), as bytes ready to append. */
    encodeRecord(payload) {
      const size = checked(core.encodeJournalRecord(writeText(payload)));
      return readOutputBytes(size);
    },

    /**
     * The payloads of the whole records in `bytes`; where the last whole record
     * ends and whether a torn tail follows it (`damaged`); and the byte ranges
     * of damage before the tail (`lost`: [{offset, length}]), whose records are gone.
     */
    replay(bytes) {
      const pointer = writeBytes(bytes);
      const count = checked(core.replayJournal(bytes.length));
      const lostCount = outputU32(4)[3];
      const out = outputU32(4 + 2 * (count + lostCount));
      const payloads = [];
      for (let i = 0; i < count; i++) payloads.push(readText(pointer + out[4 + 2 * i], out[5 + 2 * i]));
      const lost = [];
      for (let i = 0, at = 4 + 2 * count; i < lostCount; i++, at += 2) lost.push({ offset: out[at], length: out[at + 1] });
      return { payloads, validBytes: out[0], damaged: out[1] === 1, lost };
    },
  };
}
