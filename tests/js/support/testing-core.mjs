// The testing module: the package's core bindings plus the ones only tests
// and benchmarks call (wasm/testing_bindings.cpp: keys from a known seed,
// raw signatures, signing and sealing without a store). It is its own
// instance, with its own keyring and buffers, so the helpers below write to
// and read from this module, not the package's.
import { loadCoreModule } from '../../../js/load-core.js';

export const { core, checked } = await loadCoreModule(
  () => import('../../../js/generated/mutual-store-testing.mjs'),
  new URL('../../../js/generated/mutual-store-testing.wasm', import.meta.url),
);

/** Copies `bytes` into this module's input byte buffer. */
export function writeBytes(bytes) {
  const pointer = checked(core.reserveBytes(bytes.length));
  core.HEAPU8.set(bytes, pointer);
  return pointer;
}

/** A copy of `length` bytes of this module's output byte buffer. */
export function readOutputBytes(length) {
  const pointer = core.outputBytes();
  return core.HEAPU8.slice(pointer, pointer + length);
}
