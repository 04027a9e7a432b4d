// examples/svelte-vite under `vite dev` (Vite's createServer), against the
// packed package: Vite pre-bundles mutual-store (top-level await, the wasm
// by new URL(…, import.meta.url)) with no special configuration, the
// pre-bundle holds nothing of Node's, the app works in Chromium with a real
// relay, and the same package loads in Vite's server-side rendering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createServer } from 'vite';
import { launchChromium } from './support/chromium.mjs';
import { useExampleApp, checkExampleApp, javascriptUnder, assertNoNodeCode } from './support/example-app.mjs';

const example = useExampleApp();

test('vite dev serves the example: sign-in, the store, the graph and sync through the relay, no console errors', async () => {
  const { app } = example;
  const server = await createServer({ root: app, configFile: path.join(app, 'vite.config.js'), logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
  const browser = await launchChromium();
  try {
    await server.listen();
    await checkExampleApp(browser, server.resolvedUrls.local[0]);
    assertNoNodeCode(await javascriptUnder(path.join(app, 'node_modules/.vite/deps')), 'the pre-bundle');

    // Server-side rendering (SvelteKit's server code runs so): the package,
    // its Svelte entry and its wasm load in Node through Vite.
    await writeFile(path.join(app, 'src/on-the-server.js'), `
      import { readable } from 'svelte/store';
      import { computeAllMutualRecognition, defineSchema } from 'mutual-store';
      import { useStore } from 'mutual-store/svelte';
      const Named = defineSchema({ type: 'object', properties: { name: { type: 'string' } } });
      export const answer = { mr: computeAllMutualRecognition('P', { A: 1 }, { A: { P: 1 } }), parsed: Named.parse({ name: 'Ada' }), current: useStore(readable(5)).current };
    `);
    const { answer } = await server.ssrLoadModule('/src/on-the-server.js');
    assert.deepEqual(answer, { mr: { A: 1 }, parsed: { name: 'Ada' }, current: 5 });
  } finally {
    await browser.close();
    await server.close();
  }
});
