// The water-filling rule through the package, against the plain-JS oracle
// written from the spec (tests/oracle/water-filling.mjs): same rounds, same
// allocations; distributed equals central; the seed rule is unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, centralAllocation, generateNetwork } from '../../js/index.js';
import * as oracle from '../oracle/water-filling.mjs';

function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let t = s ^ (s >>> 16);
    t = Math.imul(t, 0x85ebca6b) >>> 0;
    t ^= t >>> 13;
    t = Math.imul(t, 0xc2b2ae35) >>> 0;
    return ((t ^ (t >>> 16)) >>> 0) / 4294967296;
  };
}

// Small networks where ties are common: weights, needs and capacities from
// short lists, zero needs and capacities, self-recognition, filters.
function randomNetwork(rand, index) {
  const n = 2 + Math.floor(rand() * 20);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const ids = Array.from({ length: n }, (_, i) => `c${index}-${i}`);
  const weights = {};
  const participants = {};
  const filtered = rand() < 0.4;
  for (const id of ids) {
    weights[id] = {};
    for (const other of ids) if (rand() < (other === id ? 0.2 : 0.35)) weights[id][other] = pick([0, 0.1, 0.2, 0.25, 0.5, 1]);
    const p = { capacity: rand() < 0.5 ? pick([0, 1, 2, 5, 10, 20, 50]) : 0, stated_need: pick([0, 1, 2, 5, 10, 10, 20, 50]) };
    if (filtered && rand() < 0.8) p.attributes = { location: pick(['SF', 'NYC', 'Berlin']) };
    if (filtered && rand() < 0.5) p.filter = { filter_fn: pick(['all', 'any']), required_attributes: { location: pick([['SF'], 'NYC']) } };
    participants[id] = p;
  }
  return { ids, weights, participants };
}

// [provider, recipient, tier, amount] rows of either shape (objects or Maps).
function rows(allocations) {
  const entries = (x) => (x instanceof Map ? [...x.entries()] : Object.entries(x));
  const out = [];
  for (const [p, tiers] of entries(allocations)) {
    for (const [r, amount] of entries(tiers.tier1)) out.push([p, r, 1, amount]);
    for (const [r, amount] of entries(tiers.tier2)) out.push([p, r, 2, amount]);
  }
  return out.sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : a[0] + a[1] > b[0] + b[1] ? 1 : a[2] - b[2]));
}

// Same edges carrying amounts within `tolerance` (an edge missing on one
// side counts as carrying 0).
function assertSameAllocations(actual, expected, tolerance, label) {
  const key = ([p, r, tier]) => JSON.stringify([p, r, tier]);
  const mine = new Map(rows(actual).map((row) => [key(row), row[3]]));
  const theirs = new Map(rows(expected).map((row) => [key(row), row[3]]));
  for (const k of new Set([...mine.keys(), ...theirs.keys()])) {
    const a = mine.get(k) ?? 0, b = theirs.get(k) ?? 0;
    assert.ok(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b)), `${label}: ${k} carries ${a}, expected ${b}`);
  }
}

test('simulate (water-filling) agrees with the oracle on 150 seeded random networks, both schedules', () => {
  const rand = seeded(14);
  for (let i = 0; i < 150; i++) {
    const network = randomNetwork(rand, i);
    for (const schedule of ['phased', 'merged']) {
      const options = { rule: 'water-filling', schedule, maxRounds: 60, epsilon: 1e-9 };
      const ours = simulate(network, options);
      const theirs = oracle.simulateWaterFilling(network, options);
      const label = `case ${i} ${schedule}`;
      assert.equal(ours.rounds, theirs.rounds, `${label}: rounds`);
      assert.equal(ours.convergedAt, theirs.convergedAt, `${label}: convergedAt`);
      assert.ok(ours.maxOverAllocation <= 1e-9 && ours.maxOverCapacity <= 1e-9, `${label}: invariants`);
      assertSameAllocations(ours.allocations, theirs.allocations, 1e-9, label);
      assertSameAllocations(ours.allocations, oracle.centralAllocation(network), 1e-6, `${label} vs central`);
    }
  }
});

