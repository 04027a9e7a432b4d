// Instantiates one of the generated wasm modules with its bytes, fetched in
// browsers and read from disk in Node, and gives back the module with the
// `checked` that turns a failing binding's pending error into a throw.
async function loadWasmBytes(url) {
  if (url.protocol === 'file:') {
    // Node (and Node-like runtimes), which cannot fetch files. Asking the
    // runtime, rather than importing, keeps fs out of every bundle's graph.
    const fs = globalThis.process?.getBuiltinModule?.('node:fs/promises');
    if (!fs) throw new Error(`mutual-store: cannot read ${url} here (Node ≥ 20.16 reads it)`);
    return fs.readFile(url);
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
