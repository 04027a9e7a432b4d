// The TypeScript declarations compile against documented usage (and catch a
// wrong type), resolved through the package name as an app would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

test('index.d.ts type-checks the documented usage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ms-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repo, join(dir, 'node_modules', 'mutual-store'));
    symlinkSync(join(repo, 'node_modules/zod'), join(dir, 'node_modules', 'zod'));
    copyFileSync(join(repo, 'tests/js/types/usage.ts'), join(dir, 'usage.ts'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: false },
      files: ['usage.ts'],
    }));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    } catch (error) {
      output = String(error.stdout) + String(error.stderr);
    }
    assert.equal(output, '', `tsc reported:\n${output}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
