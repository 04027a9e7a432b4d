// Loads the WebAssembly core once, with top-level await, so everything the
// package exports is usable synchronously right after `import`. The glue is
// imported only here, after the wasm request has started (load-core.js), so
// that a browser fetches both at once instead of one after the other.
import { loadCoreModule } from './load-core.js';

export const { core, checked } = await loadCoreModule(
  () => import('./generated/mutual-store-core.mjs'),
  new URL('./generated/mutual-store-core.wasm', import.meta.url),
);

// Resolved once the core is loaded (it already is when this module has run).
export const ready = Promise.resolve();
