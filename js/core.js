// Loads the WebAssembly core once, with top-level await, so everything the
// package exports is usable synchronously right after `import`.
import createCoreModule from './generated/mutual-store-core.mjs';
import { loadCoreModule } from './load-core.js';

export const { core, checked } = await loadCoreModule(createCoreModule, new URL('./generated/mutual-store-core.wasm', import.meta.url));

// Resolved once the core is loaded (it already is when this module has run).
export const ready = Promise.resolve();
