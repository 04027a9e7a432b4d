// Bundles the package's entry points into js/generated/bundle/, which
// package.json "exports" hands to apps. The sources stay many small modules,
// one idea each; an app that loads them as they are pays for every one: Node
// resolves and links each (about 45 ms for the ~75 modules of the main entry)
// and a browser without a bundler fetches them level by level before the
// wasm download can even start. The bundle is a handful of files.
//
// The entries are bundled together with code splitting, so code they share
// (the default peer, the configuration) is one module instance however many
// entries an app imports. Packages (ws, svelte, zod,
// node-datachannel, ioredis…) stay imports, resolved by the app.
import * as esbuild from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

// Every entry of package.json "exports" that is JavaScript, in two builds:
// what browsers (and other non-Node runtimes) get, and what Node gets. An app
// only ever reaches one of them (package.json "exports" conditions), and
// apart each shares fewer chunks: a browser entry is then its file, one
// chunk and the loader, which an HTTP/1.1 page fetches over its 6
// connections at once.
const builds = [
  { api: 'js/api.js', allocation: 'js/allocation/index.js', svelte: 'js/svelte/index.js' },
  { node: 'js/node.js', 'allocation-node': 'js/allocation/node.js', relay: 'js/relay/relay.js' },
];

// The modules that load a wasm module stay as they are, imported by the
// bundle from their place in js/: each finds its wasm next to itself
// (`generated/` beside js/core.js), which is also where the README tells an
// app that bundles the package itself to put it.
const WASM_LOADERS = ['js/core.js', 'js/relay/relay-core.js'].map((file) => path.join(root, file));
const OUTDIR = path.join(root, 'js/generated/bundle');
const wasmLoadersStay = {
  name: 'wasm-loaders-stay',
  setup(build) {
    build.onResolve({ filter: /core\.js$/ }, ({ path: specifier, resolveDir }) => {
      const file = path.resolve(resolveDir, specifier);
      if (!WASM_LOADERS.includes(file)) return undefined;
      return { path: path.relative(OUTDIR, file), external: true };
    });
  },
};

// Chunk names carry a content hash: chunks of an earlier build would stay
// beside the new ones (and ship) unless the folder starts empty.
await rm(OUTDIR, { recursive: true, force: true });
const bundle = (entryPoints) => esbuild.build({
  absWorkingDir: root,
  entryPoints,
  outdir: OUTDIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  // Node's built-ins stay imports too (the Node entries use them).
  external: ['node:*'],
  chunkNames: 'shared-[hash]',
  // Smaller, with every name kept (stack traces stay readable); the source
  // maps lead back to the modules in js/, which the package ships too.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [wasmLoadersStay],
  metafile: true,
});
const outputs = Object.assign({}, ...(await Promise.all(builds.map(bundle))).map(({ metafile }) => metafile.outputs));

// A browser fetches a module's imports only once it has the module, and runs
// nothing before the whole graph is there; the wasm request, made by a
// loader when it runs, would come after four rounds of requests (entry,
// chunks, loader, the loader's own imports). So each entry names the loaders
// it reaches, and what they import, itself: all of them come in the second
// round, and the wasm and the glue (imported by the loader as it runs) in the
// third. Evaluation order is unchanged: a loader depends on no chunk.
const relative = (file) => path.relative(OUTDIR, file).split(path.sep).join('/');
function loadersReached(output, seen = new Set()) {
  for (const { path: imported, external, kind } of outputs[output].imports) {
    if (kind !== 'import-statement') continue; // what is imported later waits anyway
    if (external && WASM_LOADERS.includes(path.resolve(OUTDIR, imported))) seen.add(path.resolve(OUTDIR, imported));
    else if (!external && outputs[imported] && !seen.has(imported)) {
      seen.add(imported);
      loadersReached(imported, seen);
    }
  }
  return [...seen].filter((file) => WASM_LOADERS.includes(file));
}
async function staticImportsOf(file) {
  const source = await readFile(file, 'utf8');
  return [...source.matchAll(/^import\s[^'"]*['"](\.{1,2}\/[^'"]+)['"]/gm)].map(([, specifier]) => path.resolve(path.dirname(file), specifier));
}
for (const [output, { entryPoint }] of Object.entries(outputs)) {
  if (!entryPoint) continue;
  const hoisted = [];
  for (const loader of loadersReached(output)) hoisted.push(loader, ...(await staticImportsOf(loader)));
  if (hoisted.length === 0) continue;
  // On a line of their own, which the source map skips (a leading ';').
  const file = path.join(root, output);
  const code = await readFile(file, 'utf8');
  await writeFile(file, [...new Set(hoisted)].map((module) => `import"${relative(module)}";`).join('') + '\n' + code);
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8'));
  await writeFile(`${file}.map`, JSON.stringify({ ...map, mappings: ';' + map.mappings }));
}
