// The allocation engine's per-participant functions. Decisions are made in
// the core; this file checks JS types, moves data across and builds the
// plain objects callers expect.
import { core, checked } from './core.js';
import { requireNumber, requireObject, requireString, toJson, withKeys, fieldPath } from './boundary.js';
import { readTwoTierOutput } from './wasm-buffers.js';
import { RECIPIENT, SHARE_STRIDE, ABSENT_ATTRIBUTE, NOT_A_SCALAR } from './generated/boundary.js';

export function computeMutualRecognition(myPub, theirPub, myWeights, theirWeights) {
  requireString(myPub, 'myPub');
  requireString(theirPub, 'theirPub');
  return checked(core.mutualRecognition(myPub, theirPub, toJson(myWeights), toJson(theirWeights)));
}

export function computeAllMutualRecognition(myPub, myWeights, networkWeights) {
  requireString(myPub, 'myPub');
  return JSON.parse(checked(core.allMutualRecognition(myPub, toJson(myWeights), toJson(networkWeights))));
}

export function passesFilter(commitment, filter) {
  requireObject(commitment, 'commitment');
  return checked(core.passesFilter(toJson(commitment.attributes ?? null), toJson(filter ?? null)));
}

export function computeDampingFactor(history) {
  return checked(core.dampingFactor(toJson(history)));
}

// A new commitment (the input is not touched) with the over-allocation of
// this round added to its history and the damping factor that follows.
export function updateCommitmentDamping(commitment, totalReceived) {
  requireObject(commitment, 'commitment');
  requireNumber(totalReceived, 'totalReceived');
  const update = JSON.parse(checked(core.updateDamping(toJson(commitment), totalReceived)));
  return { ...commitment, damping_factor: update.damping_factor, over_allocation_history: update.over_allocation_history };
}

export function compareVectorClocks(a, b) {
  return checked(core.compareVectorClocks(toJson(a), toJson(b)));
}

export function mergeVectorClocks(a, b) {
  return JSON.parse(checked(core.mergeVectorClocks(toJson(a), toJson(b))));
}

export function incrementVectorClock(clock, myPub) {
  requireString(myPub, 'myPub');
  return JSON.parse(checked(core.incrementVectorClock(toJson(clock), myPub)));
}

// Round advancement: at least half of the other active participants (fresh
// commitment: isFresh, the core's one predicate) are on a later round than `myRound`.
export function shouldAdvanceRound(myPub, myRound, networkRoundStates, networkCommitments, now = Date.now()) {
  requireString(myPub, 'myPub');
  requireNumber(myRound, 'myRound');
  requireNumber(now, 'now');
  return checked(core.shouldAdvanceRound(myPub, myRound, toJson(networkRoundStates), toJson(networkCommitments), now));
}

// The causally consistent snapshot: commitments whose vectorClock is not after ours.
export function getCausallyConsistentCommitments(myVectorClock, networkCommitments) {
  return JSON.parse(checked(core.causallyConsistentCommitments(toJson(myVectorClock), toJson(networkCommitments))));
}

// ---- two-tier allocation: one pass in, one pass out ----

// Recipient indices: the keys of `weights` in their order, then the keys of
// `mrValues` that `weights` lacks. Callers usually build both records in one
// order, so one forward walk over the weights' keys finds where each shared
// MR key stands; a Map is built only when the orders differ.
function recipientsOf(mrKeys, weightKeys, weights) {
  const ids = weightKeys.slice();
  const mrIndices = new Array(mrKeys.length);
  let walk = 0;
  let index = null;
  for (let i = 0; i < mrKeys.length; i++) {
    const key = mrKeys[i];
    if (!Object.hasOwn(weights, key)) {
      mrIndices[i] = ids.push(key) - 1;
      continue;
    }
    if (index === null) {
      while (walk < weightKeys.length && weightKeys[walk] !== key) walk++;
      if (walk < weightKeys.length) {
        mrIndices[i] = walk++;
        continue;
      }
      index = new Map(weightKeys.map((k, j) => [k, j]));
    }
    mrIndices[i] = index.get(key);
  }
  return { ids, mrIndices };
}

// Writes a (recipient index, value) pair for every key of `record`; the
// i-th key's index is indices[i], or i when there are no indices.
function writeShares(record, keys, indices, name, heap, at) {
  for (let i = 0; i < keys.length; i++) {
    const value = record[keys[i]];
    if (typeof value !== 'number') requireNumber(value, fieldPath(name, keys[i]));
    heap[at++] = indices === null ? i : indices[i];
    heap[at++] = value;
  }
  return at;
}

