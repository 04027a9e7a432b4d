// Keeps a live network in the core (live-network.js) equal to what the
// network maps and my stores hold: each participant's document crosses once,
// when it arrives or changes; a participant that left the map is removed.
// onChange() listeners are told after each change (the loop schedules a
// step on it; the subscriptions look at the groups again).
import { createLiveNetwork } from './live-network.js';

export function feedLiveNetwork({ me, maps, myWeightsStore, myCommitmentStore, report }) {
  const live = createLiveNetwork(me);
  const listeners = new Set(); // {listener, kinds (null: all)}
  const changed = (kind) => {
    for (const { listener, kinds } of [...listeners]) if (!kinds || kinds.includes(kind)) listener();
  };
  const attempt = (set) => {
    try {
      set();
    } catch (error) {
      report(error);
    }
  };

  // Only entries that changed (maps hand out a new object per update) or left cross.
  function feed(kind, map, set) {
    let seen = new Map();
    return map.subscribe((current) => {
      const next = new Map();
      for (const [pub, value] of current) {
        next.set(pub, value);
        if (pub !== me && seen.get(pub) !== value) attempt(() => set(pub, value));
      }
      for (const pub of seen.keys()) if (!next.has(pub) && pub !== me) attempt(() => set(pub, null));
      seen = next;
      changed(kind);
    });
  }

  const stops = [
    myWeightsStore.subscribe((weights) => {
      attempt(() => live.setMyWeights(weights ?? null));
      changed('myWeights');
    }),
    myCommitmentStore.subscribe((commitment) => {
      attempt(() => live.setMyCommitment(commitment ?? null));
      changed('myCommitment');
    }),
    feed('commitments', maps.commitments, live.setCommitment),
    feed('recognitionWeights', maps.recognitionWeights, live.setRecognitionWeights),
    feed('allocationStates', maps.allocationStates, live.setAllocationState),
    feed('roundStates', maps.roundStates, live.setRoundState),
  ];

  return {
    live,
    /**
     * `listener()` after every change fed in, or only those of `kinds`
     * ('myWeights', 'myCommitment', or a map's name); returns the function
     * that stops telling it.
     */
    onChange(listener, kinds = null) {
      const entry = { listener, kinds };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    stop() {
      for (const stop of stops) stop();
      listeners.clear();
      live.destroy();
    },
  };
}
