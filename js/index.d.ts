// Type declarations for the root entry of `mutual-store`.

/** Resolved once the WebAssembly core is loaded (already true after `import`). */
export const ready: Promise<void>;

/** DENOMINATOR_FLOOR, CONVERGENCE_EPSILON, STALE_THRESHOLD_MS, ROUND_GOSSIP_INTERVAL_MS, ROUND_ADVANCEMENT_THRESHOLD. */
export * from './generated/allocation-constants.js';

// The data types are generated from the built-in schemas (`schemas`), so
// that a type and what validation accepts cannot drift apart.
import type { RecognitionWeights, VectorClock, CapacityFilter, Commitment, RoundState, TwoTierAllocationState } from './generated/schema-types.js';
export type { RecognitionWeights, VectorClock, CapacityFilter, Commitment, RoundState, TwoTierAllocationState };
/** What a capacity filter can require and a commitment's attributes can hold. */
export type AttributeValue = NonNullable<Commitment['attributes']>[string];
/** Water-filling: an offer to one recipient, in tier 1 (mutual, weight MR) or 2 (one-way, weight w). */
export type AllocationOffer = NonNullable<TwoTierAllocationState['offers']>[string][string];

/** Only the fields the allocation reads are required. */
export type AllocationCommitment = Pick<Commitment, 'residual_need'> & Partial<Commitment>;

/** MR(me, them) = min(myWeights[them], theirWeights[me]); MR(me, me) = myWeights[me]. */
export function computeMutualRecognition(
  myPub: string,
  theirPub: string,
  myWeights: RecognitionWeights,
  theirWeights: RecognitionWeights,
): number;

/** MR for everyone `myPub` recognises and everyone who recognises `myPub` (zeros included). */
export function computeAllMutualRecognition(
  myPub: string,
  myWeights: RecognitionWeights,
  networkWeights: Record<string, RecognitionWeights>,
): Record<string, number>;

/**
 * Two-tier allocation of one capacity: mutual partners (MR > 0) first,
 * one-way recognition (weight > 0, MR = 0) from the leftovers.
 * @throws TypeError / RangeError naming the field on bad input.
 */
export function computeTwoTierAllocation(
  providerPub: string,
  capacity: number,
  capacityId: string,
  mrValues: Record<string, number>,
  weights: RecognitionWeights,
  commitments: Record<string, AllocationCommitment | undefined>,
  filter?: CapacityFilter | null,
): TwoTierAllocationState;

export function passesFilter(commitment: Partial<Commitment>, filter?: CapacityFilter | null): boolean;

/** 1.0 for fewer than 3 entries, 0.5 on a zig-zag, 1.0 when non-increasing, else 0.8. */
export function computeDampingFactor(history: number[]): number;

/** A new commitment with this round's over-allocation in its history; the input is not changed. */
export function updateCommitmentDamping<C extends Pick<Commitment, 'stated_need'> & Partial<Commitment>>(
  commitment: C,
  totalReceived: number,
): C & { damping_factor: number; over_allocation_history: number[] };

/** 1 when a happened after b, -1 when before, 0 when equal or concurrent. */
export function compareVectorClocks(a: VectorClock, b: VectorClock): 1 | 0 | -1;
/** Pointwise maximum. */
export function mergeVectorClocks(a: VectorClock, b: VectorClock): VectorClock;
/** A copy with `myPub`'s counter increased by one. */
export function incrementVectorClock(clock: VectorClock, myPub: string): VectorClock;

/**
 * Whether to advance from `myRound`: at least half of the other active
 * participants (commitment younger than STALE_THRESHOLD_MS) are on a later round.
 */
export function shouldAdvanceRound(
  myPub: string,
  myRound: number,
  networkRoundStates: Record<string, Pick<RoundState, 'round'>>,
  networkCommitments: Record<string, Pick<Commitment, 'timestamp'>>,
  now?: number,
): boolean;

