// mutual-store: the package's root entry.
export { ready } from './core.js';
export {
  DENOMINATOR_FLOOR,
  CONVERGENCE_EPSILON,
  STALE_THRESHOLD_MS,
  ROUND_GOSSIP_INTERVAL_MS,
  ROUND_ADVANCEMENT_THRESHOLD,
} from './generated/boundary.js';
export {
  computeMutualRecognition,
  computeAllMutualRecognition,
  computeTwoTierAllocation,
  passesFilter,
  computeDampingFactor,
  updateCommitmentDamping,
  compareVectorClocks,
  mergeVectorClocks,
  incrementVectorClock,
  shouldAdvanceRound,
  getCausallyConsistentCommitments,
} from './allocation-engine.js';
export { generateNetwork, simulate, centralAllocation } from './network-simulation.js';
export { schemas, defineSchema, withTimestamp, schemaRegistry, SchemaError } from './schema.js';
export { createPeer } from './peer/peer.js';
export { createHolsterStore, createStore } from './store/holster-store.js';
export { configure } from './store/default-peer.js';
