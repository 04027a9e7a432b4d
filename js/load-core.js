// Instantiates one of the generated wasm modules with its bytes, fetched in
// browsers and read from disk in Node, and gives back the module with the
// `checked` that turns a failing binding's pending error into a throw.
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
        `Serve generated/${url.pathname.split('/').pop()} beside the script that imports mutual-store.`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

export async function loadCoreModule(createModule, wasmUrl) {
  const core = await createModule({ wasmBinary: await loadWasmBytes(wasmUrl) });
  core.pendingError = null;
  // Every call into the core goes through this: a failing binding returns a
  // default value and leaves its error on the module (see wasm/js_errors.h).
  function checked(result) {
    const error = core.pendingError;
    if (error) {
      core.pendingError = null;
      throw error;
    }
    return result;
  }
  return { core, checked };
}
