// The allocation rules written a second time, in plain JavaScript, straight
// from the rules (mutual recognition, the two tiers, filters, damping,
// vector clocks, rounds, the seeded benchmark network and its simulation).
// Tests check the package against it, and the benchmarks time it as the
// baseline: what a web app would run without the package. So it stays plain
// (objects keyed by public key, nothing precomputed) and shares no code
// with the package.

export const DENOMINATOR_FLOOR = 0.0001;
export const CONVERGENCE_EPSILON = 0.001;
export const STALE_THRESHOLD_MS = 60_000;
export const ROUND_ADVANCEMENT_THRESHOLD = 0.5;

// A record's own entry (never one inherited from Object.prototype), or undefined.
const entry = (record, key) => (record != null && Object.hasOwn(record, key) ? record[key] : undefined);
const weightIn = (record, key) => entry(record, key) || 0;

// ---- mutual recognition ----

// min(my weight of them, their weight of me); my weight of myself when it is me.
export function computeMutualRecognition(myPub, theirPub, myWeights, theirWeights) {
  if (myPub === theirPub) return weightIn(myWeights, myPub);
  return Math.min(weightIn(myWeights, theirPub), weightIn(theirWeights, myPub));
}

// MR with everyone I recognise and everyone else who recognises me.
export function computeAllMutualRecognition(myPub, myWeights, networkWeights) {
  const partners = new Set();
  for (const pub of Object.keys(myWeights)) if (myWeights[pub] > 0) partners.add(pub);
  for (const pub of Object.keys(networkWeights)) {
    if (pub !== myPub && weightIn(networkWeights[pub], myPub) > 0) partners.add(pub);
  }
  const result = {};
  for (const pub of partners) {
    result[pub] = computeMutualRecognition(myPub, pub, myWeights, entry(networkWeights, pub));
  }
  return result;
}

// ---- filters ----

// Every required attribute must be present and share a value with the
// requirement, either side being a single value or a list of values.
export function passesFilter(commitment, filter) {
  const required = filter?.required_attributes;
  if (!required) return true;
  const attributes = commitment.attributes ?? {};
  const asList = (value) => (Array.isArray(value) ? value : [value]);
  return Object.keys(required).every((key) => {
    const have = entry(attributes, key);
    if (have === undefined) return false;
    const haves = asList(have);
    return asList(required[key]).some((wanted) => haves.includes(wanted));
  });
}

// ---- two-tier allocation ----

// Whether a recipient takes part in a tier (even with damping 0).
function eligible(commitment, filter) {
  if (!commitment || !(commitment.residual_need > 0)) return false;
  return !filter || passesFilter(commitment, filter);
}

// One tier: `shares` (recipient -> share, not yet normalised) divide `amount`
// in proportion to share × damped residual need, each capped by its need.
function splitTier(amount, shares, commitments, filter) {
  const recipients = Object.keys(shares);
  const shareTotal = recipients.reduce((sum, pub) => sum + shares[pub], 0);
  const weighted = new Map();
  let denominator = 0;
  if (shareTotal > 0) {
    for (const pub of recipients) {
      const commitment = entry(commitments, pub);
      if (!eligible(commitment, filter)) continue;
      // Multiplied left to right, as the rule reads, like the package: when
      // the mutual tier uses the whole capacity, another rounding of used1
      // can leave C − used1 at 1e-13 instead of 0 and start the leftover tier.
      const weight = (shares[pub] / shareTotal) * commitment.residual_need * (commitment.damping_factor ?? 1);
      weighted.set(pub, weight);
      denominator += weight;
    }
  }
  const allocations = {};
  let used = 0;
  if (denominator > 0) {
    const divisor = Math.max(denominator, DENOMINATOR_FLOOR);
    for (const [pub, weight] of weighted) {
      const given = Math.min((amount * weight) / divisor, commitments[pub].residual_need);
      allocations[pub] = given;
      used += given;
    }
  }
  return { denominator, allocations, used };
}

