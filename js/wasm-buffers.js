// Bulk I/O with the package's core module (wasm-io.js), and reading the
// two-tier allocation out of its f64 output buffer.
import { core, checked } from './core.js';
import { wasmIo } from './wasm-io.js';
import { setOwn } from './own-keys.js';
import { TWO_TIER, SHARE_STRIDE } from './generated/boundary.js';

export const { writeText, writeBytes, readOutputBytes, readText, outputU32 } = wasmIo({ core, checked });

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
