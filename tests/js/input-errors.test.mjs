// Bad input throws TypeError (wrong type) or RangeError (NaN, negative, out
// of range) with a message that names the field, and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../js/index.js';

const mr = { alice: 0.5, bob: 0.5 };
const weights = { alice: 0.5, bob: 0.3, carol: 0.2 };
const commitments = { alice: { residual_need: 100 }, bob: { residual_need: 50 }, carol: { residual_need: 10 } };
const allocate = (over = {}) => {
  const a = { capacity: 100, mrValues: mr, weights, commitments, filter: undefined, ...over };
  return engine.computeTwoTierAllocation('provider', a.capacity, 'cap', a.mrValues, a.weights, a.commitments, a.filter);
};

function throwsNaming(fn, ErrorType, field) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof ErrorType, `expected ${ErrorType.name}, got ${error?.constructor?.name}: ${error?.message}`);
    assert.ok(error.message.includes(field), `message "${error.message}" should name ${field}`);
    return true;
  });
}

test('computeTwoTierAllocation names the bad field', () => {
  throwsNaming(() => allocate({ capacity: NaN }), RangeError, 'capacity');
  throwsNaming(() => allocate({ capacity: -1 }), RangeError, 'capacity');
  throwsNaming(() => allocate({ capacity: '100' }), TypeError, 'capacity');
  throwsNaming(() => allocate({ mrValues: { alice: 'high' } }), TypeError, 'mrValues.alice');
  throwsNaming(() => allocate({ mrValues: { alice: -0.1 } }), RangeError, 'mrValues.alice');
  throwsNaming(() => allocate({ weights: { 'dash-key': Infinity } }), RangeError, 'weights["dash-key"]');
  throwsNaming(() => allocate({ commitments: { alice: { residual_need: -5 } } }), RangeError, 'commitments.alice.residual_need');
  throwsNaming(() => allocate({ commitments: { bob: { residual_need: NaN } } }), RangeError, 'commitments.bob.residual_need');
  throwsNaming(() => allocate({ commitments: { bob: { residual_need: '5' } } }), TypeError, 'commitments.bob.residual_need');
  throwsNaming(() => allocate({ commitments: { bob: { residual_need: 5, damping_factor: 2 } } }), RangeError, 'commitments.bob.damping_factor');
  throwsNaming(() => allocate({ commitments: { bob: 7 } }), TypeError, 'commitments.bob');
  throwsNaming(() => allocate({ mrValues: null }), TypeError, 'mrValues');
  throwsNaming(() => allocate({ filter: { filter_fn: 'eval', required_attributes: {} } }), RangeError, 'filter.filter_fn');
  throwsNaming(() => allocate({ filter: { filter_fn: 'all', required_attributes: { x: { nested: 1 } } } }), TypeError, 'filter.required_attributes.x');
});

test('the engine keeps working after an error', () => {
  assert.throws(() => allocate({ capacity: NaN }));
  const result = allocate();
  assert.equal(result.mutualAllocations.cap.alice + result.mutualAllocations.cap.bob <= 100 + 1e-9, true);
});

test('simulate and generateNetwork name their bad fields', () => {
  throwsNaming(() => engine.generateNetwork({ n: -1, k: 2 }), RangeError, 'n');
  throwsNaming(() => engine.generateNetwork({ n: 10, k: 1.5 }), RangeError, 'k');
  throwsNaming(() => engine.generateNetwork({ n: 10, k: 2, providerFraction: 2 }), RangeError, 'providerFraction');
  throwsNaming(() => engine.generateNetwork({ n: '10', k: 2 }), TypeError, 'n');
  const network = engine.generateNetwork({ n: 5, k: 2, seed: 1 });
  throwsNaming(() => engine.simulate(network, { maxRounds: -1 }), RangeError, 'maxRounds');
  throwsNaming(() => engine.simulate(network, { relaxation: 0 }), RangeError, 'relaxation');
  const bad = structuredClone(network);
  bad.participants.p2.stated_need = -3;
  throwsNaming(() => engine.simulate(bad, {}), RangeError, 'participants.p2.stated_need');
  const unknown = structuredClone(network);
  unknown.weights.p1.stranger = 0.5;
  throwsNaming(() => engine.simulate(unknown, {}), RangeError, 'network.weights.p1.stranger');
  const nanWeight = structuredClone(network);
  nanWeight.weights.p3[Object.keys(nanWeight.weights.p3)[0]] = NaN;
  throwsNaming(() => engine.simulate(nanWeight, {}), RangeError, 'weights.p3');
});

