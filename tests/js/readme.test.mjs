// The README's JavaScript examples run as written, importing 'mutual-store'
// by name as an app would; where a console.log line carries a comment with
// an exact value (no "…"), the output must contain it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the README has JavaScript examples', () => {
  assert.ok(examples.length >= 2);
});

examples.forEach((code, i) => {
  test(`README example ${i + 1} runs`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-readme-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(repo, join(dir, 'node_modules', 'mutual-store'));
      // What the examples import besides the package (Zod and Svelte, as an app would have).
      for (const name of ['zod', 'svelte']) symlinkSync(join(repo, 'node_modules', name), join(dir, 'node_modules', name));
      writeFileSync(join(dir, 'example.mjs'), code);
      const output = execFileSync(process.execPath, [join(dir, 'example.mjs')], { encoding: 'utf8' });
      for (const [, expected] of code.matchAll(/console\.log\(.*\);\s*\/\/\s*(.+)$/gm)) {
        if (!expected.includes('…')) assert.ok(output.includes(expected.trim()), `output lacks "${expected}":\n${output}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
