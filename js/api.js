// mutual-store: everything the package exports, the same on every platform.
// The browser entry (package.json "exports"); node.js adds Node's parts.
export { ready } from './core.js';
export * from './generated/allocation-constants.js';
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
