// My four published documents, in my user space under allocation/. The
// round state is gossiped as it changes and only means something now,
// so it is never cached; the other three are shown from the cache at once.
import { KINDS } from './participant-subscriptions.js';
import { createRenewableStore } from './renewable-store.js';

export function createAllocationStores({ peer, cacheable = true, persistDebounce = 100 }) {
  const make = (kind, cached) =>
    createRenewableStore({ holsterPath: KINDS[kind].path, schema: KINDS[kind].schema, cacheable: cacheable && cached, persistDebounce, peer });
  const stores = {
    myCommitmentStore: make('commitments', true),
    myAllocationStateStore: make('allocationStates', true),
    myRecognitionWeightsStore: make('recognitionWeights', true),
    myRoundStateStore: make('roundStates', false),
  };
  const all = Object.values(stores);
  return {
    ...stores,
    initialize() {
      for (const store of all) store.initialize();
    },
    cleanup: () => Promise.all(all.map((store) => store.cleanup())),
  };
}
