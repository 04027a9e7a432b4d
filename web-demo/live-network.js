// One participant of the live network, wired up: a peer synced through the
// relay, a signed-in user, the allocation stores and maps on that peer, the
// directory (to be found, and to find others), and the allocation loop.
// The person at the keyboard and each member of the simulated crowd are
// made by the same function, so the crowd behaves exactly like a person.
import { createPeer } from '/js/generated/bundle/api.js';
import { createAllocationNetwork } from '/js/allocation/index.js';
import { announce, followDirectory, withdraw } from './participant-directory.js';

// The library's default ticks every 5 s and ends a round after 10 s: right
// for real use, but slow to watch. Here the loop ticks every second and a
// round lasts 3 s, so a person sees several rounds in a few seconds.
export const DEMO_TIMING = { gossipIntervalMs: 1000, roundMs: 3000 };

export const CAPACITY_ID = 'default';

/** The relay is the server the page came from, on the same port and path. */
export function relayUrlOfPage() {
  return `${location.origin.replace(/^http/, 'ws')}/`;
}

// A value with subscribers, called at once and on every change.
function watched(initial) {
  let value = initial;
  const runs = new Set();
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const run of runs) run(value);
    },
    subscribe(run) {
      runs.add(run);
      run(value);
      return () => runs.delete(run);
    },
  };
}

/**
 * Signs in (creating the account first when `create`) and joins; with
 * `remember`, this browser keeps the session (the library's remember me),
 * and with `recall` that session signs in instead of alias and password
 * (resolves to null when there is none).
 * `peerOptions` go to createPeer; `roundMs` overrides DEMO_TIMING's;
 * `onError(error)` hears problems that happen later, in callbacks.
 * Resolves to {alias, pub, peer, net, loop, directory, leave()}.
 */
export async function joinNetwork({ relayUrl, alias, password, create = false, remember = false, recall = false, peerOptions = {}, roundMs = DEMO_TIMING.roundMs, onError }) {
  const peer = createPeer({ ...peerOptions, peers: [relayUrl] });
  let pub;
  try {
    await peer.ready;
    if (recall) {
      if (!(await peer.user().recall())) {
        await peer.close();
        return null;
      }
      ({ alias, pub } = peer.user().is);
    } else {
      if (create) await peer.user().create(alias, password);
      ({ pub } = await peer.user().auth(alias, password, { remember }));
    }
  } catch (error) {
    await peer.close().catch(() => {});
    throw error;
  }
  // No localStorage cache: its keys are per path, not per user, so the
  // crowd (many users in one page) and a second account would share it.
  const net = createAllocationNetwork({ peer, cacheable: false });
  net.initializeAllocationStores();
  await announce(peer, { alias, pub });

  // Naming everyone listed lets the algorithm see their recognition
  // weights, which is how it finds providers who recognise me without my
  // recognising them (the one-way tier). Subscribing again is a no-op.
  const directory = watched([]);
  const offDirectory = followDirectory(peer, (entries) => {
    for (const entry of entries) {
      if (entry.pub === pub) continue;
      try {
        net.subscribeToRecognitionWeights(entry.pub);
      } catch (error) {
        onError?.(error);
      }
    }
    directory.set(entries);
  });

  const loop = net.startAllocationLoop({ ...DEMO_TIMING, roundMs, capacityId: CAPACITY_ID }); // water-filling: settles

  let left = false;
  return {
    alias,
    pub,
    peer,
    net,
    loop,
    directory: { subscribe: directory.subscribe, get: directory.get },
    /**
     * Stops everything and closes the peer. With `unlist`, the directory
     * entry is removed first, and the removal is given a moment to reach
     * the relay (a bounded wait: offline it would never arrive). With
     * `forget`, a remembered session is forgotten (signing out for good).
     */
    async leave({ unlist = false, forget = false } = {}) {
      if (left) return;
      left = true;
      offDirectory();
      try {
        await net.cleanupAllocationStores();
        if (unlist) {
          await withdraw(peer, pub);
          await Promise.race([peer.synced(), new Promise((resolve) => setTimeout(resolve, 3000))]);
        }
        if (forget) await peer.user().leave();
      } finally {
        await peer.close();
      }
    },
  };
}
