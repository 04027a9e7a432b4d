// B10: one allocation round of a participant with 100, 1,000 and 10,000
// subscribed peers, timed from one peer's update (a new commitment arriving)
// to the recomputed allocation state.
//   ours:     liveNetwork.setCommitment(peer, c) + liveNetwork.allocate(…), the
//             network already held in the core;
//   baseline: what the seed does: update its per-peer maps, build the Records
//             of all network data, then the plain-JS implementation's (tests/oracle)
//             computeAllMutualRecognition + computeTwoTierAllocation.
// Both sides see the same updates in the same run and their results are
// compared after every update. `node bench/b10-live-allocation.mjs` prints the rows.
import { pathToFileURL } from 'node:url';
import { createLiveNetwork } from '../js/allocation/live-network.js';
import * as plainJs from '../tests/oracle/allocation.mjs';
import { median, firstDifference, format } from './stats.mjs';

const NOW = 1_700_000_000_000;
const STALE_MS = 60_000;
const CAPACITY = 5000;

// I recognise 80% of my peers; 60% of them recognise me back (with k other
// entries each, as published weights have), so there are mutual partners,
// one-way beneficiaries and one-way providers. Weights sum to 1.
function buildNetwork(peers, seed, k = 20) {
  const rand = plainJs.prng(seed);
  const pubs = Array.from({ length: peers }, (_, i) => `peer${i.toString(36).padStart(5, '0')}`);
  const normalised = (raw) => {
    const sum = Object.values(raw).reduce((a, b) => a + b, 0);
    for (const key in raw) raw[key] /= sum;
    return raw;
  };
  const myWeights = {};
  for (const pub of pubs) if (rand() < 0.8) myWeights[pub] = 0.05 + rand();
  normalised(myWeights);
  const weights = new Map();
  const commitments = new Map();
  for (const pub of pubs) {
    const w = {};
    if (rand() < 0.6) w.me = 0.05 + rand();
    for (let j = 0; j < k; j++) w[pubs[Math.floor(rand() * peers)]] = 0.05 + rand();
    weights.set(pub, normalised(w));
    commitments.set(pub, commitmentFor(rand, NOW - Math.floor(rand() * 30_000)));
  }
  return { pubs, myWeights, weights, commitments };
}

function commitmentFor(rand, timestamp) {
  return {
    residual_need: Math.round(rand() * 1000),
    stated_need: 1000,
    damping_factor: [0.5, 0.8, 1][Math.floor(rand() * 3)],
    over_allocation_history: [],
    attributes: { location: rand() < 0.7 ? 'SF' : 'NYC' },
    timestamp,
  };
}

// The seed's round: Records rebuilt from its per-peer maps, then the plain-JS rules.
function baselineRound(net) {
  const networkWeights = {};
  for (const [pub, w] of net.weights) networkWeights[pub] = w;
  const fresh = {};
  for (const [pub, c] of net.commitments) if (c.timestamp >= NOW - STALE_MS) fresh[pub] = c;
  const mr = plainJs.computeAllMutualRecognition('me', net.myWeights, networkWeights);
  return plainJs.computeTwoTierAllocation('me', CAPACITY, 'default', mr, net.myWeights, fresh, undefined);
}

function withoutTimestamp({ timestamp, ...rest }) {
  return rest;
}

function measure(peers, repetitions) {
  const net = buildNetwork(peers, peers);
  const live = createLiveNetwork('me');
  live.setMyWeights(net.myWeights);
  for (const [pub, w] of net.weights) live.setRecognitionWeights(pub, w);
  for (const [pub, c] of net.commitments) live.setCommitment(pub, c);

  const rand = plainJs.prng(7 * peers);
  const oursMs = [];
  const theirMs = [];
  let mismatch = null;
  const warmup = 10;
  for (let rep = 0; rep < warmup + repetitions; rep++) {
    const pub = net.pubs[Math.floor(rand() * peers)];
    const update = commitmentFor(rand, NOW - Math.floor(rand() * 1000));
    // Alternate which side goes first so drift in machine load hits both.
    const runOurs = () => {
      const start = performance.now();
      live.setCommitment(pub, update);
      const state = live.allocate({ capacityId: 'default', capacity: CAPACITY, now: NOW });
      return [performance.now() - start, state];
    };
    const runTheirs = () => {
      const start = performance.now();
      net.commitments.set(pub, update);
      const state = baselineRound(net);
      return [performance.now() - start, state];
    };
    let ourRun;
    let theirRun;
    if (rep % 2) {
      ourRun = runOurs();
      theirRun = runTheirs();
    } else {
      theirRun = runTheirs();
      ourRun = runOurs();
    }
    const [[ourTime, ours], [theirTime, theirs]] = [ourRun, theirRun];
    if (rep >= warmup) {
      oursMs.push(ourTime);
      theirMs.push(theirTime);
    }
    mismatch ??= firstDifference(withoutTimestamp(ours), withoutTimestamp(theirs));
  }
  live.destroy();
  return { oursMs: median(oursMs), theirMs: median(theirMs), mismatch, recipients: Object.keys(net.myWeights).length };
}

export function runB10({ sizes = [100, 1000, 10000], repetitions = 21 } = {}) {
  const rows = [];
  const mismatches = [];
  for (const peers of sizes) {
    const { oursMs, theirMs, mismatch, recipients } = measure(peers, repetitions);
    const label = `${peers.toLocaleString('en')} peers`;
    if (mismatch) mismatches.push(`B10 ${label}: ${mismatch}`);
    rows.push({
      id: 'B10',
      workload: `one peer's new commitment → my allocation state, ${label} (${recipients.toLocaleString('en')} recognised)`,
      ours: format.us(oursMs * 1000),
      baseline: `${format.us(theirMs * 1000)} (seed: Records + plain JS)`,
      ratio: format.ratio(theirMs / oursMs),
      required: '—',
      status: mismatch ? 'FAIL' : 'info',
      values: { peers, recipients, oursMs, theirMs, ratio: theirMs / oursMs, identical: !mismatch },
    });
  }
  return { rows, mismatches };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, mismatches } = runB10();
  for (const row of rows) console.log(`| ${[row.id, row.workload, row.ours, row.baseline, row.ratio, row.status].join(' | ')} |`);
  if (mismatches.length) {
    console.error(mismatches.join('\n'));
    process.exitCode = 1;
  }
}
