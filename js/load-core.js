// Instantiates one of the generated wasm modules, streamed in browsers and
// read from disk in Node, and gives back the module with the `checked` that
// turns a failing binding's pending error into a throw.
// What the generated module is given to start: in browsers, when the server
// sends the wasm as application/wasm, a hook that compiles it while it
// downloads (instantiateStreaming); otherwise the bytes (wasmBinary), read
// from disk in Node or fetched whole. `failed` rejects the load when the
// streamed compile fails (the generated code would otherwise wait forever).
async function moduleSettings(url, failed) {
  if (url.protocol === 'file:') {
    // Node (and Node-like runtimes), which cannot fetch files. Asking the
    // runtime, rather than importing, keeps fs out of every bundle's graph.
    const fs = globalThis.process?.getBuiltinModule?.('node:fs/promises');
    if (!fs) throw new Error(`mutual-store: cannot read ${url} here (Node ≥ 20.16 reads it)`);
    return { wasmBinary: await fs.readFile(url) };
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(
      `mutual-store: could not load ${url} (HTTP ${response.status}). ` +
        `Serve generated/${url.pathname.split('/').pop()} beside the script that imports mutual-store.`,
    );
  }
  const streams = typeof WebAssembly.instantiateStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm');
  if (!streams) return { wasmBinary: new Uint8Array(await response.arrayBuffer()) };
  return {
    instantiateWasm(imports, started) {
      WebAssembly.instantiateStreaming(response, imports).then(({ instance, module }) => started(instance, module), failed);
      return {}; // instantiation continues asynchronously
    },
  };
}

export async function loadCoreModule(createModule, wasmUrl) {
  let failed;
  const failure = new Promise((_, reject) => {
    failed = reject;
  });
  const core = await Promise.race([createModule(await moduleSettings(wasmUrl, failed)), failure]);
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
