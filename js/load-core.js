// Instantiates one of the generated wasm modules and gives back the module
// with the `checked` that turns a failing binding's pending error into a
// throw. The wasm is compiled while the generated glue is still loading: in
// browsers while it downloads (compileStreaming, when the server sends
// application/wasm), in Node from the bytes read from disk; the glue then
// only instantiates the compiled module (its instantiateWasm hook).

// The wasm at `url`, compiled. Nothing here is given to the glue, which
// would copy bytes it is handed (wasmBinary) before compiling them.
async function compileWasm(url) {
  if (url.protocol === 'file:') {
    // Node (and Node-like runtimes), which cannot fetch files. Asking the
    // runtime, rather than importing, keeps fs out of every bundle's graph.
    const fs = globalThis.process?.getBuiltinModule?.('node:fs/promises');
    if (!fs) throw new Error(`mutual-store: cannot read ${url} here (Node ≥ 20.16 reads it)`);
    return WebAssembly.compile(await fs.readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(
      `mutual-store: could not load ${url} (HTTP ${response.status}). ` +
        `Serve generated/${url.pathname.split('/').pop()} beside the script that imports mutual-store.`,
    );
  }
  const streams = typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm');
  return streams ? WebAssembly.compileStreaming(response) : WebAssembly.compile(await response.arrayBuffer());
}

// `importGlue` imports the generated ES module factory; it is asked for
// after the wasm request has gone out, so both load at once.
export async function loadCoreModule(importGlue, wasmUrl) {
  const compiled = compileWasm(wasmUrl);
  compiled.catch(() => {}); // reported through `failed` once the glue asks for it
  const { default: createModule } = await importGlue();
  let failed;
  const failure = new Promise((_, reject) => {
    failed = reject;
  });
  const core = await Promise.race([
    createModule({
      instantiateWasm(imports, started) {
        compiled.then((module) => WebAssembly.instantiate(module, imports).then((instance) => started(instance, module))).catch(failed);
        return {}; // instantiation continues asynchronously
      },
    }),
    // The generated code would wait forever on an instantiation that failed.
    failure,
  ]);
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
