// The package's entry points, resolved by name as an app resolves them
// (package.json "exports"): a browser bundle holds nothing of Node's, Node
// gets its parts without touching browser storage at import, and the
// declarations type-check strictly without Node's types.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, mkdir, writeFile, symlink, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { nodeOnlyTraces } from './support/node-only-code.mjs';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
let app;

before(async () => {
  app = await mkdtemp(join(tmpdir(), 'ms-entries-'));
  await mkdir(join(app, 'node_modules'));
  await symlink(repo, join(app, 'node_modules', 'mutual-store'));
  await symlink(join(repo, 'node_modules/svelte'), join(app, 'node_modules', 'svelte'));
  await writeFile(join(app, 'package.json'), JSON.stringify({ type: 'module' }));
});

after(async () => {
  if (app) await rm(app, { recursive: true, force: true });
});

// Every entry a browser app may import.
const BROWSER_APP = `
import { createPeer, createStore, configure, computeAllMutualRecognition } from 'mutual-store';
import { useStore, useNode, useUser } from 'mutual-store/svelte';
import { createAllocationNetwork } from 'mutual-store/allocation';
window.used = [createPeer, createStore, configure, computeAllMutualRecognition, useStore, useNode, useUser, createAllocationNetwork];
`;

test('an esbuild browser bundle holds no file storage, ws, node-datachannel, fs or crypto', async () => {
  await writeFile(join(app, 'browser-app.js'), BROWSER_APP);
  const result = await esbuild.build({
    absWorkingDir: app,
    entryPoints: ['browser-app.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const nodeOnly = inputs.filter((file) => /file-storage|node-platform|\/ws\/|node-datachannel/.test(file));
  assert.deepEqual(nodeOnly, [], 'Node-only modules in the browser bundle');
  assert.ok(inputs.some((file) => file.endsWith('js/generated/bundle/api.js')), 'the browser entry is the bundle of api.js');
  assert.deepEqual(nodeOnlyTraces(result.outputFiles[0].text), [], 'Node-only code in the browser bundle');
  // The wasm glue is the browser's: no Node fallback for randomness.
  assert.deepEqual(nodeOnlyTraces(await readFile(join(repo, 'js/generated/mutual-store-core.mjs'), 'utf8')), []);
});

test('in Node the package brings its Node parts, and importing touches no browser storage', async () => {
  const dir = join(app, 'node-data');
  const script = `
    let touched = false;
    Object.defineProperty(globalThis, 'indexedDB', { configurable: true, get() { touched = true; return undefined; } });
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get() { touched = true; return undefined; } });
    const ms = await import('mutual-store');
    await import('mutual-store/svelte');
    await import('mutual-store/allocation');
    if (touched) throw new Error('importing touched browser storage');
    const peer = ms.createPeer({ storage: ${JSON.stringify(`fs:${dir}`)} });
    await peer.get('board').next('title').put('on disk');
    await peer.close();
    const again = ms.createPeer({ storage: ${JSON.stringify(`fs:${dir}`)} });
    console.log(await again.get('board').next('title').once());
    await again.close();
    // webrtc: true finds node-datachannel (else ready rejects).
    const direct = ms.createPeer({ storage: 'memory', peers: [], webrtc: true });
    await direct.ready;
    await direct.close();
    console.log('webrtc ready');
    process.exit(0); // node-datachannel's threads would keep the process
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
  assert.deepEqual(stdout.trim().split('\n'), ['on disk', 'webrtc ready']);
});

test('the browser entry refuses Node storage and node-datachannel with a clear error instead of loading them', async () => {
  // The bundle of api.js is what bundlers for browsers get; run it in Node to reach the check.
  const script = `
    const { createPeer } = await import(${JSON.stringify(join(repo, 'js/generated/bundle/api.js'))});
    for (const options of [{ storage: 'fs:/nonexistent' }, { storage: 'memory', peers: [], webrtc: true }]) {
      try { await createPeer(options).ready; console.log('opened'); } catch (error) { console.log(error.message); }
    }
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
  const [fileStorage, webrtc] = stdout.trim().split('\n');
  assert.match(fileStorage, /'fs:<dir>' needs Node and the package's Node entry/);
  assert.match(webrtc, /webrtc: true needs RTCPeerConnection/);
});

// A browser app's typed use of every browser entry, checked with no Node types at all.
const TYPED_CONSUMER = `
import { createStore, configure, defineSchema, type HolsterStore } from 'mutual-store';
import { useStore, useNode, useUser } from 'mutual-store/svelte';
import { createAllocationNetwork } from 'mutual-store/allocation';

interface Notes { items: string[] }
const Notes = defineSchema<Notes>({ type: 'object', properties: { items: { type: 'array', items: { type: 'string' } } }, required: ['items'] });
const peer = configure({ peers: ['ws://127.0.0.1:8765'] });
const notes: HolsterStore<Notes> = createStore({ holsterPath: 'notes', schema: Notes });
const now = useStore(notes);
const count: number = now.current?.items.length ?? 0;
now.current = { items: ['a'] };
const title = useNode(peer.get('board').next('title'));
const me = useUser(peer);
const alias: string | undefined = me.current?.alias;
// @ts-expect-error a node's value is read-only: write with put
title.current = 'x';
// @ts-expect-error the store's value must match its schema
now.current = { items: [1] };
createAllocationNetwork();
export { count, alias };
`;

test('tsc --strict accepts a typed browser consumer without Node types', async () => {
  await writeFile(join(app, 'consumer.ts'), TYPED_CONSUMER);
  await writeFile(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022',
      lib: ['es2022', 'dom'], types: [], skipLibCheck: false,
    },
    files: ['consumer.ts'],
  }));
  let output = '';
  try {
    await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', app], { encoding: 'utf8' });
  } catch (error) {
    output = String(error.stdout) + String(error.stderr);
  }
  assert.equal(output, '', `tsc reported:\n${output}`);
});
