// js/load-core.js: a wasm that cannot be read, compiled or linked rejects the
// load with the reason instead of leaving the generated code waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCoreModule } from '../../js/load-core.js';

const importGlue = () => import('../../js/generated/mutual-store-core.mjs');
const generated = (name) => new URL(`../../js/generated/${name}`, import.meta.url);

test('loads the package module and answers a call', async () => {
  const { core, checked } = await loadCoreModule(importGlue, generated('mutual-store-core.wasm'));
  assert.equal(typeof checked(core.mutualRecognition), 'function');
});

test('a missing wasm file rejects with the file system error', async () => {
  await assert.rejects(loadCoreModule(importGlue, generated('no-such-module.wasm')), { code: 'ENOENT' });
});

test('bytes that are not wasm reject with a compile error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ms-load-core-'));
  try {
    const file = join(dir, 'broken.wasm');
    await writeFile(file, 'not wasm');
    await assert.rejects(loadCoreModule(importGlue, pathToFileURL(file)), WebAssembly.CompileError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a wasm the glue cannot link (another module\'s) rejects with a link error', async () => {
  await assert.rejects(loadCoreModule(importGlue, generated('mutual-store-relay.wasm')), WebAssembly.LinkError);
});
