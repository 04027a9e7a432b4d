// The allocation running itself, round after round (allocation.md, "Rounds"):
//   - what the network maps hold is fed, one participant at a time, into a
//     live network in the core, so a round marshals nothing network-sized;
//   - as a provider, my allocation state is recomputed whenever an input
//     changes (and on every tick, since commitments go stale with time) and
//     published when it differs from the last one; convergence is every
//     denominator moving by < CONVERGENCE_EPSILON;
//   - my round state is gossiped every gossipIntervalMs with a vector clock
//     (merged with each round state received, then incremented);
//   - I advance my round when at least half of the active others are ahead,
//     or on my own once a round has lasted roundMs (somebody has to go
//     first); on each new round, as a recipient, I sum what I receive, move
//     my residual need towards max(0, stated − received) by `relaxation`,
//     update damping and publish my commitment (which also keeps it fresh).
import { ROUND_GOSSIP_INTERVAL_MS, STALE_THRESHOLD_MS } from '../constants.js';
import { incrementVectorClock, mergeVectorClocks, updateCommitmentDamping } from '../allocation-engine.js';
import { createReadable } from '../store/readable.js';
import { createLiveNetwork, allocationConverged } from './live-network.js';
import { ownValue } from '../own-keys.js';

const HISTORY_LENGTH = 200; // rounds kept for plots

function checkOptions({ capacityId, gossipIntervalMs, roundMs, relaxation, clock }) {
  if (typeof capacityId !== 'string' || capacityId === '') throw new TypeError('startAllocationLoop: capacityId must be a non-empty string');
  if (!(gossipIntervalMs > 0) || !Number.isFinite(gossipIntervalMs)) throw new RangeError('startAllocationLoop: gossipIntervalMs must be a positive number of milliseconds');
  if (!(roundMs > 0)) throw new RangeError('startAllocationLoop: roundMs must be > 0 (Infinity: only follow the others)');
  if (!(relaxation > 0 && relaxation <= 1)) throw new RangeError('startAllocationLoop: relaxation must be in (0, 1]');
  if (typeof clock !== 'function') throw new TypeError('startAllocationLoop: clock must be a function returning milliseconds');
}

// What an allocation state says, without its timestamp.
const allocationText = (state) =>
  JSON.stringify([state.mutualDenominator, state.nonMutualDenominator, state.mutualAllocations, state.nonMutualAllocations]);