/** The commitments whose vectorClock is not after `myVectorClock`. */
export function getCausallyConsistentCommitments<C extends Partial<Commitment>>(
  myVectorClock: VectorClock,
  networkCommitments: Record<string, C>,
): Record<string, C>;

export interface Network {
  ids: string[];
  weights: Record<string, RecognitionWeights>;
  participants: Record<string, {
    capacity: number;
    stated_need: number;
    /** Who this participant's capacity may go to (rule 'water-filling' and centralAllocation). */
    filter?: CapacityFilter | null;
    /** What other participants' filters look at. */
    attributes?: Record<string, AttributeValue> | null;
  }>;
}

export interface GenerateNetworkOptions {
  n: number;
  k: number;
  seed?: number;
  providerFraction?: number;
  selfRate?: number;
}

/** The seeded benchmark network (identical to the reference's for the same options). */
export function generateNetwork(options: GenerateNetworkOptions): Network;

export interface SimulateOptions {
  /** 'seed' (the default): the seed's residual-need rounds. */
  rule?: 'seed';
  maxRounds?: number;
  epsilon?: number;
  /** In (0, 1]; 1 jumps straight to the new residual need. */
  relaxation?: number;
  /** Also return total residual need and maxDelta per round. */
  trace?: boolean;
}

export interface SimulationResult {
  rounds: number;
  maxDelta: number;
  commitments: Record<string, {
    residual_need: number;
    stated_need: number;
    capacity: number;
    damping_factor: number;
    over_allocation_history: number[];
    timestamp: number;
  }>;
  received: Record<string, number>;
  trace?: { totalResidual: number[]; maxDelta: number[] };
}

export function simulate(network: Network, options?: SimulateOptions): SimulationResult;

export interface WaterFillOptions {
  /** The offer/accept water-filling rule: it settles, never over-serves, keeps the two tiers. */
  rule: 'water-filling';
  /** 'phased' (default): providers, then recipients, each round; 'merged': everyone at once (half speed). */
  schedule?: 'phased' | 'merged';
  maxRounds?: number;
  /** Settled when no transfer moved by this much in a round (default 0.001). */
  epsilon?: number;
  /** Also return per-round figures. */
  trace?: boolean;
}

/** provider → { tier1: recipient → amount, tier2: recipient → amount }; amounts > 0 only; prototype-free objects. */
export type Allocations = Record<string, { tier1: Record<string, number>; tier2: Record<string, number> }>;

export interface WaterFillResult {
  rounds: number;
  /** The first round whose maxDelta was below epsilon; null when none was. */
  convergedAt: number | null;
  /** Largest change of any transfer in the last round (under 'merged', over the last two). */
  maxDelta: number;
  /** Largest amount by which any recipient received more than its stated need, in any round. */
  maxOverAllocation: number;
  /** Largest amount by which any provider gave or offered more than its capacity, in any round. */
  maxOverCapacity: number;
  /** What moves on each edge after the last round. */
  allocations: Allocations;
  trace?: { maxDelta: number[]; total: number[]; overAllocation: number[]; overCapacity: number[] };
}

export function simulate(network: Network, options: WaterFillOptions): WaterFillResult;

/** The allocation the water-filling rule settles on (lexicographic weighted max-min fair), by progressive filling. */
export function centralAllocation(network: Network): Allocations;

// ---- Schemas ----

/** One problem in a value, as Zod reports it. */
export interface SchemaIssue {
  /** Keys and array indices from the root to the problem. */
  path: Array<string | number>;
  /** invalid_type, too_small, too_big, invalid_value, unrecognized_keys, invalid_union, invalid_key, too_deep. */
  code: string;
  message: string;
  [detail: string]: unknown;
}

/** Thrown by `parse` (and by stores refusing a value); lists every problem. */
export class SchemaError extends Error {
  readonly name: 'SchemaError';
  readonly issues: SchemaIssue[];
}

