// What the core's headers generate for the JS side (tools/boundary): the
// module and its declarations agree, the package ships them, and the JS
// helpers built on them follow the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as boundary from '../../js/generated/boundary.js';
import * as allocationConstants from '../../js/generated/allocation-constants.js';
import { core } from '../../js/core.js';
import { retryDelay } from '../../js/net/backoff.js';
import { userSoul, aliasSoul, isUsableKey } from '../../js/peer/soul-names.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

test('every generated constant is declared with its value in the declarations', () => {
  for (const [module, file] of [[boundary, 'boundary'], [allocationConstants, 'allocation-constants']]) checkDeclared(module, file);
});

function checkDeclared(module, file) {
  const declarations = readFileSync(new URL(`../../js/generated/${file}.d.ts`, import.meta.url), 'utf8');
  for (const [name, value] of Object.entries(module)) {
    const line = declarations.split('\n').find((l) => l.startsWith(`export const ${name}:`));
    assert.ok(line, `${name} is declared`);
    if (typeof value === 'object') {
      for (const [field, position] of Object.entries(value)) assert.ok(line.includes(`readonly ${field}: ${position}`), `${name}.${field}`);
      assert.ok(Object.isFrozen(value));
    } else {
      assert.equal(line, `export const ${name}: ${JSON.stringify(value)};`);
    }
  }
}

test('the package ships the generated module and declarations', () => {
  const npm = process.env.npm_execpath;
  const [packed] = JSON.parse(npm && npm.endsWith('.js')
    ? execFileSync(process.execPath, [npm, 'pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8' })
    : execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8' }));
  const files = new Set(packed.files.map((f) => f.path));
  for (const file of ['allocation-constants.js', 'allocation-constants.d.ts', 'boundary.js', 'boundary.d.ts', 'schema-types.d.ts'].map((f) => `js/generated/${f}`)) {
    assert.ok(files.has(file), `${file} is in the package`);
  }
});

test('reconnection delays: the core\'s capped doubling, jittered by the platform from half to all of it', () => {
  const backoff = { baseMs: 250, capMs: 10_000 };
  assert.equal(retryDelay(0, core.retryCeilingMs, backoff, () => 1), 250);
  assert.equal(retryDelay(3, core.retryCeilingMs, backoff, () => 1), 2000);
  assert.equal(retryDelay(3, core.retryCeilingMs, backoff, () => 0), 1000);
  assert.equal(retryDelay(40, core.retryCeilingMs, backoff, () => 1), 10_000);
});

test('soul names and usable keys follow the core\'s prefixes and meta key', () => {
  assert.equal(userSoul('PUB'), '~PUB');
  assert.equal(aliasSoul('ann'), '~@ann');
  assert.equal(isUsableKey('a'), true);
  for (const key of ['', '_', undefined, null, 5]) assert.equal(isUsableKey(key), false);
});
