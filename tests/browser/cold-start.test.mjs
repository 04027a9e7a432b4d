// How a page without a bundler loads the browser entry: the wasm request
// goes out as soon as the entry's own imports are there (the bundle names
// the loader in the entry), and the glue loads while the wasm downloads and
// compiles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startDemoServer } from '../../js/relay/demo-server.js';
import { launchChromium } from './support/chromium.mjs';

const ENTRY = '/js/generated/bundle/api.js';
let server;
let browser;

before(async () => {
  server = await startDemoServer({ port: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the wasm is requested right after the entry and its own imports, before the glue', async () => {
  const entrySource = await readFile(new URL(`../..${ENTRY}`, import.meta.url), 'utf8');
  const named = [...entrySource.matchAll(/(?:import|from)"([^"]+)"/g)].map(([, specifier]) => new URL(specifier, `http://x${ENTRY}`).pathname);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}js/constants.js`); // a page of the origin
  const requests = await page.evaluate(`(async () => {
    const ms = await import('${ENTRY}');
    if (ms.computeMutualRecognition('a', 'b', { b: 1 }, { a: 1 }) !== 1) throw new Error('wrong answer');
    return performance.getEntriesByType('resource').map((entry) => ({ path: new URL(entry.name).pathname, start: entry.startTime }));
  })()`);
  await context.close();
  const wasm = requests.find(({ path }) => path.endsWith('/mutual-store-core.wasm'));
  const glue = requests.find(({ path }) => path.endsWith('/mutual-store-core.mjs'));
  assert.ok(wasm && glue, `requests: ${JSON.stringify(requests)}`);
  // (the page's favicon request is not the package's)
  const before = requests.filter(({ path, start }) => path.startsWith('/js/') && start < wasm.start).map(({ path }) => path);
  assert.deepEqual(before.sort(), [ENTRY, ...new Set(named)].sort(), 'what is requested before the wasm');
  assert.ok(glue.start >= wasm.start, 'the glue is requested after the wasm');
  // A page opens at most 6 HTTP/1.1 connections to one host: more imports
  // would wait for one another.
  assert.ok(new Set(named).size <= 6, `the entry names ${new Set(named).size} modules`);
});
