// The package against the plain-JS oracle (tests/oracle, written separately
// from the rules) on seeded random inputs: single calls and whole
// simulations must agree to 1e-9 (relative).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../js/index.js';
import { assertClose } from './support/close.mjs';
import * as oracle from '../oracle/allocation.mjs';

const CASES = 200;

// Random inputs of the shapes the seed's data has: some mutual, some
// one-way, some without commitment, zero needs, damping, attributes.
function randomAllocationInput(rand, caseIndex) {
  const count = 1 + Math.floor(rand() * 40);
  const ids = Array.from({ length: count }, (_, i) => `pub${caseIndex}_${i}`);
  const mrValues = {};
  const weights = {};
  const commitments = {};
  const places = ['SF', 'NYC', 'Berlin'];
  for (const id of ids) {
    const r = rand();
    if (r < 0.5) mrValues[id] = rand() < 0.15 ? 0 : rand();
    if (r > 0.3) weights[id] = rand() < 0.1 ? 0 : rand();
    if (rand() < 0.85) {
      const c = { residual_need: rand() < 0.1 ? 0 : Math.round(rand() * 1000 * 100) / 100, stated_need: 1000 };
      if (rand() < 0.4) c.damping_factor = [0.5, 0.8, 1][Math.floor(rand() * 3)];
      if (rand() < 0.7) c.attributes = { location: places[Math.floor(rand() * 3)], skills: ['a', 'b', 'c'].filter(() => rand() < 0.5) };
      commitments[id] = c;
    }
  }
  const capacity = rand() < 0.1 ? 0 : Math.round(rand() * 5000);
  let filter;
  const f = rand();
  if (f < 0.2) filter = { filter_fn: 'all', required_attributes: { location: places[Math.floor(rand() * 3)] } };
  else if (f < 0.3) filter = { filter_fn: 'all', required_attributes: { skills: ['a', 'c'] } };
  else if (f < 0.35) filter = { filter_fn: 'all' };
  return { capacity, mrValues, weights, commitments, filter };
}

test('computeTwoTierAllocation agrees with the oracle on 200 seeded random inputs', () => {
  const rand = oracle.prng(2026);
  for (let i = 0; i < CASES; i++) {
    const { capacity, mrValues, weights, commitments, filter } = randomAllocationInput(rand, i);
    const ours = engine.computeTwoTierAllocation('provider', capacity, 'cap', mrValues, weights, commitments, filter);
    const theirs = oracle.computeTwoTierAllocation('provider', capacity, 'cap', mrValues, weights, commitments, filter);
    delete ours.timestamp;
    delete theirs.timestamp;
    assertClose(ours, theirs, 1e-9, `case ${i}`);
  }
});

// The same record with its keys in another order (a seeded shuffle).
function reordered(record, rand) {
  const entries = Object.entries(record);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return Object.fromEntries(entries);
}

// js/allocation-engine.js pairs each MR key with its weight by walking both
// key lists in one order and falls back to a lookup when the orders differ:
// both paths must give the oracle's answer, key order of the result included.
test('computeTwoTierAllocation agrees with the oracle when mrValues and weights list their keys in different orders', () => {
  const rand = oracle.prng(77);
  for (let i = 0; i < CASES; i++) {
    const input = randomAllocationInput(rand, i);
    const mrValues = reordered(input.mrValues, rand);
    const weights = i % 2 ? reordered(input.weights, rand) : input.weights;
    const args = ['provider', input.capacity, 'cap', mrValues, weights, input.commitments, input.filter];
    const ours = engine.computeTwoTierAllocation(...args);
    const theirs = oracle.computeTwoTierAllocation(...args);
    delete ours.timestamp;
    delete theirs.timestamp;
    assertClose(ours, theirs, 1e-9, `case ${i}`);
    for (const tier of ['mutualAllocations', 'nonMutualAllocations']) {
      assert.deepEqual(Object.keys(ours[tier].cap), Object.keys(theirs[tier].cap), `case ${i} ${tier} key order`);
    }
  }
});

test('computeAllMutualRecognition and computeMutualRecognition agree with the oracle', () => {
  const rand = oracle.prng(7);
  for (let i = 0; i < CASES; i++) {
    const ids = Array.from({ length: 2 + Math.floor(rand() * 12) }, (_, j) => `u${j}`);
    const network = {};
    for (const id of ids) {
      const w = {};
      for (const other of ids) if (rand() < 0.4) w[other] = rand() < 0.1 ? 0 : rand();
      network[id] = w;
    }
    const me = ids[0];
    assertClose(
      engine.computeAllMutualRecognition(me, network[me], network),
      oracle.computeAllMutualRecognition(me, network[me], network),
      1e-9,
      `case ${i}`,
    );
    const them = ids[1 + Math.floor(rand() * (ids.length - 1))];
    assert.equal(
      engine.computeMutualRecognition(me, them, network[me], network[them]),
      oracle.computeMutualRecognition(me, them, network[me], network[them]),
    );
  }
});

test('passesFilter agrees with the oracle on random attributes and requirements', () => {
  const rand = oracle.prng(99);
  const values = ['a', 'b', 1, 2, true, 'SF'];
  const pick = () => values[Math.floor(rand() * values.length)];
  const maybeArray = () => (rand() < 0.4 ? [pick(), pick()] : pick());
  for (let i = 0; i < CASES; i++) {
    const attributes = {};
    for (const key of ['x', 'y', 'z']) if (rand() < 0.6) attributes[key] = maybeArray();
    const required = {};
    for (const key of ['x', 'y', 'w']) if (rand() < 0.5) required[key] = maybeArray();
    const commitment = rand() < 0.9 ? { residual_need: 1, attributes } : { residual_need: 1 };
    const filter = { filter_fn: 'all', required_attributes: required };
    assert.equal(engine.passesFilter(commitment, filter), oracle.passesFilter(commitment, filter), `case ${i}`);
  }
});