// A filter's required attributes and each recipient's matching attributes,
// with every scalar replaced by an id (a Map tells "5" from 5, as the rule
// wants). The core then only compares ids (NOT_A_SCALAR matches nothing).
function internedAttributes(filter, ids, commitments) {
  const required = filter?.required_attributes;
  if (required === null || typeof required !== 'object') return [];
  const keys = Object.keys(required);
  const valueIds = new Map();
  const idOf = (value) => {
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return NOT_A_SCALAR;
    let id = valueIds.get(value);
    if (id === undefined) valueIds.set(value, (id = valueIds.size));
    return id;
  };
  // Written into a typed array (grown when a recipient has long lists): a
  // plain array of these numbers would hold most of them boxed.
  let stream = new Uint32Array(1 + 2 * keys.length * (ids.length + 1));
  let at = 0;
  const push = (value) => {
    if (at === stream.length) {
      const grown = new Uint32Array(2 * stream.length);
      grown.set(stream);
      stream = grown;
    }
    stream[at++] = value;
  };
  const pushSet = (value) => {
    if (!Array.isArray(value)) {
      push(1);
      push(idOf(value));
      return;
    }
    push(value.length);
    for (const member of value) push(idOf(member));
  };
  push(keys.length);
  for (const key of keys) pushSet(required[key]);
  for (const id of ids) {
    const attributes = Object.hasOwn(commitments, id) ? commitments[id]?.attributes : undefined;
    const hasAttributes = attributes !== null && typeof attributes === 'object';
    for (const key of keys) {
      const have = hasAttributes && Object.hasOwn(attributes, key) ? attributes[key] : undefined;
      if (have === undefined) push(ABSENT_ATTRIBUTE);
      else pushSet(have);
    }
  }
  return stream.subarray(0, at);
}

// Per recipient the fields of RECIPIENT (core/allocation/flat_layout.h).
function writeRecipients(ids, commitments, heap, at) {
  for (const id of ids) {
    const c = Object.hasOwn(commitments, id) ? commitments[id] : undefined;
    if (c === undefined || c === null) {
      heap[at + RECIPIENT.RESIDUAL_NEED] = 0;
      heap[at + RECIPIENT.DAMPING_FACTOR] = 1;
      heap[at + RECIPIENT.HAS_COMMITMENT] = 0;
      at += RECIPIENT.STRIDE;
      continue;
    }
    // The field's name is built only for an error message.
    if (typeof c !== 'object' || Array.isArray(c)) requireObject(c, fieldPath('commitments', id));
    const damping = c.damping_factor === undefined ? 1.0 : c.damping_factor;
    if (typeof c.residual_need !== 'number') requireNumber(c.residual_need, `${fieldPath('commitments', id)}.residual_need`);
    if (typeof damping !== 'number') requireNumber(damping, `${fieldPath('commitments', id)}.damping_factor`);
    heap[at + RECIPIENT.RESIDUAL_NEED] = c.residual_need;
    heap[at + RECIPIENT.DAMPING_FACTOR] = damping;
    heap[at + RECIPIENT.HAS_COMMITMENT] = 1;
    at += RECIPIENT.STRIDE;
  }
}

export function computeTwoTierAllocation(providerPub, capacity, capacityId, mrValues, weights, commitments, filter) {
  requireString(providerPub, 'providerPub');
  requireNumber(capacity, 'capacity');
  requireString(capacityId, 'capacityId');
  requireObject(mrValues, 'mrValues');
  requireObject(weights, 'weights');
  requireObject(commitments, 'commitments');

  const mrKeys = Object.keys(mrValues);
  const weightKeys = Object.keys(weights);
  const { ids, mrIndices } = recipientsOf(mrKeys, weightKeys, weights);
  const base = checked(core.reserveInput(SHARE_STRIDE * (mrKeys.length + weightKeys.length) + RECIPIENT.STRIDE * ids.length, 0)) / 8;
  const heap = core.HEAPF64;
  let at = writeShares(mrValues, mrKeys, mrIndices, 'mrValues', heap, base);
  at = writeShares(weights, weightKeys, null, 'weights', heap, at);
  writeRecipients(ids, commitments, heap, at);

  if (filter !== undefined && filter !== null) {
    const stream = internedAttributes(filter, ids, commitments);
    const start = checked(core.reserveInputU32(stream.length)) / 4;
    core.HEAPU32.set(stream, start);
  }
  try {
    checked(core.computeTwoTier(capacity, mrKeys.length, weightKeys.length, ids.length, toJson(filter ?? null)));
  } catch (error) {
    throw withKeys(error, ids);
  }
  return readTwoTierOutput(capacityId, ids, Date.now());
}
