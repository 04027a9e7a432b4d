// The relay runs on its own wasm module only: with file storage too (whose
// journal code is shared with the package), nothing loads the package's core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

// Runs in a child so that no module of this test process is counted: every
// wasm file read goes through node:fs/promises' readFile, which it watches.
const child = `
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const read = fsp.readFile;
const wasmRead = [];
fsp.readFile = (file, ...rest) => {
  if (String(file).endsWith('.wasm')) wasmRead.push(String(file).split('/').pop());
  return read(file, ...rest);
};
syncBuiltinESMExports();
const { createRelay } = await import('./js/relay/relay.js');
const relay = await createRelay({ port: 0, storage: 'fs:' + process.argv[1] });
await relay.close();
console.log(JSON.stringify(wasmRead));
`;

test('a relay with file storage loads only mutual-store-relay.wasm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-relay-module-'));
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', child, dir], { cwd: repo, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()), ['mutual-store-relay.wasm']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
