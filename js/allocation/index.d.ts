// Type declarations for `mutual-store/allocation`.
import type { Peer, Readable, HolsterStore } from '../index.js';

// The data types are the root entry's (one definition; they mirror `schemas`).
import type { Commitment, TwoTierAllocationState, RecognitionWeights, RoundState } from '../index.js';
export type {
  Commitment,
  TwoTierAllocationState,
  RecognitionWeights,
  RoundState,
  VectorClock,
  CapacityFilter,
  AttributeValue,
} from '../index.js';

/** A Map you can read and subscribe to (Svelte store of itself); only the network changes it. */
export interface ReactiveMap<V> extends Readable<ReactiveMap<V>>, Iterable<[string, V]> {
  get(pub: string): V | undefined;
  has(pub: string): boolean;
  readonly size: number;
  keys(): IterableIterator<string>;
  values(): IterableIterator<V>;
  entries(): IterableIterator<[string, V]>;
  forEach(callback: (value: V, pub: string, map: ReactiveMap<V>) => void, thisArg?: unknown): void;
  /** A plain-object snapshot pub → value. */
  toRecord(): Record<string, V>;
}

/** An invalid document from the network, refused before it reached a map. */
export interface AllocationError {
  kind: 'validation';
  dataKind: 'commitments' | 'allocationStates' | 'recognitionWeights' | 'roundStates';
  pub: string;
  /** Where it was read, e.g. "allocation/commitment". */
  path: string;
  message: string;
  at: number;
}

export interface SubscriptionStats {
  totalSubscriptions: number;
  commitments: number;
  allocationStates: number;
  recognitionWeights: number;
  roundStates: number;
  uniqueParticipants: number;
}

/** The groups derived from recognition. */
export interface SubscriptionGroups {
  /** MR > 0: everything is followed. */
  mutual: string[];
  /** I recognise them, they do not recognise me: commitment, weights, round state. */
  beneficiaries: string[];
  /** They recognise me, I do not recognise them: commitment, allocation state, weights, round state. */
  providers: string[];
  /** Everyone above: their round state is followed. */
  coordinators: string[];
  /** computeAllMutualRecognition(me, myWeights, networkWeights), as last computed. */
  mr: Record<string, number>;
}

/**
 * A store of mine (in my user space) that outlives cleanup: after
 * cleanupAllocationStores() it starts afresh on next use.
 */
export type AllocationStore<T> = HolsterStore<T>;

export interface InitializeOptions {
  /** Start the algorithm-driven subscriptions. Default true. */
  followAlgorithm?: boolean;
}

export interface AllocationNetwork {
  readonly peer: Peer;
  /** allocation/commitment, cached. */
  readonly myCommitmentStore: AllocationStore<Commitment>;
  /** allocation/allocationState, cached. */
  readonly myAllocationStateStore: AllocationStore<TwoTierAllocationState>;
  /** allocation/recognitionWeights, cached. */
  readonly myRecognitionWeightsStore: AllocationStore<RecognitionWeights>;
  /** allocation/roundState, never cached. */
  readonly myRoundStateStore: AllocationStore<RoundState>;

  readonly networkCommitments: ReactiveMap<Commitment>;
  readonly networkAllocationStates: ReactiveMap<TwoTierAllocationState>;
  readonly networkRecognitionWeights: ReactiveMap<RecognitionWeights>;
  readonly networkRoundStates: ReactiveMap<RoundState>;
  /** Invalid network documents, newest last (at most 50). */
  readonly allocationErrors: Readable<AllocationError[]>;
  /** Invalid network documents refused since the last cleanup. */
  getAllocationErrorCount(): number;

  /** Throw TypeError for a pub that is not a non-empty string, Error before sign-in. Idempotent. */
  subscribeToCommitment(pub: string): void;
  subscribeToAllocationState(pub: string): void;
  /** Also how a provider I do not recognise is discovered by the algorithm. */
  subscribeToRecognitionWeights(pub: string): void;
  subscribeToRoundState(pub: string): void;
  /** All four kinds. */
  subscribeToFullParticipant(pub: string): void;
  /** Ends every subscription to pub and removes its data; the algorithm leaves pub alone until it is subscribed by hand again. */
  unsubscribeFromParticipant(pub: string): void;

  getNetworkCommitmentsRecord(): Record<string, Commitment>;
  getNetworkAllocationStatesRecord(): Record<string, TwoTierAllocationState>;
  getNetworkRecognitionWeightsRecord(): Record<string, RecognitionWeights>;
  getNetworkRoundStatesRecord(): Record<string, RoundState>;
  getSubscriptionStats(): SubscriptionStats;
  getSubscribedParticipants(): string[];

  /** Pubs whose commitment is younger than STALE_THRESHOLD_MS at now (default Date.now()). */
  getActiveParticipants(now?: number): string[];
  /** Pubs whose commitment is STALE_THRESHOLD_MS old or older. */
  getStaleParticipants(now?: number): string[];
  /** The fresh commitments only. */
  getActiveCommitmentsRecord(now?: number): Record<string, Commitment>;

