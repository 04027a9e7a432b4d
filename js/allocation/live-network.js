// A participant's live view of the allocation network, held inside the core
// (core/allocation/live_network.h). Each participant's published data
// crosses once, as JSON text, when it arrives; an allocation round then
// reads what the core already holds, so nothing network-sized is marshalled.
//
// Key order (results equal computeTwoTierAllocation's bit for bit when its
// Records are built in the same order): allocation sums run in the order of
// my weights' keys; mutualRecognition() lists my weights' keys (weight > 0),
// then the others whose weights were set, in the order first set (removed or
// forgotten ones go to the end when set again) — what a `networkWeights`
// object filled by `networkWeights[pub] = weights` as data arrives gives.
// received() follows first mention of each pub.
//
// startRound() attaches the allocation loop's round (core/allocation/
// live_round.h): from then on my commitment goes to the round, and tick(),
// step() and advance() return the documents to publish.
import { core, checked } from '../core.js';
import { requireNumber, requireObject, requireString, toJson } from '../boundary.js';
import { readTwoTierOutput } from '../wasm-buffers.js';
import { setOwn } from '../own-keys.js';


function requireDocument(value, field) {
  // `undefined` would cross as "null", which means "remove": refuse it.
  if (value === undefined) throw new TypeError(`${field} must be an object or null (got undefined)`);
  return value;
}

/**
 * Participants' data is set one at a time; `null` removes it. Every setter
 * validates against the built-in schema and changes nothing on bad input.
 */
export function createLiveNetwork(myPub) {
  requireString(myPub, 'myPub');
  const handle = checked(core.liveNetworkCreate(myPub));
  let myKeys = [];
  let destroyed = false;
  const open = () => {
    if (destroyed) throw new Error('this live network has been destroyed');
    return handle;
  };
  const update = (call, pub, document, field) => {
    requireString(pub, 'pub');
    requireDocument(document, field);
    checked(call(open(), pub, toJson(document)));
  };
  const roundCall = (call, now) => {
    requireNumber(now, 'now');
    return JSON.parse(checked(call(open(), now)));
  };
  const setWeights = (pub, weights) => {
    update(core.liveNetworkSetRecognitionWeights, pub, weights, 'weights');
    if (pub === myPub) myKeys = weights === null ? [] : Object.keys(weights);
  };

  return {
    myPub,
    setMyWeights: (weights) => setWeights(myPub, weights),
    setMyCommitment: (commitment) => update(core.liveNetworkSetCommitment, myPub, commitment, 'commitment'),
    setCommitment: (pub, commitment) => update(core.liveNetworkSetCommitment, pub, commitment, 'commitment'),
    setRecognitionWeights: setWeights,
    setAllocationState: (pub, state) => update(core.liveNetworkSetAllocationState, pub, state, 'allocationState'),
    setRoundState: (pub, roundState) => update(core.liveNetworkSetRoundState, pub, roundState, 'roundState'),

    forget(pub) {
      requireString(pub, 'pub');
      checked(core.liveNetworkForget(open(), pub));
      if (pub === myPub) myKeys = [];
    },

    /** My TwoTierAllocationState for one capacity; `timestamp` is `now`. */
    allocate(options) {
      requireObject(options, 'allocate options');
      const { capacityId, capacity, filter = null, now = Date.now() } = options;
      requireString(capacityId, 'capacityId');
      requireNumber(capacity, 'capacity');
      requireNumber(now, 'now');
      checked(core.liveNetworkAllocate(open(), capacity, toJson(filter), now));
      // Recipients come back by position in my weights' keys (Object.keys
      // order, which is also JSON.stringify's): the wrapper keeps those keys.
      return readTwoTierOutput(capacityId, myKeys, now);
    },

    /** What fresh providers' latest states give me: {total, mutual, nonMutual, byProvider: {pub: {mutual, nonMutual, total}}}. */
    received(now = Date.now()) {
      requireNumber(now, 'now');
      const r = JSON.parse(checked(core.liveNetworkReceived(open(), now)));
      const byProvider = {};
      for (const [pub, mutual, nonMutual] of r.byProvider) setOwn(byProvider, pub, { mutual, nonMutual, total: mutual + nonMutual });
      return { total: r.total, mutual: r.mutual, nonMutual: r.nonMutual, byProvider };
    },

    /** Whom to follow: {mutual, beneficiaries, providers, coordinators}, arrays of pubs. */
    groups() {
      return JSON.parse(checked(core.liveNetworkGroups(open())));
    },

    /** Starts the loop's round: {rule: 'water-filling' | 'seed', capacityId, roundMs, relaxation, now}. */
    startRound({ rule, capacityId, roundMs, relaxation, now }) {
      requireString(rule, 'rule');
      requireString(capacityId, 'capacityId');
      requireNumber(roundMs, 'roundMs');
      requireNumber(relaxation, 'relaxation');
      requireNumber(now, 'now');
      checked(core.liveNetworkStartRound(open(), rule, capacityId, roundMs, relaxation, now));
    },
    stopRound() {
      if (!destroyed) core.liveNetworkStopRound(handle);
    },
    /** The timer: {commitment, allocationState, roundState (null: nothing new), advanced, status}. */
    tick: (now) => roundCall(core.liveNetworkTick, now),
    /** An input changed: the same shape as tick(). */
    step: (now) => roundCall(core.liveNetworkStep, now),
    /** The next round now: the same shape as tick(). */
    advance: (now) => roundCall(core.liveNetworkAdvance, now),
    /** {round, settled, networkSettled, received, residualNeed, capacity, given, idle, idleReason}. */
    roundStatus(now) {
      requireNumber(now, 'now');
      return JSON.parse(checked(core.liveNetworkRoundStatus(open(), now)));
    },

    /** MR with everyone I recognise and everyone who recognises me (order above). */
    mutualRecognition() {
      return JSON.parse(checked(core.liveNetworkMutualRecognition(open())));
    },

    shouldAdvanceRound(myRound, now = Date.now()) {
      requireNumber(myRound, 'myRound');
      requireNumber(now, 'now');
      return checked(core.liveNetworkShouldAdvanceRound(open(), myRound, now));
    },

    destroy() {
      if (destroyed) return;
      destroyed = true;
      core.liveNetworkDestroy(handle);
    },
  };
}

/** Whether a document stamped `timestamp` still counts at `now` (the core's one staleness predicate). */
export function isFresh(timestamp, now) {
  requireNumber(timestamp, 'timestamp');
  requireNumber(now, 'now');
  return core.allocationIsFresh(timestamp, now);
}

/** Whether every denominator moved by less than CONVERGENCE_EPSILON from `previous` to `current`. */
export function allocationConverged(previous, current) {
  return checked(core.allocationDenominatorsConverged(toJson(previous), toJson(current)));
}
