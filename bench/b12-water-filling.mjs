// B12: the water-filling rule on generateNetwork({n, k: 20, seed: 42}):
// rounds until maxDelta < 0.001 and time per round, through the package and
// through the plain-JS test oracle of the same rule (tests/oracle/), on the
// same network in one run; next to the seed rule's maxDelta after 100 rounds.
//
// Time per round is marginal: (time of 1 + x rounds − time of 1 round) / x,
// both with epsilon 0 so that every round runs. Setting up (the
// network crossing into the core, building the edges) and the result
// objects are paid once per call; the whole call is reported beside it.
import { generateNetwork, simulate } from '../js/index.js';
import { simulateWaterFilling } from '../tests/oracle/water-filling.mjs';
import { timeMedian, format } from './stats.mjs';
import { printAlone } from './report.mjs';

const SETTLE = { rule: 'water-filling', schedule: 'phased', epsilon: 0.001, maxRounds: 100 };
// Enough extra rounds that they, not the once-per-call costs, dominate.
const extraRounds = (n) => (n >= 100000 ? 20 : 100);

// Edges whose amounts differ by more than 1e-9 (relative, absolute below 1);
// an edge missing on one side carries 0. The oracle returns Maps.
function difference(ours, theirs) {
  const amounts = new Map();
  for (const [p, tiers] of Object.entries(ours)) {
    for (const tier of ['tier1', 'tier2']) for (const [r, x] of Object.entries(tiers[tier])) amounts.set(`${p} ${tier} ${r}`, [x, 0]);
  }
  for (const [p, tiers] of theirs) {
    for (const tier of ['tier1', 'tier2']) {
      for (const [r, x] of tiers[tier]) {
        const key = `${p} ${tier} ${r}`;
        amounts.set(key, [amounts.get(key)?.[0] ?? 0, x]);
      }
    }
  }
  for (const [key, [a, b]] of amounts) if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b))) return `${key}: ${a} ≠ ${b}`;
  return null;
}

function perRound(run, extra, repeat) {
  const one = timeMedian(() => run({ ...SETTLE, epsilon: 0, maxRounds: 1 }), { warmup: 0, repeat });
  const more = timeMedian(() => run({ ...SETTLE, epsilon: 0, maxRounds: 1 + extra }), { warmup: 0, repeat });
  return Math.max(0, more - one) / extra;
}

export function runB12({ full = false } = {}) {
  const rows = [];
  const mismatches = [];
  for (const n of [1000, 10000, 100000]) {
    const network = generateNetwork({ n, k: 20, seed: 42 });
    const repeat = n >= 100000 ? 1 : 3;
    let ours;
    const oursCallMs = timeMedian(() => (ours = simulate(network, SETTLE)), { warmup: 1, repeat });
    const oursPerRound = perRound((options) => simulate(network, options), extraRounds(n), repeat);
    // At 100,000 the oracle takes minutes: only with --full.
    let theirs = null;
    let theirPerRound = null;
    if (n < 100000 || full) {
      theirs = simulateWaterFilling(network, SETTLE);
      theirPerRound = perRound((options) => simulateWaterFilling(network, options), extraRounds(n), 1);
      const differs = ours.rounds !== theirs.rounds ? `rounds ${ours.rounds} ≠ ${theirs.rounds}` : difference(ours.allocations, theirs.allocations);
      if (differs) mismatches.push(`B12 n=${n}: ${differs}`);
    }
    const seed = simulate(network, { maxRounds: 100 });
    const ratio = theirPerRound && theirPerRound / oursPerRound;
    rows.push({
      id: 'B12',
      workload: `water-filling n=${n.toLocaleString('en')}, k=20: rounds to maxDelta < 0.001, time per round (seed rule: maxDelta ${seed.maxDelta.toFixed(0)} after 100 rounds)`,
      ours: `${ours.convergedAt ?? 'not settled in'} rounds, ${format.ms(oursPerRound)}/round (whole call ${format.ms(oursCallMs)})`,
      baseline: theirs ? `${theirs.convergedAt ?? 'not settled in'} rounds, ${format.ms(theirPerRound)}/round (JS oracle)` : 'not run (--full)',
      ratio: ratio ? format.ratio(ratio) : '—',
      required: n === 10000 ? 'goal ≥ 10x per round, same result' : 'same result',
      status: !theirs ? 'info' : n === 10000 ? (ratio >= 10 && !mismatches.length ? 'pass' : 'below goal') : 'info',
      values: {
        n, rounds: ours.rounds, convergedAt: ours.convergedAt, maxOverAllocation: ours.maxOverAllocation,
        oursCallMs, oursPerRound, theirPerRound, ratio, seedMaxDeltaAfter100: seed.maxDelta,
      },
    });
  }
  return { rows, mismatches };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printAlone(runB12({ full: process.argv.includes('--full') }));
}
