// mutual-store/svelte: the stores and the graph as Svelte 5 runes (Svelte ≥ 5.7).
import type { Readable, HolsterStore, Chain, GraphValue, Peer, UserIdentity } from '../index.js';

/** A store as `{ current }`; assigning `current` sets a store that has `set` (validated). */
export function useStore<T>(store: HolsterStore<T>): { current: T | null };
export function useStore<T>(store: Readable<T> & { set(value: T): void }): { current: T };
export function useStore<T>(store: Readable<T>): { readonly current: T };

/** A graph chain's value as `{ readonly current }`: undefined until the first read has landed. Write with `chain.put`. */
export function useNode(chain: Chain): { readonly current: GraphValue | undefined };

/** Who is signed in on `peer`, or null. */
export function useUser(peer: Peer): { readonly current: UserIdentity | null };