  /** After sign-in (throws Error before): initialises the four stores and starts following the algorithm. */
  initializeAllocationStores(options?: InitializeOptions): void;
  /** Subscriptions follow the groups derived from my and the network's recognition weights. Idempotent. */
  followAlgorithm(): void;
  /** The algorithm's subscriptions end; the ones made by hand stay. */
  stopFollowingAlgorithm(): void;
  isFollowingAlgorithm(): boolean;
  getSubscriptionGroups(): SubscriptionGroups;

  /** Runs the allocation by itself (after initializeAllocationStores()); one loop per network. */
  startAllocationLoop(options?: AllocationLoopOptions): AllocationLoop;
  /** The running loop, or null. */
  getAllocationLoop(): AllocationLoop | null;

  /** Stops the loop, writes what is pending, then ends every subscription and clears maps, stores and caches. */
  cleanupAllocationStores(): Promise<void>;
}

export interface AllocationLoopOptions {
  /** 'water-filling' (default): offers and acceptances that settle on the max-min fair allocation; 'seed': the seed's rule. */
  rule?: 'water-filling' | 'seed';
  /** The capacity allocated (its filter: my commitment's capacity_filters[capacityId]). Default 'default'. */
  capacityId?: string;
  /** How often the loop ticks: my round state goes out on a tick when its round or settled changed (and every 30 s regardless). Default ROUND_GOSSIP_INTERVAL_MS (5000). */
  gossipIntervalMs?: number;
  /** Seed rule: after this long in a round I advance on my own; Infinity: only when half of the active others are ahead. Default 2 × gossipIntervalMs. */
  roundMs?: number;
  /** Seed rule: how far residual need moves towards max(0, stated − received) each round, in (0, 1]. Default 1 (the seed's update). */
  relaxation?: number;
  /** Milliseconds now. Default Date.now. */
  clock?: () => number;
}

export interface AllocationRoundRecord {
  round: number;
  received: number;
  residualNeed: number;
  mutualDenominator: number;
  nonMutualDenominator: number;
  converged: boolean;
  /** What my allocation state moves to each recipient, per tier. */
  given: { mutual: Record<string, number>; nonMutual: Record<string, number> };
  /** What each fresh provider moves to me. */
  receivedFrom: Record<string, number>;
  /** My capacity not given. */
  idle: number;
}

export interface AllocationLoopStatus {
  rule: 'water-filling' | 'seed';
  /** Water-filling: a round is a step in which what I publish changed. */
  round: number;
  /** Water-filling: nothing I publish changed over my last tick. Seed: every denominator moved by less than CONVERGENCE_EPSILON since my previous state. */
  settled: boolean;
  /** The same as settled (the older name). */
  converged: boolean;
  /** I have settled and every fresh participant I follow says so in its round state. */
  networkSettled: boolean;
  /** My capacity not given. */
  idle: number;
  /** Why capacity is idle: 'all needs met', 'no one else recognised', 'waiting for answers' (water-filling), '' when none is. */
  idleReason: string;
  /** My last published allocation state (null: none yet, e.g. no capacity). */
  allocation: TwoTierAllocationState | null;
  /** The latest rounds, oldest first (at most 200). */
  history: AllocationRoundRecord[];
}

export interface Received {
  total: number;
  mutual: number;
  nonMutual: number;
  byProvider: Record<string, { mutual: number; nonMutual: number; total: number }>;
}

export interface AllocationLoop {
  readonly status: Readable<AllocationLoopStatus>;
  readonly errors: Readable<Array<{ message: string; at: number }>>;
  readonly round: number;
  /** What fresh providers' latest allocation states give me (my own allocation to myself included); under water-filling, of each provider at most what my latest answer accepts of it. */
  received(now?: number): Received;
  /** MR with everyone I recognise and everyone who recognises me. */
  mutualRecognition(): Record<string, number>;
  /** Moves to the next round now. */
  advanceRound(): void;
  stop(): void;
}

/** A participant's view of the network held in the core (what the loop uses). */
export interface LiveNetwork {
  readonly myPub: string;
  setMyWeights(weights: RecognitionWeights | null): void;
  setMyCommitment(commitment: Commitment | null): void;
  setCommitment(pub: string, commitment: Commitment | null): void;
  setRecognitionWeights(pub: string, weights: RecognitionWeights | null): void;
  setAllocationState(pub: string, state: TwoTierAllocationState | null): void;
  setRoundState(pub: string, roundState: RoundState | null): void;
  forget(pub: string): void;
  allocate(options: { capacityId: string; capacity: number; filter?: import('../index.js').CapacityFilter | null; now?: number }): TwoTierAllocationState;
  received(now?: number): Received;
  groups(): { mutual: string[]; beneficiaries: string[]; providers: string[]; coordinators: string[] };
  mutualRecognition(): Record<string, number>;
  shouldAdvanceRound(myRound: number, now?: number): boolean;
  /** Attaches the loop's round (the core decides what to publish); my commitment goes to it from then on. */
  startRound(options: { rule: 'water-filling' | 'seed'; capacityId: string; roundMs: number; relaxation: number; now: number }): void;
  stopRound(): void;
  tick(now: number): RoundOutput;
  step(now: number): RoundOutput;
  advance(now: number): RoundOutput;
  roundStatus(now: number): RoundStatus;
  destroy(): void;
}

