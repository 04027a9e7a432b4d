// The README's JavaScript examples run as written, importing 'mutual-store'
// by name as an app would. Where a console.log line carries a comment, what
// that very call prints must be the comment, whole ("…" stands for the rest
// of a number, or for any text elsewhere; runs of spaces count as one).
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

// Loaded before an example: every console.log call first writes a marker
// with the example's line it was called from, so each printed text is
// matched to its own call, whatever else printed in between.
const MARK = '\u0001';
const markCalls = `
const print = console.log;
console.log = (...args) => {
  const site = /example\\.mjs:(\\d+):\\d+\\)?$/.exec(new Error().stack.split('\\n')[2] ?? '');
  process.stdout.write('${MARK}' + (site ? site[1] : '?') + '${MARK}');
  print(...args);
};
`;

// Printed text per line of the example: line number -> [text of each call].
function printedByLine(output) {
  const parts = output.split(MARK);
  const byLine = new Map();
  if (parts[0].trim() !== '') byLine.set('?', [parts[0]]);
  for (let i = 1; i < parts.length; i += 2) {
    const line = parts[i];
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push(parts[i + 1]);
  }
  return byLine;
}

const squeezed = (text) => text.replace(/\s+/g, ' ').trim();

// The comment as a whole-text pattern: "…" after a digit is more digits, elsewhere any text.
function patternOf(expected) {
  const pieces = squeezed(expected).split('…');
  let source = '';
  pieces.forEach((piece, i) => {
    source += piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (i < pieces.length - 1) source += /\d$/.test(piece) ? '\\d*' : '.*?';
  });
  return new RegExp(`^${source}$`);
}

test('a README comment is compared with its own call\'s whole output', () => {
  assert.ok(patternOf('{ R1: 500, R2: 333.33… }').test('{ R1: 500, R2: 333.3333333333333 }'));
  assert.ok(!patternOf('{ R1: 500, R2: 333.33… }').test('{ R1: 500, R2: 333.34 }'));
  assert.ok(!patternOf('1').test('10'), 'a 1 is not any line containing a 1');
  const byLine = printedByLine(`${MARK}3${MARK}1\n${MARK}9${MARK}{\n  a: 1\n}\n${MARK}3${MARK}2\n`);
  assert.deepEqual(byLine.get('3'), ['1\n', '2\n']);
  assert.equal(squeezed(byLine.get('9')[0]), '{ a: 1 }');
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
      writeFileSync(join(dir, 'mark-calls.mjs'), markCalls);
      const output = execFileSync(process.execPath, ['--import', join(dir, 'mark-calls.mjs'), join(dir, 'example.mjs')], { encoding: 'utf8' });
      const printed = printedByLine(output);
      code.split('\n').forEach((line, index) => {
        const expected = /console\.log\(.*\);\s*\/\/\s*(.+)$/.exec(line)?.[1];
        if (!expected) return;
        const texts = printed.get(String(index + 1)) ?? [];
        assert.ok(texts.length > 0, `line ${index + 1} printed nothing: ${line.trim()}`);
        for (const text of texts) {
          assert.match(squeezed(text), patternOf(expected), `line ${index + 1}: ${line.trim()}`);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