export type SafeParseResult<T> =
  | { success: true; data: T; error?: undefined }
  | { success: false; error: SchemaError; data?: undefined };

/** A validator compiled into the core. `T` is the type of valid data. */
export interface Schema<T = unknown> {
  readonly name: string | undefined;
  /** The JSON Schema (draft 2020-12 subset) it was compiled from. */
  readonly jsonSchema: Record<string, unknown> | boolean;
  /** Valid data is returned as given, or with defaults filled in and, for Zod objects, unknown keys stripped. */
  safeParse(value: unknown): SafeParseResult<T>;
  /** The data, or throws `SchemaError`. */
  parse(value: unknown): T;
}

/** A Zod v4 schema, as far as `defineSchema` needs it (Zod stays an optional peer dependency). */
export interface ZodLikeSchema<T> {
  _zod: unknown;
  _output?: T;
  toJSONSchema(params?: { io?: 'input' | 'output'; override?: (ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown>; path: (string | number)[] }) => void }): Record<string, unknown>;
}

/** Compiles a JSON Schema object or a Zod v4 schema. Throws TypeError naming anything it cannot enforce. */
export function defineSchema<T>(spec: ZodLikeSchema<T>, name?: string): Schema<T>;
export function defineSchema<T = unknown>(spec: Record<string, unknown> | boolean, name?: string): Schema<T>;

/** The stored envelope `{_updatedAt, data}` around `schema`. */
export function withTimestamp<T>(schema: Schema<T>): Schema<{ _updatedAt: number; data: T }>;

export const schemas: {
  readonly VectorClock: Schema<VectorClock>;
  readonly RoundState: Schema<RoundState>;
  readonly Commitment: Schema<Commitment>;
  readonly TwoTierAllocationState: Schema<TwoTierAllocationState>;
  readonly CapacityFilter: Schema<CapacityFilter>;
  readonly RecognitionWeights: Schema<RecognitionWeights>;
};

export const schemaRegistry: {
  get(name: string): Schema | undefined;
  has(name: string): boolean;
  names(): string[];
  /** Throws RangeError when the name is taken. */
  register<T>(name: string, schema: Schema<T>): Schema<T>;
};

// ---- Graph peer ----

/** What a graph field holds, and what reads return (nested objects read deep). */
export type GraphValue = null | boolean | number | string | { [key: string]: GraphValue };

/** A storage adapter of your own: a durable map of string keys to string values. */
export interface StorageAdapter {
  load(): Promise<Map<string, string>>;
  /** Resolves when durable; null deletes; rejects (changing nothing) on failure. */
  write(batch: Array<[string, string | null]>): Promise<void>;
  close(): Promise<void>;
}

export interface PeerOptions {
  /**
   * Where this peer keeps its graph, and what a resolved `put` promises:
   * 'indexeddb' (the browser default): durable, committed with strict durability;
   * 'fs:<dir>' (Node): durable, on disk through a journal;
   * 'localstorage': best-effort, browsers commit it to disk lazily (a crash
   * right after `put` resolved can lose the write);
   * 'memory' (the default outside browsers): gone when the process ends;
   * or an adapter of your own, as durable as its `write`.
   */
  storage?: 'indexeddb' | 'localstorage' | 'memory' | `fs:${string}` | StorageAdapter;
  /** Separates several peers' data in one browser (IndexedDB database / localStorage prefix). */
  name?: string;
  /** Argon2id cost for account passwords; 'test' is the cheapest setting, for tests only. */
  passwordCost?: 'interactive' | 'test';
  /** Relays to sync with ("ws://host:port"); [] syncs once peer.connect(url) adds one. */
  peers?: string[];
  /**
   * Direct WebRTC channels to other peers, signalled through the relays: on by
   * default where RTCPeerConnection exists (browsers); in Node pass true (needs
   * node-datachannel installed) or {RTCPeerConnection, iceServers}. false: relays only.
   */
  webrtc?: boolean | { RTCPeerConnection: unknown; iceServers?: unknown[] };
  /** Tabs of one browser sharing this storage (IndexedDB/localStorage, same name) see each other's changes at once. Default true. */
  crossTab?: boolean;
  /** No relay open for this long (ms) and `status.unreachable` turns true. Default 10000. */
  unreachableAfterMs?: number;
}