export interface RoundStatus {
  round: number;
  settled: boolean;
  networkSettled: boolean;
  received: number;
  residualNeed: number;
  capacity: number;
  given: number;
  idle: number;
  idleReason: string;
}

/** What to publish now (null: nothing new). */
export interface RoundOutput {
  commitment: Commitment | null;
  allocationState: TwoTierAllocationState | null;
  roundState: RoundState | null;
  advanced: boolean;
  status: RoundStatus;
}

/** Whether a document stamped `timestamp` still counts at `now`: younger than STALE_THRESHOLD_MS and not more than the clock-skew tolerance (30 s) ahead. */
export function isFresh(timestamp: number, now: number): boolean;

export function createLiveNetwork(myPub: string): LiveNetwork;
/** Whether every denominator moved by less than CONVERGENCE_EPSILON from previous to current. */
export function allocationConverged(previous: TwoTierAllocationState, current: TwoTierAllocationState): boolean;

export interface AllocationNetworkOptions {
  /** Default: the default peer (configure()). */
  peer?: Peer;
  /** Cache the first three stores in localStorage. Default true. */
  cacheable?: boolean;
  /** Debounce of my stores' writes in milliseconds. Default 100. */
  persistDebounce?: number;
}

/** The same API bound to one peer: many participants in one process. */
export function createAllocationNetwork(options?: AllocationNetworkOptions): AllocationNetwork;

/** The pure derivation behind followAlgorithm(). */
export function deriveSubscriptionGroups(
  myPub: string,
  myWeights: RecognitionWeights | null,
  networkWeights: Record<string, RecognitionWeights>,
): SubscriptionGroups;

// The default instance (on the default peer, made on first use).
export const myCommitmentStore: AllocationNetwork['myCommitmentStore'];
export const myAllocationStateStore: AllocationNetwork['myAllocationStateStore'];
export const myRecognitionWeightsStore: AllocationNetwork['myRecognitionWeightsStore'];
export const myRoundStateStore: AllocationNetwork['myRoundStateStore'];
export const networkCommitments: AllocationNetwork['networkCommitments'];
export const networkAllocationStates: AllocationNetwork['networkAllocationStates'];
export const networkRecognitionWeights: AllocationNetwork['networkRecognitionWeights'];
export const networkRoundStates: AllocationNetwork['networkRoundStates'];
export const allocationErrors: AllocationNetwork['allocationErrors'];
export const getAllocationErrorCount: AllocationNetwork['getAllocationErrorCount'];
export const subscribeToCommitment: AllocationNetwork['subscribeToCommitment'];
export const subscribeToAllocationState: AllocationNetwork['subscribeToAllocationState'];
export const subscribeToRecognitionWeights: AllocationNetwork['subscribeToRecognitionWeights'];
export const subscribeToRoundState: AllocationNetwork['subscribeToRoundState'];
export const subscribeToFullParticipant: AllocationNetwork['subscribeToFullParticipant'];
export const unsubscribeFromParticipant: AllocationNetwork['unsubscribeFromParticipant'];
export const getNetworkCommitmentsRecord: AllocationNetwork['getNetworkCommitmentsRecord'];
export const getNetworkAllocationStatesRecord: AllocationNetwork['getNetworkAllocationStatesRecord'];
export const getNetworkRecognitionWeightsRecord: AllocationNetwork['getNetworkRecognitionWeightsRecord'];
export const getNetworkRoundStatesRecord: AllocationNetwork['getNetworkRoundStatesRecord'];
export const getSubscriptionStats: AllocationNetwork['getSubscriptionStats'];
export const getSubscribedParticipants: AllocationNetwork['getSubscribedParticipants'];
export const getActiveParticipants: AllocationNetwork['getActiveParticipants'];
export const getStaleParticipants: AllocationNetwork['getStaleParticipants'];
export const getActiveCommitmentsRecord: AllocationNetwork['getActiveCommitmentsRecord'];
export const getSubscriptionGroups: AllocationNetwork['getSubscriptionGroups'];
export const initializeAllocationStores: AllocationNetwork['initializeAllocationStores'];
export const followAlgorithm: AllocationNetwork['followAlgorithm'];
export const stopFollowingAlgorithm: AllocationNetwork['stopFollowingAlgorithm'];
export const isFollowingAlgorithm: AllocationNetwork['isFollowingAlgorithm'];
export const cleanupAllocationStores: AllocationNetwork['cleanupAllocationStores'];
export const startAllocationLoop: AllocationNetwork['startAllocationLoop'];
export const getAllocationLoop: AllocationNetwork['getAllocationLoop'];