test('centralAllocation agrees with the oracle and with the settled rule on generated networks', () => {
  for (const n of [100, 1000]) {
    const network = generateNetwork({ n, k: 20, seed: 5 });
    const central = centralAllocation(network);
    if (n === 100) assertSameAllocations(central, oracle.centralAllocation(network), 1e-9, `n=${n} oracle`);
    const settled = simulate(network, { rule: 'water-filling', maxRounds: 60, epsilon: 1e-9 });
    assert.ok(settled.convergedAt !== null && settled.convergedAt <= 12, `n=${n}: settled at ${settled.convergedAt}`);
    assertSameAllocations(settled.allocations, central, 1e-6, `n=${n} distributed`);
  }
});

test('every round of the trace stays within needs and capacities; it settles where the seed rule does not', () => {
  const network = generateNetwork({ n: 1000, k: 20, seed: 42 });
  const result = simulate(network, { rule: 'water-filling', trace: true });
  assert.equal(result.trace.maxDelta.length, result.rounds);
  assert.ok(result.trace.overAllocation.every((x) => x <= 1e-9));
  assert.ok(result.trace.overCapacity.every((x) => x <= 1e-9));
  assert.ok(result.convergedAt !== null && result.maxDelta < 0.001);
  const seed = simulate(network, { maxRounds: 100 });
  assert.ok(seed.maxDelta > 1, `the seed rule's maxDelta after 100 rounds: ${seed.maxDelta}`);
});

test("rule 'seed' is the default and unchanged", () => {
  const network = generateNetwork({ n: 200, k: 10, seed: 9 });
  assert.deepEqual(simulate(network, { rule: 'seed', maxRounds: 7, relaxation: 0.5 }), simulate(network, { maxRounds: 7, relaxation: 0.5 }));
  assert.ok('commitments' in simulate(network, { maxRounds: 3 }));
});

test('outside names never reach a prototype; bad options are refused', () => {
  const ids = ['__proto__', 'constructor', 'toString'];
  const network = {
    ids,
    weights: Object.fromEntries(ids.map((id) => [id, Object.fromEntries(ids.filter((o) => o !== id).map((o) => [o, 0.5]))])),
    participants: Object.fromEntries(ids.map((id) => [id, { capacity: 10, stated_need: 4 }])),
  };
  // Object.fromEntries defines own properties, also for "__proto__".
  const result = simulate(network, { rule: 'water-filling' });
  assert.equal(Object.getPrototypeOf(result.allocations), null);
  assert.deepEqual(Object.keys(result.allocations).sort(), [...ids].sort());
  assert.equal(Object.getPrototypeOf(result.allocations.__proto__.tier1), null);
  assert.equal(result.allocations.__proto__.tier1.constructor, 2);
  assert.equal({}.constructor, Object);
  const central = centralAllocation(network);
  assert.equal(Object.getPrototypeOf(central), null);

  assert.throws(() => simulate(network, { rule: 'fastest' }), RangeError);
  assert.throws(() => simulate(network, { rule: 'water-filling', schedule: 'random' }), RangeError);
  assert.throws(() => simulate(network, { rule: 'water-filling', relaxation: 0.5 }), RangeError);
  assert.throws(() => simulate(network, { rule: 'water-filling', maxRounds: 1.5 }), RangeError);
  assert.throws(() => simulate(network, { rule: 'water-filling', epsilon: '1' }), TypeError);
  const badFilter = { ...network, participants: { ...network.participants, toString: { capacity: 1, stated_need: 1, filter: { filter_fn: 'eval' } } } };
  assert.throws(() => centralAllocation(badFilter), /participants\.toString\.filter\.filter_fn/);
  const huge = { ...network, participants: Object.fromEntries(ids.map((id) => [id, { capacity: 1e308, stated_need: 1 }])) };
  assert.throws(() => centralAllocation(huge), RangeError);
});
