// B1: simulate(generateNetwork({n, k: 20, seed: 42}), {maxRounds: 20})
// through the package, against the plain-JS implementation (tests/oracle) on
// the same network.
import { generateNetwork, simulate } from '../js/index.js';
import * as plainJs from '../tests/oracle/allocation.mjs';
import { timeMedian, firstDifference, format } from './stats.mjs';

const OPTIONS = { maxRounds: 20 };

function withoutTrace({ trace, ...result }) {
  return result;
}

function edgesOf(network) {
  return Object.values(network.weights).reduce((sum, row) => sum + Object.keys(row).length, 0);
}

export function runB1({ full = false } = {}) {
  const rows = [];
  const mismatches = [];
  for (const n of [1000, 10000, 100000]) {
    const params = { n, k: 20, seed: 42 };
    const network = generateNetwork(params);
    const theirNetwork = plainJs.generateNetwork(params);
    const edges = edgesOf(network);
    const repeat = n >= 100000 ? 3 : 5;
    let ours;
    const oursMs = timeMedian(() => (ours = simulate(network, OPTIONS)), { warmup: 1, repeat });
    // At 100,000 the plain-JS simulation needs about a minute per run: once, and only with --full.
    const runReference = n < 100000 || full;
    let theirs = null;
    const theirMs = runReference
      ? timeMedian(() => (theirs = plainJs.simulate(theirNetwork, OPTIONS)), { warmup: 0, repeat: n >= 100000 ? 1 : 3 })
      : null;
    if (theirs) {
      const difference = firstDifference(withoutTrace(ours), theirs);
      if (difference) mismatches.push(`B1 n=${n}: ${difference}`);
    }
    rows.push({
      id: 'B1',
      workload: `simulate n=${n.toLocaleString('en')}, k=20, 20 rounds (${edges.toLocaleString('en')} edges)`,
      ours: format.ms(oursMs),
      baseline: theirMs === null ? 'not run (--full)' : format.ms(theirMs),
      ratio: theirMs === null ? `${((oursMs * 1e6) / (edges * ours.rounds)).toFixed(1)} ns/edge/round` : format.ratio(theirMs / oursMs),
      required: n === 10000 ? '≥ 30x, identical' : 'linear in edges',
      status: theirMs === null ? 'info' : n === 10000 ? (theirMs / oursMs >= 30 && !mismatches.length ? 'pass' : 'FAIL') : 'info',
      values: { n, edges, oursMs, theirMs, ratio: theirMs && theirMs / oursMs, identical: theirs ? !firstDifference(withoutTrace(ours), theirs) : null },
    });
  }
  return { rows, mismatches };
}