/** A lex query: {".": "exact"} | {".": {"*": "prefix"}} | {".": {">": "from", "<": "to"}}, optional "%": limit. */
export interface LexQuery {
  '.': string | { '*'?: string; '>'?: string; '<'?: string };
  '%'?: number;
}

export interface LexChain {
  /** The matching fields, or null when the node is unknown. */
  once(): Promise<Record<string, GraphValue> | null>;
}

export interface Chain {
  next(key: string): Chain;
  next(lex: LexQuery): LexChain;
  get(key: string): Chain;
  get(lex: LexQuery): LexChain;
  /** Objects merge field by field; null deletes. Resolves when the peer's storage holds the write (durable for 'indexeddb' and 'fs:'). */
  put(value: GraphValue): Promise<void>;
  /** Adds `value` under a new random key; resolves to the key. */
  put(value: GraphValue, asSet: true): Promise<string>;
  once(): Promise<GraphValue>;
  /** Called after every update with the whole value; {get: true} also calls at once. Returns off(). */
  on(callback: (value: GraphValue, key: string | undefined) => void, options?: { get?: boolean }): () => void;
  off(callback?: (value: GraphValue, key: string | undefined) => void): void;
}

export interface UserIdentity {
  alias: string;
  pub: string;
  epub: string;
}

export interface User {
  readonly is: UserIdentity | null;
  create(alias: string, password: string): Promise<{ pub: string }>;
  /**
   * Throws 'wrong password' or 'no user …' errors. {remember: true} (browsers)
   * keeps a session that recall() can restore after a reload, with no key in the clear.
   */
  auth(alias: string, password: string, options?: { remember?: boolean }): Promise<UserIdentity>;
  /** Signs out at once (stores following this user let go of its data); resolves when a remembered session is forgotten. */
  leave(): Promise<void>;
  change(alias: string, oldPassword: string, newPassword: string): Promise<void>;
  delete(alias: string, password: string): Promise<void>;
  /** A chain in this user's space, or [pub, key] in anyone's (readable by all). */
  get(path: string | [pub: string, key: string]): Chain;
  encrypt(data: unknown): Promise<string>;
  decrypt<T = unknown>(sealed: string): Promise<T>;
  /** The key shared with the owner of `epub` (the same from both sides). */
  secret(epub: string): Promise<string>;
  /** Signs in with the remembered session; resolves to whether there was one. */
  recall(): Promise<boolean>;
}

export interface Peer {
  /** Resolved when stored data is loaded. */
  readonly ready: Promise<void>;
  /** Writes from linked peers refused by the checks (newest last, at most 100). */
  readonly refused: Error[];
  get(key: string): Chain;
  user(): User;
  /** A partial graph from another peer: checked (structure, ownership, signatures), merged, stored. */
  receive(partialGraph: object | string): Promise<void>;
  /** Joins two peers in one process; returns unlink(). */
  link(other: Peer): () => void;
  /** Keeps this peer in sync with the relay at `url` (needs the `peers` option, [] is fine); returns disconnect(). */
  connect(url: string): () => void;
  /** Whether a connection to a relay is open now. */
  readonly connected: boolean;
  /** How many direct WebRTC channels to other peers are open now. */
  readonly directChannels: number;
  /** Local writes no relay has acknowledged yet (kept across restarts). */
  readonly pendingWrites: number;
  /**
   * Resolves once every local write so far is durably held by a relay. With
   * {timeout} (ms) it rejects by then otherwise, with code 'ETIMEDOUT' and a
   * message saying what to check.
   */
  synced(options?: { timeout?: number }): Promise<void>;
  /** Who is online now (relays pass it on, never store it), and the signed-in user's own state. */
  readonly presence: Presence;
  /** The network side as a store: no polling needed. */
  readonly status: Readable<PeerStatus>;
  close(): Promise<void>;
}

