// The public JSON-Schema-Test-Suite (draft 2020-12, vendored as data in
// tests/vendor/json-schema-test-suite) against defineSchema. Every schema is
// either compiled, and then every one of its cases must answer right, or
// refused with an error that names what it uses and we do not support.
// Nothing is skipped: the counts are printed and each file is accounted for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { defineSchema } from '../../js/index.js';

const folder = new URL('../vendor/json-schema-test-suite/draft2020-12/', import.meta.url);
const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();

// A refusal must name a keyword or reference that the schema really contains.
function namedThing(message) {
  return /keyword "([^"]+)"/.exec(message)?.[1] ?? /reference "([^"]+)"/.exec(message)?.[1] ?? null;
}

// We assert `format` (the specification lets an implementation choose to, and
// a format that is not enforced would be a silent gap): format.json's cases
// of an invalid string "only an annotation by default" must be invalid here.
// Every other case is taken as the suite says.
const assertedFormat = (file, entry) => file === 'format.json' && /only an annotation by default/.test(entry.description);

function runGroup(group, file) {
  let schema;
  try {
    schema = defineSchema(group.schema);
  } catch (error) {
    const named = error instanceof TypeError ? namedThing(error.message) : null;
    if (!named || !JSON.stringify(group.schema).includes(JSON.stringify(named))) {
      return { wrong: [`refused with "${error}", which names nothing unsupported that the schema uses`] };
    }
    return { refused: 1, refusedCases: group.tests.length, named };
  }
  const wrong = [];
  let formatAsserted = 0;
  for (const entry of group.tests) {
    const expected = assertedFormat(file, entry) ? false : entry.valid;
    formatAsserted += assertedFormat(file, entry);
    const answer = schema.safeParse(entry.data).success;
    if (answer !== expected) wrong.push(`${entry.description} (expected ${expected ? 'valid' : 'invalid'})`);
  }
  return { compiled: 1, passed: group.tests.length - wrong.length, wrong, formatAsserted };
}

test('JSON-Schema-Test-Suite draft2020-12: every compiled schema answers every case right, the rest are refused by name', () => {
  const totals = { files: 0, compiled: 0, refused: 0, passed: 0, refusedCases: 0, formatAsserted: 0 };
  const wrong = [];
  const refusedFor = new Map();
  for (const file of files) {
    totals.files++;
    for (const group of JSON.parse(readFileSync(new URL(file, folder), 'utf8'))) {
      const result = runGroup(group, file);
      totals.formatAsserted += result.formatAsserted ?? 0;
      totals.compiled += result.compiled ?? 0;
      totals.refused += result.refused ?? 0;
      totals.refusedCases += result.refusedCases ?? 0;
      totals.passed += result.passed ?? 0;
      if (result.named) refusedFor.set(result.named, (refusedFor.get(result.named) ?? 0) + 1);
      for (const line of result.wrong ?? []) wrong.push(`${file} / ${group.description} / ${line}`);
    }
  }
  const refusals = [...refusedFor].map(([name, count]) => `${name}×${count}`).join(', ');
  console.log(`JSON-Schema-Test-Suite: ${totals.files} files; schemas compiled ${totals.compiled}, refused ${totals.refused} (${totals.refusedCases} cases: ${refusals}); cases passed ${totals.passed} (${totals.formatAsserted} of them invalid formats we assert), wrong ${wrong.length}`);
  assert.deepEqual(wrong, []);
  assert.ok(totals.compiled > 0 && totals.passed > 0);
});
