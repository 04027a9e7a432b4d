// Moving bytes and text in and out of wasm memory in bulk: JS writes into
// the core's input byte buffer directly and reads results through views.
import { core, checked } from './core.js';
import { setOwn } from './own-keys.js';
import { TWO_TIER, SHARE_STRIDE } from './generated/boundary.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes `text` as UTF-8 into the input buffer; returns its length in bytes. */
export function writeText(text) {
  const capacity = text.length * 3; // UTF-8 never needs more than 3 bytes per UTF-16 unit
  const pointer = checked(core.reserveBytes(capacity));
  return encoder.encodeInto(text, core.HEAPU8.subarray(pointer, pointer + capacity)).written;
}

/** Copies `bytes` into the input buffer; returns the pointer to them. */
export function writeBytes(bytes) {
  const pointer = checked(core.reserveBytes(bytes.length));
  core.HEAPU8.set(bytes, pointer);
  return pointer;
}

/** A copy of `length` bytes of the output byte buffer. */
export function readOutputBytes(length) {
  const pointer = core.outputBytes();
  return core.HEAPU8.slice(pointer, pointer + length);
}

/** UTF-8 text at `pointer` in wasm memory. */
export function readText(pointer, length) {
  return decoder.decode(core.HEAPU8.subarray(pointer, pointer + length));
}

/** The u32 output buffer as a view of `count` entries (valid until the next core call). */
export function outputU32(count) {
  const start = core.outputU32() / 4;
  return core.HEAPU32.subarray(start, start + count);
}

/**
 * The two-tier allocation the core left in the f64 output buffer (layout:
 * TWO_TIER, core/allocation/flat_layout.h), as a TwoTierAllocationState;
 * `keys` name the recipient indices.
 */
export function readTwoTierOutput(capacityId, keys, timestamp) {
  const out = core.HEAPF64;
  const o = core.outputF64() / 8;
  const mutualCount = out[o + TWO_TIER.MUTUAL_COUNT];
  const allocationsOf = (at, count) => {
    const allocations = {};
    for (let i = 0; i < count; i++, at += SHARE_STRIDE) setOwn(allocations, keys[out[at]], out[at + 1]);
    return allocations;
  };
  const pairs = o + TWO_TIER.HEADER;
  return {
    mutualDenominator: { [capacityId]: out[o + TWO_TIER.MUTUAL_DENOMINATOR] },
    nonMutualDenominator: { [capacityId]: out[o + TWO_TIER.NON_MUTUAL_DENOMINATOR] },
    mutualAllocations: { [capacityId]: allocationsOf(pairs, mutualCount) },
    nonMutualAllocations: { [capacityId]: allocationsOf(pairs + SHARE_STRIDE * mutualCount, out[o + TWO_TIER.NON_MUTUAL_COUNT]) },
    timestamp,
  };
}
