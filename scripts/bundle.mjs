// Bundles the package's entry points into js/generated/bundle/, which
// package.json "exports" hands to apps. The sources stay many small modules,
// one idea each; an app that loads them as they are pays for every one: Node
// resolves and links each (about 45 ms for the ~75 modules of the main entry)
// and a browser without a bundler fetches them level by level before the
// wasm download can even start. The bundle is a handful of files.
//
// The entries are bundled together with code splitting, so code they share
// (the loaded core, the default peer, the configuration) is one module
// instance however many entries an app imports. Packages (ws, svelte, zod,
// node-datachannel, ioredis…) stay imports, resolved by the app.
import * as esbuild from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

// Every entry of package.json "exports" that is JavaScript.
const entryPoints = {
  api: 'js/api.js',
  node: 'js/node.js',
  svelte: 'js/svelte/index.js',
  allocation: 'js/allocation/index.js',
  'allocation-node': 'js/allocation/node.js',
  relay: 'js/relay/relay.js',
};

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
await esbuild.build({
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
});
