// The live network (js/allocation/live-network.js) against the package's
// free functions on seeded networks updated one participant at a time: the
// Records are built in the documented order (my weights' keys; others'
// weights in the order first set), so results must agree bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../js/index.js';
import { STALE_THRESHOLD_MS } from '../../js/index.js';
import { createLiveNetwork, allocationConverged, isFresh } from '../../js/allocation/live-network.js';
import { prng } from '../oracle/allocation.mjs';

const NOW = 50_000_000;
const PLACES = ['SF', 'NYC', 'Berlin'];

function randomWeights(rand, pubs, self, selfChance) {
  const w = {};
  for (const pub of pubs) {
    if (pub === self && rand() >= selfChance) continue;
    if (rand() < 0.4) w[pub] = rand() < 0.1 ? 0 : rand();
  }
  return w;
}

function randomCommitment(rand, now) {
  const c = { residual_need: rand() < 0.1 ? 0 : Math.round(rand() * 100000) / 100, stated_need: 1000 };
  if (rand() < 0.4) c.damping_factor = [0.5, 0.8, 1][Math.floor(rand() * 3)];
  if (rand() < 0.7) c.attributes = { location: PLACES[Math.floor(rand() * 3)], skills: ['a', 'b'].filter(() => rand() < 0.5) };
  const age = rand() < 0.25 ? STALE_THRESHOLD_MS + 1 + Math.floor(rand() * 1e5) : Math.floor(rand() * 5e4);
  c.timestamp = now - age;
  return c;
}

function randomFilter(rand) {
  const f = rand();
  if (f < 0.2) return { filter_fn: 'all', required_attributes: { location: PLACES[Math.floor(rand() * 3)] } };
  if (f < 0.3) return { filter_fn: 'any', required_attributes: { skills: ['a'] } };
  return undefined;
}

// The plain Records a caller of the free functions would keep.
class Mirror {
  constructor(me) {
    this.me = me;
    this.live = createLiveNetwork(me);
    this.myWeights = {};
    this.networkWeights = {};
    this.commitments = {};
  }
  setMyWeights(w) {
    this.live.setMyWeights(w);
    this.myWeights = w;
  }
  setWeights(pub, w) {
    this.live.setRecognitionWeights(pub, w);
    this.networkWeights[pub] = w;
  }
  setCommitment(pub, c) {
    this.live.setCommitment(pub, c);
    this.commitments[pub] = c;
  }
  forget(pub) {
    this.live.forget(pub);
    delete this.networkWeights[pub];
    delete this.commitments[pub];
  }
  expected(capacity, filter, now) {
    const mr = engine.computeAllMutualRecognition(this.me, this.myWeights, this.networkWeights);
    const fresh = {};
    for (const [pub, c] of Object.entries(this.commitments)) if (c.timestamp >= now - STALE_THRESHOLD_MS) fresh[pub] = c;
    const state = engine.computeTwoTierAllocation(this.me, capacity, 'cap', mr, this.myWeights, fresh, filter);
    return { mr, state: { ...state, timestamp: now } };
  }
  check(capacity, filter, now, label) {
    const { mr, state } = this.expected(capacity, filter, now);
    // JSON text compares key order too; deepStrictEqual compares every bit.
    assert.equal(JSON.stringify(this.live.mutualRecognition()), JSON.stringify(mr), `${label}: MR`);
    const ours = this.live.allocate({ capacityId: 'cap', capacity, filter, now });
    assert.deepStrictEqual(ours, state, `${label}: allocation`);
    assert.equal(JSON.stringify(ours), JSON.stringify(state), `${label}: key order`);
  }
}

