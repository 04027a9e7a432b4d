// Loads the WebAssembly core once, with top-level await, so everything the
// package exports is usable synchronously right after `import`.
import createCoreModule from './generated/mutual-store-core.mjs';

const wasmUrl = new URL('./generated/mutual-store-core.wasm', import.meta.url);

async function loadWasmBytes(url) {
  if (url.protocol === 'file:') {
    // Node. The specifier is a variable so that bundlers targeting browsers
    // leave this branch alone.
    const fsModule = 'node:fs/promises';
    const { readFile } = await import(/* @vite-ignore */ fsModule);
    return readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(
      `mutual-store: could not load ${url} (HTTP ${response.status}). ` +
        'Serve generated/mutual-store-core.wasm beside the script that imports mutual-store.',
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

export const core = await createCoreModule({ wasmBinary: await loadWasmBytes(wasmUrl) });
core.pendingError = null;

// Every call into the core goes through this: a failing binding returns a
// default value and leaves its error on the module (see wasm/js_errors.h).
export function checked(result) {
  const error = core.pendingError;
  if (error) {
    core.pendingError = null;
    throw error;
  }
  return result;
}

// Resolved once the core is loaded (it already is when this module has run).
export const ready = Promise.resolve();
