// The example app (examples/svelte-vite) as a user gets it: a copy of the
// folder with the PACKED package installed into it (npm pack, then npm
// install of the tarball, offline), and the use of it both pages check.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, cp, readFile, writeFile, symlink, mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { createRelay } from '../../../js/relay/relay.js';
import { openPage } from './chromium.mjs';
import { nodeOnlyTraces } from '../../js/support/node-only-code.mjs';

const run = promisify(execFile);
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Packs the package and installs the tarball into a copy of the example in
 * `scratch`; returns the copy's folder. The build tools (vite, svelte, the
 * Svelte plugin) are the repository's own, linked in: installing them would
 * need the network.
 */
export async function installExample(scratch, { relayUrl }) {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: projectRoot });
  const tarball = path.join(scratch, JSON.parse(stdout)[0].filename);
  const app = path.join(scratch, 'app');
  const example = path.join(projectRoot, 'examples/svelte-vite');
  await cp(example, app, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
  const manifest = JSON.parse(await readFile(path.join(app, 'package.json'), 'utf8'));
  const tools = Object.keys(manifest.devDependencies);
  manifest.dependencies['mutual-store'] = `file:${tarball}`;
  delete manifest.devDependencies;
  await writeFile(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(path.join(app, '.env.local'), `VITE_RELAY_URL=${relayUrl}\n`);
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: app });
  for (const tool of tools) {
    await mkdir(path.dirname(path.join(app, 'node_modules', tool)), { recursive: true });
    await symlink(path.join(projectRoot, 'node_modules', tool), path.join(app, 'node_modules', tool));
  }
  return app;
}

/** The text of every .js file under `folder`, joined. */
export async function javascriptUnder(folder) {
  let text = '';
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) text += await readFile(path.join(entry.parentPath ?? entry.path, entry.name), 'utf8');
  }
  return text;
}

/** A browser build must carry no Node-only code. */
export function assertNoNodeCode(code, where) {
  assert.deepEqual(nodeOnlyTraces(code), [], `${where} carries Node-only code`);
}

async function waitForText(page, selector, text, problems) {
  try {
    await page.locator(selector, { hasText: text }).first().waitFor({ timeout: 20_000 });
  } catch (error) {
    error.message += `\npage problems: ${JSON.stringify(problems)}`;
    throw error;
  }
}

async function signIn(page, problems, alias, password, button) {
  await page.fill('input[name=alias]', alias);
  await page.fill('input[name=password]', password);
  // On a second device the account may not have reached the relay yet:
  // "no user" until it has. Each attempt waits for its answer.
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.click(`button:text("${button}")`);
    const answer = await page.waitForSelector('[data-testid=signed-in], [data-testid=auth-error]', { timeout: 20_000 });
    if ((await answer.getAttribute('data-testid')) === 'signed-in') return;
    const message = await page.textContent('[data-testid=auth-error]');
    assert.match(message, /no user/, `sign-in failed: ${message}\npage problems: ${JSON.stringify(problems)}`);
    await page.waitForSelector('button:text("Sign in"):not([disabled])');
  }
  assert.fail('never signed in');
}

/**
 * The example at `url` in two browser contexts (two devices): one user
 * signs up on the first, writes a note (the store, `$notes`) and a status
 * (the graph, useNode); both appear on the second after it signs in, and a
 * note from the second comes back. No console errors on either.
 */
export async function checkExampleApp(browser, url) {
  const alias = `ada-${Math.random().toString(36).slice(2, 8)}`;
  const password = 'correct horse';
  const first = await openPage(browser, url);
  await signIn(first.page, first.problems, alias, password, 'Create account');
  await waitForText(first.page, '[data-testid=signed-in]', alias, first.problems);
  await first.page.fill('input[name=note]', 'first note');
  await first.page.click('button:text("Add")');
  await waitForText(first.page, '[data-testid=notes] li', 'first note', first.problems);
  await first.page.fill('input[name=status]', 'hello from the first');
  await first.page.click('button:text("Set status")');
  await waitForText(first.page, '[data-testid=status]', 'hello from the first', first.problems);

  const second = await openPage(browser, url);
  await signIn(second.page, second.problems, alias, password, 'Sign in');
  await waitForText(second.page, '[data-testid=notes] li', 'first note', second.problems);
  await waitForText(second.page, '[data-testid=status]', 'hello from the first', second.problems);
  await second.page.fill('input[name=note]', 'second note');
  await second.page.click('button:text("Add")');
  await waitForText(first.page, '[data-testid=notes] li', 'second note', first.problems);
  await waitForText(first.page, '[data-testid=count]', '2 notes', first.problems);

  assert.deepEqual(first.problems, []);
  assert.deepEqual(second.problems, []);
  await first.page.close();
  await second.page.close();
}

export async function makeScratch() {
  return mkdtemp(path.join(os.tmpdir(), 'mutual-store-example-'));
}

// One relay on loopback and one installed copy of the example for a test
// file, made before its tests and removed after them. `example.app` is the
// app's folder once the tests run.
export function useExampleApp() {
  const example = { app: undefined };
  let scratch;
  let relay;
  before(async () => {
    relay = await createRelay({ port: 0, host: '127.0.0.1', storage: 'memory' });
    scratch = await makeScratch();
    example.app = await installExample(scratch, { relayUrl: relay.url });
  });
  after(async () => {
    await relay?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });
  return example;
}
