// The store in a real browser: a Svelte 5 component compiled with
// svelte/compiler renders $store and follows set(); a cacheable store shows
// its localStorage cache at initialize() before any network answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm, readFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { compile } from 'svelte/compiler';
import { openDemoPage, openPage, useServerAndBrowser, waitForSelector } from './support/chromium.mjs';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const running = await useServerAndBrowser({ before, after });

// esbuild plugin: .svelte files through Svelte's own compiler.
const sveltePlugin = {
  name: 'svelte',
  setup(build) {
    build.onLoad({ filter: /\.svelte$/ }, async (args) => {
      const { js } = compile(await readFile(args.path, 'utf8'), { filename: args.path, generate: 'client' });
      return { contents: js.code, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

let app;
before(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ms-svelte-'));
  await writeFile(path.join(dir, 'stores.js'), `
    import { createPeer, createHolsterStore, schemas } from '${projectRoot}/js/index.js';
    export const peer = createPeer({ storage: 'memory', passwordCost: 'test' });
    export const commitment = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, peer });
  `);
  await writeFile(path.join(dir, 'App.svelte'), `
    <script>
      import { commitment } from './stores.js';
    </script>
    <p data-testid="need">{$commitment ? $commitment.residual_need : 'none'}</p>
  `);
  await writeFile(path.join(dir, 'main.js'), `
    import { mount } from 'svelte';
    import App from './App.svelte';
    import { commitment } from './stores.js';
    mount(App, { target: document.body });
    window.setNeed = (need) => commitment.set({ residual_need: need, stated_need: 1000, timestamp: 1 });
    document.body.dataset.ready = 'yes';
  `);
  const out = path.join(dir, 'site');
  await esbuild.build({
    entryPoints: [path.join(dir, 'main.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(out, 'bundle.js'),
    plugins: [sveltePlugin],
    nodePaths: [path.join(projectRoot, 'node_modules')],
    conditions: ['svelte', 'browser'],
    logLevel: 'silent',
  });
  const bundle = await readFile(path.join(out, 'bundle.js'));
  const wasm = await readFile(path.join(projectRoot, 'js/generated/mutual-store-core.wasm'));
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://x').pathname;
    if (url === '/bundle.js') return response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    if (url === '/generated/mutual-store-core.wasm') return response.writeHead(200, { 'content-type': 'application/wasm' }).end(wasm);
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><link rel="icon" href="data:,"><body><script type="module" src="/bundle.js"></script></body>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  app = { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close(), dir };
});

after(async () => {
  app?.close();
  if (app) await rm(app.dir, { recursive: true, force: true });
});

test('a compiled Svelte 5 component renders $store and updates on set', async () => {
  const { page, problems } = await openPage(running.browser(), app.url);
  await waitForSelector(page, 'body[data-ready="yes"]', problems);
  assert.equal(await page.textContent('[data-testid="need"]'), 'none');
  await page.evaluate(() => window.setNeed(250));
  await page.waitForFunction(() => document.querySelector('[data-testid="need"]').textContent === '250');
  await page.evaluate(() => window.setNeed(125));
  await page.waitForFunction(() => document.querySelector('[data-testid="need"]').textContent === '125');
  // An invalid value is refused and the page keeps showing the last valid one.
  const refused = await page.evaluate(() => {
    try {
      window.setNeed(-1);
      return null;
    } catch (error) {
      return error.name;
    }
  });
  assert.equal(refused, 'SchemaError');
  assert.equal(await page.textContent('[data-testid="need"]'), '125');
  assert.deepEqual(problems, []);
  await page.close();
});

test('cacheable: the cached value is there at initialize(), before any network answer', async () => {
  const { page, problems } = await openDemoPage(running.browser(), running.server().url);
  const written = await page.evaluate(async () => {
    const { createPeer, createHolsterStore, schemas } = await import('/js/index.js');
    const peer = createPeer({ name: 'cache', passwordCost: 'test' });
    await peer.user().create('ivy', 'pw');
    await peer.user().auth('ivy', 'pw');
    const store = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, cacheable: true, peer, persistDebounce: 1 });
    store.initialize();
    store.set({ residual_need: 42, stated_need: 100, timestamp: 5 });
    await store.waitForPersistence();
    await peer.close();
    return {
      cache: localStorage.getItem('holster_allocation/commitment_cache'),
      timestamp: localStorage.getItem('holster_allocation/commitment_timestamp'),
    };
  });
  assert.deepEqual(JSON.parse(written.cache), { residual_need: 42, stated_need: 100, timestamp: 5 });
  assert.match(written.timestamp, /^\d+(\.\d+)?$/);
  await page.reload();
  const first = await page.evaluate(async () => {
    const { createPeer, createHolsterStore, schemas } = await import('/js/index.js');
    // Nobody is signed in and no storage has been read yet: only the cache can answer.
    const peer = createPeer({ storage: 'memory' });
    const store = createHolsterStore({ holsterPath: 'allocation/commitment', schema: schemas.Commitment, cacheable: true, peer });
    store.initialize();
    let seen;
    store.subscribe((value) => (seen ??= value))();
    await store.cleanup();
    return { seen, cacheAfterCleanup: localStorage.getItem('holster_allocation/commitment_cache') };
  });
  assert.deepEqual(first.seen, { residual_need: 42, stated_need: 100, timestamp: 5 });
  assert.equal(first.cacheAfterCleanup, null, 'cleanup clears the cache');
  assert.deepEqual(problems, []);
  await page.close();
});