export function computeTwoTierAllocation(providerPub, capacity, capacityId, mrValues, weights, commitments, filter) {
  const mutualShares = {};
  const otherShares = {};
  for (const pub of Object.keys(mrValues)) if (mrValues[pub] > 0) mutualShares[pub] = mrValues[pub];
  for (const pub of Object.keys(weights)) {
    if (weights[pub] > 0 && !(entry(mrValues, pub) > 0)) otherShares[pub] = weights[pub];
  }
  const mutual = splitTier(capacity, mutualShares, commitments, filter);
  const leftover = capacity - mutual.used;
  const others = leftover > 0 ? splitTier(leftover, otherShares, commitments, filter) : { denominator: 0, allocations: {} };
  return {
    mutualDenominator: { [capacityId]: mutual.denominator },
    nonMutualDenominator: { [capacityId]: others.denominator },
    mutualAllocations: { [capacityId]: mutual.allocations },
    nonMutualAllocations: { [capacityId]: others.allocations },
    timestamp: Date.now(),
  };
}

// ---- damping ----

// The last three over-allocations: oscillating (up-down or down-up) 0.5,
// not increasing 1.0, anything else 0.8; fewer than three: 1.0.
export function computeDampingFactor(history) {
  if (history.length < 3) return 1;
  const [first, second, third] = history.slice(history.length - 3);
  const peak = second > first && second > third;
  const dip = second < first && second < third;
  if (peak || dip) return 0.5;
  return first >= second && second >= third ? 1 : 0.8;
}

export function updateCommitmentDamping(commitment, totalReceived) {
  const over = Math.max(0, totalReceived - commitment.stated_need);
  const history = (commitment.over_allocation_history ?? []).concat(over).slice(-3);
  return { ...commitment, damping_factor: computeDampingFactor(history), over_allocation_history: history };
}

// ---- vector clocks and rounds ----

// 1 when a is after b, -1 when before, 0 when equal or concurrent.
export function compareVectorClocks(a, b) {
  let aLater = false;
  let bLater = false;
  for (const pub of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = entry(a, pub) ?? 0;
    const y = entry(b, pub) ?? 0;
    if (x > y) aLater = true;
    else if (y > x) bLater = true;
  }
  if (aLater === bLater) return 0;
  return aLater ? 1 : -1;
}

export function mergeVectorClocks(a, b) {
  const merged = { ...a };
  for (const pub of Object.keys(b)) merged[pub] = Math.max(entry(merged, pub) ?? 0, b[pub]);
  return merged;
}

export function incrementVectorClock(clock, myPub) {
  return { ...clock, [myPub]: (entry(clock, myPub) ?? 0) + 1 };
}

// Advance when at least half of the other active participants (a commitment
// less than STALE_THRESHOLD_MS old) are on a later round; never with no one active.
export function shouldAdvanceRound(myPub, myRound, networkRoundStates, networkCommitments, now = Date.now()) {
  const active = Object.keys(networkCommitments).filter((pub) => {
    const timestamp = networkCommitments[pub].timestamp;
    return pub !== myPub && timestamp !== undefined && now - timestamp < STALE_THRESHOLD_MS;
  });
  const ahead = active.filter((pub) => entry(networkRoundStates, pub)?.round > myRound);
  return active.length > 0 && ahead.length >= ROUND_ADVANCEMENT_THRESHOLD * active.length;
}

// The commitments whose clock is not after mine (one without a clock stays).
export function getCausallyConsistentCommitments(myVectorClock, networkCommitments) {
  const kept = {};
  for (const pub of Object.keys(networkCommitments)) {
    const clock = networkCommitments[pub].vectorClock;
    if (clock != null && compareVectorClocks(clock, myVectorClock) === 1) continue;
    kept[pub] = networkCommitments[pub];
  }
  return kept;
}

// ---- the seeded benchmark network ----

