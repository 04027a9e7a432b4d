// `npm pack` must produce a tarball that installs into a fresh project and
// works from Node and from an esbuild bundle loaded in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, mkdir, writeFile, copyFile, rm, readFile, access } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { assertClose } from '../js/support/close.mjs';
import * as oracle from '../oracle/allocation.mjs';
import { launchChromium, openPage, waitForSelector } from './support/chromium.mjs';

const run = promisify(execFile);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let scratch;
let installed;

// The same call in every consumer, so their answers can be compared with the oracle.
const CONSUMER_SOURCE = `
import { ready, computeAllMutualRecognition, computeTwoTierAllocation } from 'mutual-store';
await ready;
const weights = { R1: 0.4, R2: 0.3, R3: 0.2, R4: 0.1 };
const mr = computeAllMutualRecognition('P', weights, { R1: { P: 0.5 }, R2: { P: 0.25 } });
const need = (n) => ({ residual_need: n, stated_need: n });
export const result = computeTwoTierAllocation('P', 1000, 'c', mr, weights, { R1: need(500), R2: need(400), R3: need(300), R4: need(200) });
`;

function expectedResult() {
  const weights = { R1: 0.4, R2: 0.3, R3: 0.2, R4: 0.1 };
  const mr = oracle.computeAllMutualRecognition('P', weights, { R1: { P: 0.5 }, R2: { P: 0.25 } });
  const need = (n) => ({ residual_need: n, stated_need: n });
  const { timestamp, ...rest } = oracle.computeTwoTierAllocation('P', 1000, 'c', mr, weights, { R1: need(500), R2: need(400), R3: need(300), R4: need(200) });
  return rest;
}

function withoutTimestamp({ timestamp, ...rest }) {
  assert.equal(typeof timestamp, 'number');
  return rest;
}

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'mutual-store-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: projectRoot });
  const tarball = path.join(scratch, JSON.parse(stdout)[0].filename);
  installed = path.join(scratch, 'consumer');
  await mkdir(installed);
  await writeFile(path.join(installed, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: installed });
  await writeFile(path.join(installed, 'consumer.js'), CONSUMER_SOURCE);
});

after(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test('the tarball carries the wasm, the JS and the type declarations', async () => {
  const packageDir = path.join(installed, 'node_modules/mutual-store');
  for (const file of ['js/index.js', 'js/index.d.ts', 'js/generated/mutual-store-core.mjs', 'js/generated/mutual-store-core.wasm', 'README.md']) {
    await access(path.join(packageDir, file));
  }
  const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
  assert.equal(manifest.exports['.'].types, './js/index.d.ts');
});

test('the installed package works from Node', async () => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `import { result } from './consumer.js'; console.log(JSON.stringify(result));`], { cwd: installed });
  assertClose(withoutTimestamp(JSON.parse(stdout)), expectedResult());
});

// Serves the bundle folder; the page loads the bundle and publishes its result.
function serveFolder(folder) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer(async (request, response) => {
    const name = path.normalize(new URL(request.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    try {
      const body = await readFile(path.join(folder, name));
      response.writeHead(200, { 'content-type': types[path.extname(name)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('an esbuild bundle of the installed package works in Chromium', async () => {
  const site = path.join(installed, 'site');
  await mkdir(path.join(site, 'generated'), { recursive: true });
  await writeFile(path.join(installed, 'page.js'), `import { result } from './consumer.js';\nwindow.result = result;\ndocument.body.dataset.done = 'yes';\n`);
  await esbuild.build({
    absWorkingDir: installed,
    entryPoints: ['page.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(site, 'bundle.js'),
    logLevel: 'silent',
  });
  // As the README says: the wasm goes to generated/ beside the bundle.
  await copyFile(path.join(installed, 'node_modules/mutual-store/js/generated/mutual-store-core.wasm'), path.join(site, 'generated/mutual-store-core.wasm'));
  await writeFile(path.join(site, 'index.html'), '<!doctype html><link rel="icon" href="data:,"><body><script type="module" src="bundle.js"></script></body>');

  const server = await serveFolder(site);
  const browser = await launchChromium();
  try {
    const { page, problems } = await openPage(browser, `http://127.0.0.1:${server.address().port}/`);
    await waitForSelector(page, 'body[data-done="yes"]', problems);
    assertClose(withoutTimestamp(await page.evaluate(() => window.result)), expectedResult());
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
