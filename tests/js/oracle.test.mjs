// The oracle itself against the worked examples of the allocation rules,
// computed by hand: the package is checked against the oracle, so the oracle
// must be right on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as oracle from '../oracle/allocation.mjs';
import { assertClose } from './support/close.mjs';

const need = (residual_need, extra = {}) => ({ residual_need, stated_need: residual_need, ...extra });

function allocate(capacity, weights, othersWeights, commitments, filter) {
  const mr = oracle.computeAllMutualRecognition('P', weights, othersWeights);
  const { timestamp, ...state } = oracle.computeTwoTierAllocation('P', capacity, 'c', mr, weights, commitments, filter);
  return { mr, state };
}

test('two tiers: mutual partners first, capped at their need, the rest to one-way recipients', () => {
  const weights = { R1: 0.4, R2: 0.3, R3: 0.2, R4: 0.1 };
  const others = { R1: { P: 0.5 }, R2: { P: 0.25 } };
  let { mr, state } = allocate(1000, weights, others, { R1: need(500), R2: need(400), R3: need(300), R4: need(200) });
  assertClose(mr, { R1: 0.4, R2: 0.25, R3: 0, R4: 0 });
  assertClose(state, {
    mutualDenominator: { c: 6000 / 13 },
    nonMutualDenominator: { c: 800 / 3 },
    mutualAllocations: { c: { R1: 500, R2: 1000 / 3 } },
    nonMutualAllocations: { c: { R3: 125, R4: 125 / 3 } },
  });
  ({ state } = allocate(1000, weights, others, { R1: need(300), R2: need(200), R3: need(300), R4: need(200) }));
  assertClose(state.mutualDenominator.c, 3400 / 13);
  assertClose(state.mutualAllocations.c, { R1: 300, R2: 200 });
  assertClose(state.nonMutualAllocations.c, { R3: 300, R4: 125 });
});

test('self-recognition counts as mutual', () => {
  const weights = { P: 0.3, bob: 0.4, carol: 0.3 };
  const { mr, state } = allocate(1000, weights, { bob: { P: 0.6 }, carol: { P: 0.2 } }, { P: need(500), bob: need(500), carol: need(500) });
  assertClose(mr, { P: 0.3, bob: 0.4, carol: 0.2 });
  assertClose(state.mutualDenominator.c, 500);
  assertClose(state.mutualAllocations.c, { P: 1000 / 3, bob: 4000 / 9, carol: 2000 / 9 });
});

test('a capacity filter leaves out who does not match', () => {
  const mr = { R1: 0.5, R2: 0.3, R3: 0.2 };
  const commitments = {
    R1: need(500, { attributes: { location: 'SF' } }),
    R2: need(400, { attributes: { location: 'NYC' } }),
    R3: need(300, { attributes: { location: ['SF', 'LA'] } }),
  };
  const state = oracle.computeTwoTierAllocation('P', 1000, 'c', mr, {}, commitments, { filter_fn: 'all', required_attributes: { location: 'SF' } });
  assertClose(state.mutualDenominator.c, 310);
  assertClose(state.mutualAllocations.c, { R1: 500, R3: 6000 / 31 }); // R1 capped from 806.45
  assert.equal(oracle.passesFilter({ attributes: { skills: ['a', 'b'] } }, { required_attributes: { skills: ['c', 'b'] } }), true);
  assert.equal(oracle.passesFilter({}, { required_attributes: { skills: 'a' } }), false);
});

test('damping and the vector clock rules', () => {
  assert.equal(oracle.computeDampingFactor([100, 200, 150]), 0.5);
  assert.equal(oracle.computeDampingFactor([200, 100, 150]), 0.5);
  assert.equal(oracle.computeDampingFactor([300, 200, 100]), 1);
  assert.equal(oracle.computeDampingFactor([100, 150, 200]), 0.8);
  assert.equal(oracle.computeDampingFactor([5]), 1);
  const commitment = { stated_need: 500, over_allocation_history: [10, 20, 30] };
  assert.deepEqual(oracle.updateCommitmentDamping(commitment, 600), { stated_need: 500, over_allocation_history: [20, 30, 100], damping_factor: 0.8 });
  assert.deepEqual(commitment.over_allocation_history, [10, 20, 30]);
  assert.equal(oracle.compareVectorClocks({ a: 2 }, { a: 1, b: 0 }), 1);
  assert.equal(oracle.compareVectorClocks({ a: 2 }, { b: 1 }), 0);
  assert.deepEqual(oracle.mergeVectorClocks({ a: 1, b: 3 }, { a: 2, c: 1 }), { a: 2, b: 3, c: 1 });
});