/** pub → state, a null-prototype object (names from outside are only keys). */
export type PresenceState = Record<string, unknown>;
export type PresenceMap = { [pub: string]: PresenceState };

export interface Presence extends Readable<PresenceMap> {
  /**
   * Announces `state` (a plain object, at most 1 KiB of JSON) as the signed-in
   * user, signed, and repeats it on a heartbeat until clear(), sign-out or
   * close(). Throws when nobody is signed in.
   */
  set(state: PresenceState): void;
  /** Announces leaving now. */
  clear(): void;
}

export interface PeerStatus {
  /** Each relay this peer syncs with, and whether its connection is open. */
  relays: { url: string; open: boolean }[];
  /** Whether any relay connection is open. */
  connected: boolean;
  /** Since when no relay connection has been open (ms since the epoch), or null while one is. */
  offlineSince: number | null;
  /** No relay open for `unreachableAfterMs` (createPeer). */
  unreachable: boolean;
  pendingWrites: number;
  directChannels: number;
  /** The last refusal or network error, or null. */
  lastError: { message: string; at: number } | null;
  /** UTF-8 bytes of the frames received and sent since the peer started. */
  bytesIn: number;
  bytesOut: number;
}

export function createPeer(options?: PeerOptions): Peer;

// ---- Stores ----

/** A Svelte-compatible readable store. */
export interface Readable<T> {
  subscribe(run: (value: T) => void, invalidate?: () => void): () => void;
}

export interface StoreError {
  /** 'not-signed-in': set() before anyone signed in (the value is kept and written at sign-in). */
  kind: 'validation' | 'persistence' | 'cache' | 'not-signed-in';
  message: string;
  at: number;
}

export interface HolsterStoreOptions<T> {
  /** Where the document lives in the signed-in user's space. */
  holsterPath: string;
  /** One of `schemas`, from defineSchema, or a Zod v4 schema (compiled into the core). */
  schema: Schema<T> | ZodLikeSchema<T>;
  /** Keep the last value in localStorage (holster_<path>_cache / _timestamp) and show it at initialize(). */
  cacheable?: boolean;
  /** Milliseconds after the last set before the document is written. Default 100. */
  persistDebounce?: number;
  /** Opt-in content equality: when it says a new value equals the current one, subscribers are not called. Default: none (as svelte's writable, every object set is a change). */
  isEqual?: (a: T | null, b: T) => boolean;
  /** Default: the peer made by configure() (or with the defaults). */
  peer?: Peer;
  /** Backoff of retried writes: first delay and cap, in milliseconds. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface HolsterStore<T> extends Readable<T | null> {
  /** Validates (throws SchemaError, changing nothing, when invalid), shows, then persists (debounced). */
  set(value: T): void;
  update(updater: (value: T | null) => T): void;
  /** Shows the cached value at once and follows the signed-in user's document, from whenever a user signs in until they leave. */
  initialize(): void;
  /** Follows another user's document; invalid data is reported in `errors`, never delivered. */
  subscribeToUser(pub: string, callback: (value: T, updatedAt: number) => void): () => void;
  /** Writes now; resolves once the value current at the call is stored, rejects when that write fails (it is retried). */
  persist(): Promise<void>;
  isPersisting(): boolean;
  waitForPersistence(): Promise<void>;
  cleanup(): Promise<void>;
  readonly errors: Readable<StoreError[]>;
}

export function createHolsterStore<T>(options: HolsterStoreOptions<T>): HolsterStore<T>;
export const createStore: typeof createHolsterStore;
/** Sets up the default peer stores use; call before creating stores. */
export function configure(options?: PeerOptions): Peer;
