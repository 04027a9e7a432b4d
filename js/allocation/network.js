// createAllocationNetwork({peer}): the seed's allocation integration bound to
// one peer (so one process can hold many participants). My four stores,
// the four maps of what others published, the subscription functions, and
// the algorithm-driven subscriptions started by initializeAllocationStores().
import { getDefaultPeer } from '../store/default-peer.js';
import { createAllocationStores } from './allocation-stores.js';
import { createParticipantSubscriptions, requirePub, KIND_NAMES } from './participant-subscriptions.js';
import { followAlgorithm as startFollowing } from './algorithm-subscriptions.js';
import { emptyGroups } from './subscription-groups.js';
import { startAllocationLoop } from './allocation-loop.js';
import { feedLiveNetwork } from './live-feed.js';
import { isFresh } from './live-network.js';
import { createReadable } from '../store/readable.js';

const MANUAL = 'manual';

export function createAllocationNetwork({ peer: givenPeer, cacheable = true, persistDebounce = 100 } = {}) {
  if (givenPeer !== undefined && (givenPeer === null || typeof givenPeer.user !== 'function')) {
    throw new TypeError('createAllocationNetwork: peer must come from createPeer()');
  }
  const peer = givenPeer ?? getDefaultPeer();
  const stores = createAllocationStores({ peer, cacheable, persistDebounce });
  const subscriptions = createParticipantSubscriptions({ peer });
  let algorithm = null;
  let loop = null;
  let feed = null; // the live network in the core, fed from the maps (made on first need)
  const liveErrors = createReadable([]);
  const report = (error) => liveErrors.set([...liveErrors.get().slice(-49), { message: error.message, at: Date.now() }]);

  function requireSignedIn(caller) {
    if (!peer.user().is) throw new Error(`${caller}: sign in first (await peer.user().auth(alias, password))`);
  }

  // The app's own subscriptions; naming a participant also lifts an earlier
  // unsubscribe, so the algorithm may follow it again.
  function subscribeByHand(kinds, pub, caller) {
    requirePub(pub, caller);
    requireSignedIn(caller);
    algorithm?.include(pub);
    for (const kind of kinds) subscriptions.subscribe(kind, pub, MANUAL);
  }

  const { maps } = subscriptions;
  const record = (kind) => () => maps[kind].toRecord();

  const isActive = (commitment, now) => isFresh(commitment.timestamp, now);

  // My live network, fed from the maps; one per signed-in participant until cleanup.
  function liveFeed() {
    const me = peer.user().is.pub;
    if (feed && feed.live.myPub !== me) {
      loop?.stop();
      feed.stop();
      feed = null;
    }
    feed ??= feedLiveNetwork({
      me,
      maps,
      myWeightsStore: stores.myRecognitionWeightsStore,
      myCommitmentStore: stores.myCommitmentStore,
      report,
    });
    return feed;
  }
  function requireNow(now, caller) {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new TypeError(`${caller}: now must be a finite number of milliseconds`);
    return now;
  }

  const network = {
    peer,
    myCommitmentStore: stores.myCommitmentStore,
    myAllocationStateStore: stores.myAllocationStateStore,
    myRecognitionWeightsStore: stores.myRecognitionWeightsStore,
    myRoundStateStore: stores.myRoundStateStore,

    networkCommitments: maps.commitments,
    networkAllocationStates: maps.allocationStates,
    networkRecognitionWeights: maps.recognitionWeights,
    networkRoundStates: maps.roundStates,
    /** Invalid network documents (newest last, at most 50): {kind, dataKind, pub, path, message, at}. */
    allocationErrors: subscriptions.errors,
    /** How many invalid network documents were refused since the last cleanup. */
    getAllocationErrorCount: subscriptions.rejectedCount,

    subscribeToCommitment: (pub) => subscribeByHand(['commitments'], pub, 'subscribeToCommitment'),
    subscribeToAllocationState: (pub) => subscribeByHand(['allocationStates'], pub, 'subscribeToAllocationState'),
    subscribeToRecognitionWeights: (pub) => subscribeByHand(['recognitionWeights'], pub, 'subscribeToRecognitionWeights'),
    subscribeToRoundState: (pub) => subscribeByHand(['roundStates'], pub, 'subscribeToRoundState'),
    subscribeToFullParticipant: (pub) => subscribeByHand(KIND_NAMES, pub, 'subscribeToFullParticipant'),
    /** Ends every subscription to `pub` (the algorithm's too, until `pub` is subscribed by hand again) and removes its data. */
    unsubscribeFromParticipant(pub) {
      requirePub(pub, 'unsubscribeFromParticipant');
      algorithm?.exclude(pub);
      subscriptions.unsubscribeParticipant(pub);
    },

    getNetworkCommitmentsRecord: record('commitments'),
    getNetworkAllocationStatesRecord: record('allocationStates'),
    getNetworkRecognitionWeightsRecord: record('recognitionWeights'),
    getNetworkRoundStatesRecord: record('roundStates'),
    getSubscriptionStats: () => subscriptions.stats(),
    getSubscribedParticipants: () => subscriptions.participants(),

    /** Participants whose commitment is fresh at `now`: younger than STALE_THRESHOLD_MS, not ahead by more than the clock-skew tolerance. */
    getActiveParticipants(now = Date.now()) {
      requireNow(now, 'getActiveParticipants');
      return [...maps.commitments].filter(([, c]) => isActive(c, now)).map(([pub]) => pub);
    },
    /** Participants whose latest commitment is not fresh (STALE_THRESHOLD_MS old or older, or too far ahead): leave them out. */
    getStaleParticipants(now = Date.now()) {
      requireNow(now, 'getStaleParticipants');
      return [...maps.commitments].filter(([, c]) => !isActive(c, now)).map(([pub]) => pub);
    },
    /** The fresh commitments only, pub → commitment, ready for computeTwoTierAllocation. */
    getActiveCommitmentsRecord(now = Date.now()) {
      requireNow(now, 'getActiveCommitmentsRecord');
      return Object.fromEntries([...maps.commitments].filter(([, c]) => isActive(c, now)));
    },

    /**
     * After sign-in: initialises the four stores and (unless
     * {followAlgorithm: false}) starts the algorithm-driven subscriptions.
     */
    initializeAllocationStores({ followAlgorithm = true } = {}) {
      requireSignedIn('initializeAllocationStores');
      stores.initialize();
      if (followAlgorithm) network.followAlgorithm();
    },
    /** Subscriptions follow the groups derived from recognition (idempotent). */
    followAlgorithm() {
      requireSignedIn('followAlgorithm');
      algorithm ??= startFollowing({ subscriptions, feed: liveFeed() });
    },
    /** Stops following the groups; the algorithm's subscriptions end, the app's stay. */
    stopFollowingAlgorithm() {
      algorithm?.stop();
      algorithm = null;
    },
    isFollowingAlgorithm: () => algorithm !== null,
    /** The groups as last derived: {mutual, beneficiaries, providers, coordinators, mr}. */
    getSubscriptionGroups: () => structuredClone(algorithm?.groups() ?? emptyGroups()),

    /**
     * Runs the allocation by itself (see allocation-loop.js): recomputes and
     * publishes my allocation state, gossips my round state, updates my
     * commitment each round. One loop per network; returns it.
     */
    startAllocationLoop(options) {
      requireSignedIn('startAllocationLoop');
      if (loop) throw new Error('startAllocationLoop: a loop is already running (stop it first)');
      const started = startAllocationLoop(network, { feed: liveFeed(), errors: liveErrors, report }, options, () => {
        if (loop === started) loop = null;
      });
      loop = started;
      return loop;
    },
    /** The running loop, or null. */
    getAllocationLoop: () => loop,

    /** Before sign-out: writes what is pending, then ends every subscription and clears maps, stores and caches. */
    async cleanupAllocationStores() {
      loop?.stop();
      network.stopFollowingAlgorithm();
      subscriptions.clear();
      feed?.stop();
      feed = null;
      liveErrors.set([]);
      await stores.cleanup();
    },
  };
  return Object.freeze(network);
}