test('damping agrees with the oracle and never mutates its input', () => {
  const rand = oracle.prng(5);
  for (let i = 0; i < CASES; i++) {
    const history = Array.from({ length: Math.floor(rand() * 5) }, () => Math.floor(rand() * 4) * 50);
    assert.equal(engine.computeDampingFactor(history), oracle.computeDampingFactor(history), `history ${history}`);
    const commitment = { stated_need: 500, residual_need: 100, over_allocation_history: history.slice(0, 3), extra: { keep: true } };
    const before = structuredClone(commitment);
    const received = Math.round(rand() * 1000);
    const ours = engine.updateCommitmentDamping(commitment, received);
    assert.deepEqual(commitment, before, 'input untouched');
    assert.deepEqual(ours, oracle.updateCommitmentDamping(commitment, received));
  }
});

test('vector clocks, round advancement and the causal snapshot agree with the oracle', () => {
  const rand = oracle.prng(31);
  const pubs = ['me', 'a', 'b', 'c', 'd'];
  const clock = () => Object.fromEntries(pubs.filter(() => rand() < 0.6).map((pub) => [pub, Math.floor(rand() * 4)]));
  const NOW = 10_000_000;
  for (let i = 0; i < CASES; i++) {
    const [x, y] = [clock(), clock()];
    assert.equal(engine.compareVectorClocks(x, y), oracle.compareVectorClocks(x, y), `compare ${JSON.stringify([x, y])}`);
    assert.deepEqual(engine.mergeVectorClocks(x, y), oracle.mergeVectorClocks(x, y));
    assert.deepEqual(engine.incrementVectorClock(x, 'me'), oracle.incrementVectorClock(x, 'me'));
    const commitments = {};
    const roundStates = {};
    for (const pub of pubs) {
      // Fresh, stale or without a timestamp; with a clock or without.
      if (rand() < 0.8) commitments[pub] = rand() < 0.9 ? { timestamp: NOW - Math.floor(rand() * 90_000) } : {};
      if (commitments[pub] && rand() < 0.7) commitments[pub].vectorClock = clock();
      if (rand() < 0.8) roundStates[pub] = { round: Math.floor(rand() * 4) };
    }
    const myRound = Math.floor(rand() * 4);
    assert.equal(
      engine.shouldAdvanceRound('me', myRound, roundStates, commitments, NOW),
      oracle.shouldAdvanceRound('me', myRound, roundStates, commitments, NOW),
      `case ${i}`,
    );
    assert.deepEqual(engine.getCausallyConsistentCommitments(x, commitments), oracle.getCausallyConsistentCommitments(x, commitments));
  }
});

test('generateNetwork builds exactly the oracle network', () => {
  for (const [n, k, seed] of [[1, 3, 1], [2, 1, 9], [50, 5, 42], [300, 20, 7], [1000, 20, 42]]) {
    assert.deepStrictEqual(engine.generateNetwork({ n, k, seed }), oracle.generateNetwork({ n, k, seed }), `n=${n} k=${k} seed=${seed}`);
  }
  const options = { n: 120, k: 6, seed: 3, providerFraction: 0.6, selfRate: 0.5 };
  assert.deepStrictEqual(engine.generateNetwork(options), oracle.generateNetwork(options));
});

test('simulate agrees with the oracle on seeded networks, options and hand-made networks', () => {
  const rand = oracle.prng(11);
  for (let i = 0; i < 40; i++) {
    const n = 2 + Math.floor(rand() * 300);
    const k = 1 + Math.floor(rand() * 12);
    const seed = Math.floor(rand() * 1e6);
    const options = {
      maxRounds: Math.floor(rand() * 25),
      relaxation: [1, 0.5, 0.3, 0.9][i % 4],
      epsilon: [0.001, 0.1, 5][i % 3],
    };
    const network = oracle.generateNetwork({ n, k, seed, providerFraction: rand(), selfRate: rand() * 0.5 });
    const ours = engine.simulate(network, options);
    const theirs = oracle.simulate(network, options);
    assertClose(ours, theirs, 1e-9, `network ${i} (n=${n} k=${k} seed=${seed})`);
  }
});

test('simulate reads networks written by hand, with any ids', () => {
  const network = {
    ids: ['alice', 'bob', 'carol with space'],
    weights: {
      alice: { alice: 0.3, bob: 0.4, 'carol with space': 0.3 },
      bob: { alice: 0.6, 'carol with space': 0.4 },
      'carol with space': { alice: 0.2, bob: 0.8 },
    },
    participants: {
      alice: { capacity: 1000, stated_need: 500 },
      bob: { capacity: 0, stated_need: 500 },
      'carol with space': { capacity: 300, stated_need: 500 },
    },
  };
  assertClose(engine.simulate(network, { maxRounds: 10 }), oracle.simulate(network, { maxRounds: 10 }));
});

test('simulate with trace reports total residual need and maxDelta per round', () => {
  const network = engine.generateNetwork({ n: 100, k: 5, seed: 1 });
  const { trace, rounds, commitments, maxDelta } = engine.simulate(network, { maxRounds: 6, trace: true });
  assert.equal(trace.totalResidual.length, rounds);
  assert.equal(trace.maxDelta.at(-1), maxDelta);
  const total = Object.values(commitments).reduce((sum, c) => sum + c.residual_need, 0);
  assertClose(trace.totalResidual.at(-1), total, 1e-9);
});
