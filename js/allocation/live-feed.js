// Keeps a live network in the core (live-network.js) equal to what the
// network maps and my stores hold: each participant's document crosses once,
// when it arrives or changes; a participant that left the map is removed.
// `onChange` is told after each batch (the loop schedules a step on it).
import { createLiveNetwork } from './live-network.js';

export function feedLiveNetwork({ me, maps, myWeightsStore, myCommitmentStore, report }) {
  const live = createLiveNetwork(me);
  const listeners = new Set();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const attempt = (set) => {
    try {
      set();
    } catch (error) {
      report(error);
    }
  };

  // Only entries that changed (maps hand out a new object per update) or left cross.
  function feed(map, set) {
    let seen = new Map();
    return map.subscribe((current) => {
      const next = new Map();
      for (const [pub, value] of current) {
        next.set(pub, value);
        if (pub !== me && seen.get(pub) !== value) attempt(() => set(pub, value));
      }
      for (const pub of seen.keys()) if (!next.has(pub) && pub !== me) attempt(() => set(pub, null));
      seen = next;
      changed();
    });
  }

  const stops = [
    myWeightsStore.subscribe((weights) => {
      attempt(() => live.setMyWeights(weights ?? null));
      changed();
    }),
    myCommitmentStore.subscribe((commitment) => {
      attempt(() => live.setMyCommitment(commitment ?? null));
      changed();
    }),
    feed(maps.commitments, live.setCommitment),
    feed(maps.recognitionWeights, live.setRecognitionWeights),
    feed(maps.allocationStates, live.setAllocationState),
    feed(maps.roundStates, live.setRoundState),
  ];

  return {
    live,
    /** `listener()` after every change fed in; returns the function that stops telling it. */
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      for (const stop of stops) stop();
      listeners.clear();
      live.destroy();
    },
  };
}
