// `npm run bench`: runs the benchmarks, prints a markdown table, writes
// bench/results.json. Exits non-zero only when a result disagrees with its
// baseline: timing never fails a run. `--full` also runs the plain-JS
// allocation baseline at n = 100,000 (about a minute) and the water-filling
// oracle there (B12).
import { writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runB1 } from './b1-simulate.mjs';
import { runB2 } from './b2-two-tier.mjs';
import { runB3 } from './b3-schema.mjs';
import { runB3Durable } from './b3-store-durable.mjs';
import { runB4 } from './b4-signatures.mjs';
import { runB5 } from './b5-graph.mjs';
import { runB6 } from './b6-relay.mjs';
import { runB7 } from './b7-size.mjs';
import { runB8 } from './b8-cold-start.mjs';
import { runB10 } from './b10-live-allocation.mjs';
import { runB11 } from './b11-cluster.mjs';
import { runB12 } from './b12-water-filling.mjs';
import { tableOf } from './report.mjs';

// B9 runs alone, with --expose-gc, so that heap figures mean something.
async function runB9() {
  const script = new URL('./b9-memory.mjs', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', script], { maxBuffer: 1 << 20 });
  const { fields, oursBytes, gunBytes, identical } = JSON.parse(stdout.trim().split('\n').pop());
  return {
    rows: [{
      id: 'B9',
      workload: `memory per field at ${fields.toLocaleString('en')} fields (wasm heap vs gun's JS heap)`,
      ours: `${oursBytes.toFixed(0)} B`,
      baseline: `${gunBytes.toFixed(0)} B (gun)`,
      ratio: `${(oursBytes / gunBytes).toFixed(2)}x of gun's`,
      required: '≤ 1x (goal ≤ 0.25x)',
      status: oursBytes <= gunBytes ? 'pass' : 'FAIL',
      values: { fields, oursBytes, gunBytes },
    }],
    mismatches: identical ? [] : ['B9: a read-back after the writes differed'],
  };
}

const full = process.argv.includes('--full');
// `--only B1,B7` runs just those suites (by the name before any space).
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set(process.argv[onlyAt + 1].split(',')) : null;
const allSuites = [
  ['B1', () => runB1({ full })],
  ['B2', runB2],
  ['B3', runB3],
  ['B3 (store)', () => runB3Durable()],
  ['B4', runB4],
  ['B5', () => runB5()],
  ['B6', () => runB6()],
  ['B7', runB7],
  ['B8', () => runB8()],
  ['B9', runB9],
  ['B10', () => runB10()],
  ['B11', () => runB11()],
  ['B12', () => runB12({ full })],
];
const suites = only ? allSuites.filter(([name]) => only.has(name.split(' ')[0])) : allSuites;

const rows = [];
const mismatches = [];
for (const [name, run] of suites) {
  process.stderr.write(`running ${name}…\n`);
  const result = await run();
  rows.push(...result.rows);
  mismatches.push(...result.mismatches);
}

console.log(tableOf(rows));
console.log(`\nNode ${process.version}, ${new Date().toISOString()}${full ? ', --full' : ''}`);

await writeFile(
  new URL('./results.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, full, rows, mismatches }, null, 2) + '\n',
);
if (mismatches.length) {
  console.error(`\nResults differ from the baseline:\n${mismatches.join('\n')}`);
  process.exit(1);
}