// mulberry32: a small 32-bit generator, so every implementation draws the
// same numbers from the same seed. Returns numbers in [0, 1).
export function prng(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = Math.imul(state ^ (state >>> 15), state | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
}

// n participants "p0".."p{n-1}". Each recognises min(k, n - 1) others, mostly
// near it in the ring (so pairs recognise each other), sometimes itself
// (selfRate); its weights sum to 1. Everyone states a need of 10..1000; a
// providerFraction of them also have a capacity of 100..5000. The order in
// which numbers are drawn is part of the definition.
export function generateNetwork({ n, k, seed = 1, providerFraction = 0.3, selfRate = 0.1 }) {
  const next = prng(seed);
  const ids = [];
  for (let i = 0; i < n; i++) ids.push(`p${i}`);
  const nearSpan = Math.max(1, Math.min(n - 1, 4 * k));
  const weights = {};
  const participants = {};
  ids.forEach((me, i) => {
    const chosen = new Set();
    while (chosen.size < Math.min(k, n - 1)) {
      const span = next() < 0.7 ? nearSpan : n - 1;
      const distance = 1 + Math.floor(next() * span);
      const forward = next() < 0.5;
      const j = (i + (forward ? distance : n - distance)) % n;
      if (j !== i) chosen.add(j);
    }
    const raw = new Map();
    for (const j of chosen) raw.set(ids[j], 0.05 + next());
    if (next() < selfRate) raw.set(me, 0.05 + next());
    let total = 0;
    for (const w of raw.values()) total += w;
    weights[me] = {};
    for (const [pub, w] of raw) weights[me][pub] = w / total;

    const provides = next() < providerFraction;
    const stated = Math.round(10 + next() * 990);
    participants[me] = { capacity: provides ? Math.round(100 + next() * 4900) : 0, stated_need: stated };
  });
  return { ids, weights, participants };
}

// What each participant would follow on the network: the weights of those
// it recognises and of those that recognise it.
function neighbourWeights(ids, weights) {
  const around = new Map(ids.map((pub) => [pub, new Set()]));
  for (const pub of ids) {
    for (const other of Object.keys(weights[pub])) {
      around.get(pub).add(other);
      around.get(other).add(pub);
    }
  }
  const views = new Map();
  for (const [pub, others] of around) {
    const view = {};
    for (const other of others) view[other] = weights[other];
    views.set(pub, view);
  }
  return views;
}

// Rounds over the whole network until no residual need moves by epsilon or
// more, or maxRounds. In a round every provider allocates its capacity from
// the current commitments; then every participant moves its residual need
// towards max(0, stated - received) by `relaxation` (1: all the way, the
// seed's update) and records its over-allocation for damping.
export function simulate(network, { maxRounds = 50, epsilon = CONVERGENCE_EPSILON, relaxation = 1 } = {}) {
  const { ids, weights, participants } = network;
  const views = neighbourWeights(ids, weights);
  let commitments = {};
  for (const pub of ids) {
    const { capacity, stated_need } = participants[pub];
    commitments[pub] = {
      residual_need: stated_need,
      stated_need,
      capacity,
      damping_factor: 1,
      over_allocation_history: [],
      timestamp: 1,
    };
  }
  let rounds = 0;
  let maxDelta = Infinity;
  let received = {};
  while (rounds < maxRounds && maxDelta >= epsilon) {
    rounds += 1;
    received = {};
    for (const provider of ids) {
      const capacity = participants[provider].capacity;
      if (!(capacity > 0)) continue;
      const mr = computeAllMutualRecognition(provider, weights[provider], views.get(provider));
      const state = computeTwoTierAllocation(provider, capacity, 'default', mr, weights[provider], commitments);
      for (const tier of [state.mutualAllocations.default, state.nonMutualAllocations.default]) {
        for (const [pub, amount] of Object.entries(tier)) received[pub] = (received[pub] ?? 0) + amount;
      }
    }
    maxDelta = 0;
    const nextCommitments = {};
    for (const pub of ids) {
      const before = commitments[pub];
      const got = received[pub] ?? 0;
      const target = Math.max(0, before.stated_need - got);
      const residual = before.residual_need + relaxation * (target - before.residual_need);
      maxDelta = Math.max(maxDelta, Math.abs(residual - before.residual_need));
      nextCommitments[pub] = { ...updateCommitmentDamping(before, got), residual_need: residual };
    }
    commitments = nextCommitments;
  }
  return { rounds, maxDelta, commitments, received };
}