// `onStop`: told when the loop stops (the network forgets it).
export function startAllocationLoop(network, options = {}, onStop = () => {}) {
  const {
    capacityId = 'default',
    gossipIntervalMs = ROUND_GOSSIP_INTERVAL_MS,
    roundMs = 2 * gossipIntervalMs,
    relaxation = 1,
    clock = Date.now,
  } = options;
  checkOptions({ capacityId, gossipIntervalMs, roundMs, relaxation, clock });
  const me = network.peer.user().is?.pub;
  if (!me) throw new Error('startAllocationLoop: sign in first (await peer.user().auth(alias, password))');

  const live = createLiveNetwork(me);
  let round = 0;
  let vectorClock = {};
  let roundStartedAt = clock();
  let myCommitment = null;
  let published = null; // my last published allocation state
  let converged = false;
  let history = [];
  let scheduled = false;
  let stopped = false;
  const status = createReadable(snapshot());
  const errors = createReadable([]);

  function snapshot() {
    return { round, converged, allocation: published, history };
  }
  function report(error) {
    errors.update((list) => [...list.slice(-49), { message: error.message, at: clock() }]);
  }

  // Feeds a network map into the live network: only entries that changed
  // (maps hand out a new object per update) or left cross.
  function feed(map, set, onNew = () => {}) {
    let seen = new Map();
    return map.subscribe((current) => {
      const next = new Map();
      for (const [pub, value] of current) {
        next.set(pub, value);
        if (pub === me || seen.get(pub) === value) continue;
        try {
          set(pub, value);
          onNew(value);
        } catch (error) {
          report(error);
        }
      }
      for (const pub of seen.keys()) if (!next.has(pub) && pub !== me) set(pub, null);
      seen = next;
      schedule();
    });
  }

  function mergeClock(roundState) {
    vectorClock = incrementVectorClock(mergeVectorClocks(vectorClock, roundState.vectorClock), me);
  }

  // Several changes in one turn cost one recomputation.
  function schedule() {
    if (scheduled || stopped) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (!stopped) recompute(clock());
    });
  }

  function recompute(now) {
    const capacity = myCommitment?.capacity ?? 0;
    if (capacity > 0 || published) {
      try {
        const filter = ownValue(myCommitment?.capacity_filters, capacityId) ?? null;
        const state = live.allocate({ capacityId, capacity, filter, now });
        const changed = !published || allocationText(published) !== allocationText(state);
        converged = published ? allocationConverged(published, state) : false;
        if (changed) {
          published = state;
          live.setAllocationState(me, state); // what I give myself (self-recognition) is received too
          network.myAllocationStateStore.set(state);
        }
      } catch (error) {
        report(error);
      }
    }
    status.set(snapshot());
  }

  function advance(now) {
    round += 1;
    roundStartedAt = now;
    const received = live.received(now).total;
    if (myCommitment) {
      const target = Math.max(0, myCommitment.stated_need - received);
      const residual = myCommitment.residual_need + relaxation * (target - myCommitment.residual_need);
      const updated = updateCommitmentDamping({ ...myCommitment, residual_need: residual }, received);
      publishCommitment({ ...updated, round, vectorClock, timestamp: now });
    }
    history = [...history.slice(-(HISTORY_LENGTH - 1)), {
      round,
      received,
      residualNeed: myCommitment?.residual_need ?? 0,
      mutualDenominator: ownValue(published?.mutualDenominator, capacityId) ?? 0,
      nonMutualDenominator: ownValue(published?.nonMutualDenominator, capacityId) ?? 0,
      converged,
    }];
  }

  // The store's subscriber (below) hands it to the live network, once it is accepted.
  function publishCommitment(commitment) {
    network.myCommitmentStore.set(commitment);
  }

  function tick() {
    const now = clock();
    try {
      if (live.shouldAdvanceRound(round, now) || now - roundStartedAt >= roundMs) advance(now);
      // A commitment older than half the stale threshold is published again, still fresh.
      else if (myCommitment && now - myCommitment.timestamp > STALE_THRESHOLD_MS / 2) publishCommitment({ ...myCommitment, timestamp: now });
      vectorClock = incrementVectorClock(vectorClock, me);
      network.myRoundStateStore.set({ pubKey: me, round, vectorClock, timestamp: now });
    } catch (error) {
      report(error);
    }
    recompute(now);
  }

  const stops = [
    network.myRecognitionWeightsStore.subscribe((weights) => {
      try {
        live.setMyWeights(weights ?? null);
      } catch (error) {
        report(error);
      }
      schedule();
    }),
    network.myCommitmentStore.subscribe((commitment) => {
      myCommitment = commitment ?? null;
      try {
        live.setMyCommitment(myCommitment);
      } catch (error) {
        report(error);
      }
      schedule();
    }),
    feed(network.networkCommitments, live.setCommitment),
    feed(network.networkRecognitionWeights, live.setRecognitionWeights),
    feed(network.networkAllocationStates, live.setAllocationState),
    feed(network.networkRoundStates, live.setRoundState, mergeClock),
  ];
  const timer = setInterval(tick, gossipIntervalMs);
  queueMicrotask(() => stopped || tick()); // my round state goes out at once

  return Object.freeze({
    /** {round, converged, allocation (my last published state or null), history: [{round, received, residualNeed, …}]} */
    status: { subscribe: status.subscribe },
    /** Problems met while running (invalid inputs are also in allocationErrors): [{message, at}]. */
    errors: { subscribe: errors.subscribe },
    get round() {
      return round;
    },
    /** What fresh providers' latest states give me: {total, mutual, nonMutual, byProvider}. */
    received: (now = clock()) => live.received(now),
    /** MR with everyone I recognise and everyone who recognises me. */
    mutualRecognition: () => live.mutualRecognition(),
    /** Moves to the next round now (as if the round time had run out). */
    advanceRound() {
      if (stopped) throw new Error('this allocation loop has stopped');
      advance(clock());
      recompute(clock());
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      for (const stop of stops) stop();
      live.destroy();
      onStop();
    },
  });
}
