// Moving bytes and text in and out of one wasm module's memory in bulk
// (either generated module: the package's core or the relay's). JS writes
// into the module's input byte buffer directly and reads results through
// views. This file imports no module itself, so code the relay shares with
// the package (the file storage's journal) loads only the relay's.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The I/O helpers over `wasm` ({core, checked} of a loaded module). */
export function wasmIo({ core, checked }) {
  /** Writes `text` as UTF-8 into the input buffer; returns its length in bytes. */
  function writeText(text) {
    const capacity = text.length * 3; // UTF-8 never needs more than 3 bytes per UTF-16 unit
    const pointer = checked(core.reserveBytes(capacity));
    return encoder.encodeInto(text, core.HEAPU8.subarray(pointer, pointer + capacity)).written;
  }

  /** Copies `bytes` into the input buffer (one HEAPU8.set); returns the pointer to them. */
  function writeBytes(bytes) {
    const pointer = checked(core.reserveBytes(bytes.length));
    core.HEAPU8.set(bytes, pointer);
    return pointer;
  }

  return {
    writeText,
    writeBytes,

    /**
     * Writes JSON text into the input buffer, given as a string or as its
     * UTF-8 bytes (a frame as the socket delivered it); returns its length
     * in bytes, what the binding reads it by.
     */
    writeJsonText(text) {
      if (typeof text === 'string') return writeText(text);
      writeBytes(text);
      return text.length;
    },

    /** A copy of `length` bytes of the output byte buffer. */
    readOutputBytes(length) {
      const pointer = core.outputBytes();
      return core.HEAPU8.slice(pointer, pointer + length);
    },

    /** UTF-8 text at `pointer` in wasm memory. */
    readText(pointer, length) {
      return decoder.decode(core.HEAPU8.subarray(pointer, pointer + length));
    },

    /** The u32 output buffer as a view of `count` entries (valid until the next call into the module). */
    outputU32(count) {
      const start = core.outputU32() / 4;
      return core.HEAPU32.subarray(start, start + count);
    },
  };
}
