// The allocation running by itself. The round lives in the core
// (core/allocation/live_round.h): it decides rounds, freshness and
// convergence, and says which documents to publish. Here only the timing
// and the moving of documents: a step whenever an input changes (several
// changes in one turn cost one step), a tick every gossipIntervalMs, and
// what they return goes to my stores (whose subscribers hand it back to the
// live network, and the relay to everyone else).
import { ROUND_GOSSIP_INTERVAL_MS } from '../generated/allocation-constants.js';
import { createReadable } from '../store/readable.js';
import { ownValue, setOwn } from '../own-keys.js';

const HISTORY_LENGTH = 200; // rounds kept for plots

function checkTiming({ gossipIntervalMs, clock }) {
  if (!(gossipIntervalMs > 0) || !Number.isFinite(gossipIntervalMs)) throw new RangeError('startAllocationLoop: gossipIntervalMs must be a positive number of milliseconds');
  if (typeof clock !== 'function') throw new TypeError('startAllocationLoop: clock must be a function returning milliseconds');
}

// What a round looks like in a plot: what I give each recipient and receive from each provider.
function roundRecord(status, state, received, capacityId) {
  const perRecipient = (tier) => ({ ...(ownValue(state?.[tier], capacityId) ?? {}) });
  const byProvider = {};
  for (const [pub, amounts] of Object.entries(received.byProvider)) setOwn(byProvider, pub, amounts.total);
  return {
    round: status.round,
    received: received.total,
    residualNeed: status.residualNeed,
    mutualDenominator: ownValue(state?.mutualDenominator, capacityId) ?? 0,
    nonMutualDenominator: ownValue(state?.nonMutualDenominator, capacityId) ?? 0,
    converged: status.settled,
    given: { mutual: perRecipient('mutualAllocations'), nonMutual: perRecipient('nonMutualAllocations') },
    receivedFrom: byProvider,
    idle: status.idle,
  };
}

// `feed`: the network's live feed (live-feed.js); `errors`: where problems go.
// `onStop`: told when the loop stops (the network forgets it).
export function startAllocationLoop(network, { feed, errors, report }, options = {}, onStop = () => {}) {
  const {
    rule = 'water-filling',
    capacityId = 'default',
    gossipIntervalMs = ROUND_GOSSIP_INTERVAL_MS,
    roundMs = 2 * gossipIntervalMs,
    relaxation = 1,
    clock = Date.now,
  } = options;
  checkTiming({ gossipIntervalMs, clock });
  const { live } = feed;
  const prefix = (error) => Object.assign(error, { message: `startAllocationLoop: ${error.message}` });
  try {
    live.startRound({ rule, capacityId, roundMs, relaxation, now: clock() });
  } catch (error) {
    throw prefix(error);
  }
  // The round keeps my commitment from now on.
  let current = null;
  network.myCommitmentStore.subscribe((value) => (current = value ?? null))();
  try {
    live.setMyCommitment(current);
  } catch (error) {
    report(error);
  }

  let published = null; // my last published allocation state
  let history = [];
  let last = live.roundStatus(clock());
  let scheduled = false;
  let stopped = false;
  const status = createReadable(snapshot());

  function snapshot() {
    return {
      rule,
      round: last.round,
      converged: last.settled,
      settled: last.settled,
      networkSettled: last.networkSettled,
      idle: last.idle,
      idleReason: last.idleReason,
      allocation: published,
      history,
    };
  }

  // What the core said to publish goes to my stores.
  function apply(out, now) {
    if (out.allocationState) {
      published = out.allocationState;
      network.myAllocationStateStore.set(out.allocationState);
    }
    if (out.commitment) network.myCommitmentStore.set(out.commitment);
    if (out.roundState) network.myRoundStateStore.set(out.roundState);
    last = out.status;
    // A round's entry follows what arrives during it: what I receive often
    // changes after my last publication (the providers answer it).
    const received = live.received(now);
    const kept = out.advanced ? history.slice(-(HISTORY_LENGTH - 1)) : history.slice(0, -1);
    if (out.advanced || (history.length && history.at(-1).received !== received.total)) history = [...kept, roundRecord(last, published, received, capacityId)];
    status.set(snapshot());
  }

  function run(call) {
    if (stopped) return;
    const now = clock();
    try {
      apply(call(now), now);
    } catch (error) {
      report(error);
    }
  }

  function schedule() {
    if (scheduled || stopped) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      run(live.step);
    });
  }

  const offChange = feed.onChange(schedule);
  const timer = setInterval(() => run(live.tick), gossipIntervalMs);
  queueMicrotask(() => run(live.tick)); // my round state goes out at once

  return Object.freeze({
    /** {rule, round, settled (= converged), networkSettled, idle, idleReason, allocation, history}. */
    status: { subscribe: status.subscribe },
    /** Problems met while running (invalid inputs are also in allocationErrors): [{message, at}]. */
    errors: { subscribe: errors.subscribe },
    get round() {
      return last.round;
    },
    /** What fresh providers' latest states give me (water-filling: at most what I accept of each): {total, mutual, nonMutual, byProvider}. */
    received: (now = clock()) => live.received(now),
    /** MR with everyone I recognise and everyone who recognises me. */
    mutualRecognition: () => live.mutualRecognition(),
    /** Moves to the next round now (as if the round time had run out). */
    advanceRound() {
      if (stopped) throw new Error('this allocation loop has stopped');
      run(live.advance);
      run(live.step);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      offChange();
      live.stopRound();
      onStop();
    },
  });
}