test('allocate and mutualRecognition equal the free functions bit for bit on seeded networks', () => {
  const rand = prng(2027);
  let allocated = 0;
  for (let trial = 0; trial < 40; trial++) {
    const n = 1 + Math.floor(rand() * 40);
    const pubs = ['me', ...Array.from({ length: n }, (_, i) => `peer${i}`)];
    const m = new Mirror('me');
    m.setMyWeights(randomWeights(rand, pubs, 'me', 0.3));
    for (let i = 0; i < n; i++) {
      const pub = pubs[1 + Math.floor(rand() * n)]; // arrivals out of name order
      if (rand() < 0.8) m.setWeights(pub, randomWeights(rand, pubs, pub, 0.1));
      if (rand() < 0.85) m.setCommitment(pub, randomCommitment(rand, NOW));
    }
    if (rand() < 0.7) m.setCommitment('me', randomCommitment(rand, NOW));
    m.check(Math.round(rand() * 5000), randomFilter(rand), NOW, `trial ${trial}`);
    for (let step = 0; step < 20; step++) {
      const pub = pubs[Math.floor(rand() * pubs.length)];
      const what = rand();
      if (what < 0.4) m.setCommitment(pub, randomCommitment(rand, NOW));
      else if (what < 0.7 && pub !== 'me') m.setWeights(pub, randomWeights(rand, pubs, pub, 0.1));
      else if (what < 0.8 && pub !== 'me') m.forget(pub);
      else if (what < 0.85) m.setMyWeights(randomWeights(rand, pubs, 'me', 0.3));
      const now = NOW + step * 1000;
      m.check(Math.round(rand() * 5000), randomFilter(rand), now, `trial ${trial} step ${step}`);
      const state = m.live.allocate({ capacityId: 'cap', capacity: 1000, now });
      allocated += Object.keys(state.mutualAllocations.cap).length + Object.keys(state.nonMutualAllocations.cap).length;
    }
    m.live.destroy();
  }
  assert.ok(allocated > 100, 'the seeded networks allocate to someone');
});

test('groups, received and round advancement', () => {
  const live = createLiveNetwork('me');
  live.setMyWeights({ a: 0.5, b: 0.5 });
  live.setRecognitionWeights('a', { me: 0.4 });
  live.setRecognitionWeights('c', { me: 0.6 });
  live.setCommitment('a', { residual_need: 10, stated_need: 10, timestamp: NOW });
  live.setCommitment('c', { residual_need: 10, stated_need: 10, timestamp: NOW - STALE_THRESHOLD_MS - 1 });
  // Coordinators: everyone in the three groups (the core's one definition, shared with the subscriptions).
  assert.deepStrictEqual(live.groups(), { mutual: ['a'], beneficiaries: ['b'], providers: ['c'], coordinators: ['a', 'b', 'c'] });

  const state = (mutual, nonMutual) => ({
    mutualDenominator: { x: 1 }, nonMutualDenominator: { x: 1 },
    mutualAllocations: mutual, nonMutualAllocations: nonMutual, timestamp: 1,
  });
  live.setAllocationState('a', state({ x: { me: 4, b: 9 }, y: { me: 1 } }, { x: { b: 2 } }));
  live.setAllocationState('c', state({}, { x: { me: 7 } }));
  assert.deepStrictEqual(live.received(NOW), { total: 5, mutual: 5, nonMutual: 0, byProvider: { a: { mutual: 5, nonMutual: 0, total: 5 } } });
  live.setCommitment('c', { residual_need: 10, stated_need: 10, timestamp: NOW }); // c is fresh again
  assert.deepStrictEqual(live.received(NOW).byProvider.c, { mutual: 0, nonMutual: 7, total: 7 });
  assert.equal(live.received(NOW).total, 12);

  assert.equal(live.shouldAdvanceRound(2, NOW), false);
  live.setRoundState('a', { pubKey: 'a', round: 3, vectorClock: {}, timestamp: NOW });
  assert.equal(live.shouldAdvanceRound(2, NOW), true); // 1 of the 2 active others is ahead
  live.setRoundState('a', null);
  assert.equal(live.shouldAdvanceRound(2, NOW), false);
  live.destroy();
});

