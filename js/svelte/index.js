// mutual-store/svelte: the stores and the graph as Svelte 5 runes. Each
// helper returns an object whose `current` is reactive: read it in markup,
// $derived or $effect and the component follows the source, subscribing
// while something reads it and letting go when the component is destroyed
// (svelte/reactivity's createSubscriber does the bookkeeping).
import { fromStore } from 'svelte/store';
import { createSubscriber } from 'svelte/reactivity';

/**
 * A store (createStore, the allocation stores, any Svelte store) as
 * `{ current }`; for a store with `set`, assigning `current` sets it
 * (validated: an invalid value throws SchemaError and changes nothing).
 */
export function useStore(store) {
  return fromStore(store);
}

/**
 * A graph chain (`peer.get('a').next('b')`, `user.get('path')`) as
 * `{ current }`: the value, objects read deep; undefined until the first
 * read has landed. Write with the chain's own `put`.
 */
export function useNode(chain) {
  if (typeof chain?.on !== 'function') throw new TypeError('useNode: expects a graph chain (peer.get(…) or user.get(…))');
  let value;
  const subscribe = createSubscriber((update) =>
    chain.on((next) => {
      value = next;
      update();
    }, { get: true }),
  );
  return {
    get current() {
      subscribe();
      return value;
    },
  };
}

/** Who is signed in on `peer` ({alias, pub, epub}), or null: follows auth, recall, leave and delete. */
export function useUser(peer) {
  if (typeof peer?.user !== 'function') throw new TypeError('useUser: expects a peer (createPeer or configure)');
  const user = peer.user();
  const subscribe = createSubscriber((update) => user._watch(update));
  return {
    get current() {
      subscribe();
      return user.is;
    },
  };
}