test('the small functions validate too', () => {
  throwsNaming(() => engine.computeDampingFactor([1, 'x', 3]), TypeError, 'history[1]');
  throwsNaming(() => engine.computeDampingFactor('nope'), TypeError, 'history');
  throwsNaming(() => engine.updateCommitmentDamping({ stated_need: -1 }, 5), RangeError, 'commitment.stated_need');
  throwsNaming(() => engine.updateCommitmentDamping({ stated_need: 10 }, NaN), RangeError, 'totalReceived');
  throwsNaming(() => engine.compareVectorClocks({ a: -1 }, {}), RangeError, 'a.a');
  throwsNaming(() => engine.mergeVectorClocks({ a: 1 }, { b: 1.5 }), RangeError, 'b.b');
  throwsNaming(() => engine.computeAllMutualRecognition('me', { x: NaN }, {}), RangeError, 'myWeights.x');
  throwsNaming(() => engine.computeMutualRecognition('me', 'you', {}, null), TypeError, 'theirWeights');
  throwsNaming(() => engine.passesFilter(null, {}), TypeError, 'commitment');
});

test('vector clocks, rounds and the causal snapshot', () => {
  assert.equal(engine.compareVectorClocks({ a: 2, b: 1 }, { a: 1, b: 1 }), 1);
  assert.equal(engine.compareVectorClocks({ a: 1 }, { a: 1, b: 1 }), -1);
  assert.equal(engine.compareVectorClocks({ a: 2 }, { b: 1 }), 0);
  assert.deepEqual(engine.mergeVectorClocks({ a: 1, b: 3 }, { a: 2, c: 1 }), { a: 2, b: 3, c: 1 });
  assert.deepEqual(engine.incrementVectorClock({ me: 4 }, 'me'), { me: 5 });
  const now = 1_000_000;
  const commitments = { a: { timestamp: now - 1000 }, b: { timestamp: now - 2000 }, stale: { timestamp: now - 60_000 } };
  assert.equal(engine.shouldAdvanceRound('me', 3, { a: { round: 4 }, b: { round: 3 }, stale: { round: 9 } }, commitments, now), true);
  assert.equal(engine.shouldAdvanceRound('me', 3, { a: { round: 3 }, b: { round: 3 }, stale: { round: 9 } }, commitments, now), false);
  const snapshot = engine.getCausallyConsistentCommitments({ me: 2, a: 1 }, {
    a: { vectorClock: { a: 1 } },
    b: { vectorClock: { a: 2, me: 2 } },
    c: {},
  });
  assert.deepEqual(Object.keys(snapshot), ['a', 'c']);
});

test('failing calls do not leak wasm memory', async () => {
  const { core } = await import('../../js/core.js');
  // A 200 KB argument refused 500 times would leak ~100 MB if the argument
  // buffers or the error were not released.
  const big = { weights: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`peer${i}`, 0.0001])) };
  big.weights.bad = -1;
  assert.throws(() => engine.computeAllMutualRecognition('me', big.weights, {}), RangeError);
  const before = core.HEAPU8.length;
  for (let i = 0; i < 500; i++) assert.throws(() => engine.computeAllMutualRecognition('me', big.weights, {}), RangeError);
  assert.equal(core.HEAPU8.length, before);
});