test('bad input is refused with a clear error and changes nothing', () => {
  const live = createLiveNetwork('me');
  live.setMyWeights({ a: 0.6, 'b c': 0.4 });
  live.setRecognitionWeights('a', { me: 0.5 });
  live.setCommitment('a', { residual_need: 300, stated_need: 300, timestamp: NOW });
  live.setCommitment('b c', { residual_need: 200, stated_need: 300, timestamp: NOW });
  const snapshot = () => JSON.stringify([
    live.allocate({ capacityId: 'k', capacity: 400, now: NOW }), live.groups(), live.received(NOW), live.mutualRecognition(),
  ]);
  const before = snapshot();
  const refused = (call, kind, text) => {
    assert.throws(call, (error) => error instanceof kind && error.message.includes(text), text);
    assert.equal(snapshot(), before, `nothing changed after: ${text}`);
  };
  refused(() => live.setCommitment('a', { residual_need: -1, stated_need: 1, timestamp: 1 }), RangeError, 'commitments.a.residual_need');
  refused(() => live.setCommitment('a', { residual_need: NaN, stated_need: 1, timestamp: 1 }), RangeError, 'commitments.a.residual_need');
  refused(() => live.setCommitment('b c', { residual_need: '5', stated_need: 1, timestamp: 1 }), TypeError, 'commitments["b c"].residual_need');
  refused(() => live.setCommitment('a', { residual_need: 1, stated_need: 1 }), TypeError, 'commitments.a.timestamp');
  refused(() => live.setCommitment('a', undefined), TypeError, 'commitment must be an object or null');
  refused(() => live.setCommitment(7, {}), TypeError, 'pub must be a string');
  refused(() => live.setMyWeights({ a: 0.5, z: Infinity }), RangeError, 'myWeights.z');
  refused(() => live.setMyWeights([1, 2]), TypeError, 'myWeights');
  refused(() => live.setRecognitionWeights('a', { me: 'lots' }), TypeError, 'recognitionWeights.a.me');
  refused(() => live.setAllocationState('a', { timestamp: 1 }), TypeError, 'allocationStates.a.mutualDenominator');
  refused(() => live.setRoundState('a', { pubKey: 'x', round: 1, vectorClock: {}, timestamp: 1 }), RangeError, 'roundStates.a.pubKey');
  refused(() => live.allocate({ capacityId: 'k', capacity: -5 }), RangeError, 'capacity');
  refused(() => live.allocate({ capacityId: 'k', capacity: '5' }), TypeError, 'capacity');
  refused(() => live.allocate({ capacityId: 'k', capacity: 5, filter: { filter_fn: 'eval' } }), RangeError, 'filter.filter_fn');
  refused(() => live.shouldAdvanceRound(1.5, NOW), RangeError, 'myRound');
  assert.throws(() => createLiveNetwork(''), RangeError);
  live.destroy();
  assert.throws(() => live.allocate({ capacityId: 'k', capacity: 1 }), /destroyed/);
});

test('allocationConverged compares every denominator against epsilon', () => {
  const state = (d1, d2) => ({ mutualDenominator: { c: d1 }, nonMutualDenominator: { c: d2 }, mutualAllocations: {}, nonMutualAllocations: {}, timestamp: 1 });
  assert.equal(allocationConverged(state(10, 2), state(10.0005, 2)), true);
  assert.equal(allocationConverged(state(10, 2), state(10, 2.002)), false);
  assert.throws(() => allocationConverged({}, state(1, 1)), TypeError);
});

test('isFresh: the core\'s one staleness predicate (exactly 60 s old is stale; far ahead is not fresh)', () => {
  assert.equal(isFresh(NOW - STALE_THRESHOLD_MS + 1, NOW), true);
  assert.equal(isFresh(NOW - STALE_THRESHOLD_MS, NOW), false);
  assert.equal(isFresh(NOW + 30000, NOW), true);
  assert.equal(isFresh(NOW + 30001, NOW), false);
  assert.equal(isFresh(1e300, NOW), false);
  assert.throws(() => isFresh('1', NOW), TypeError);
});
