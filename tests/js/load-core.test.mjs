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

test('no binding\'s JS invoker is compiled at start-up; each is made on its first call and then called directly', async () => {
  // embind compiles an invoker with the Function constructor, from source
  // that calls the C++ side as `invoker(fn, …)`; count those.
  const original = globalThis.Function;
  let compiled = 0;
  const count = (args) => {
    if (String(args.at(-1)).includes('invoker(fn')) compiled++;
  };
  globalThis.Function = new Proxy(original, {
    apply: (target, self, args) => (count(args), Reflect.apply(target, self, args)),
    construct: (target, args) => (count(args), Reflect.construct(target, args)),
  });
  let core;
  let checked;
  let afterLoad;
  try {
    ({ core, checked } = await loadCoreModule(importGlue, generated('mutual-store-core.wasm')));
    afterLoad = compiled;
    assert.equal(checked(core.mutualRecognition('a', 'b', '{"b":1}', '{"a":1}')), 1);
  } finally {
    globalThis.Function = original;
  }
  assert.equal(afterLoad, 0, 'invokers compiled while loading');
  assert.equal(compiled, 1, 'invokers compiled by the first call');
  const invoker = core.mutualRecognition;
  assert.equal(checked(invoker('a', 'b', '{"b":1}', '{"a":0.5}')), 0.5);
  assert.equal(core.mutualRecognition, invoker, 'later calls reach the same invoker');
  assert.throws(() => invoker('a'), /called with 1 arguments?, expected 4/);
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
