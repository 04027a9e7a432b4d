// mutual-store/allocation: the seed's allocation integration
// (allocation-holster). The module-level exports are one default instance of
// createAllocationNetwork() on the default peer (configure()); it is made on
// first use, so importing this module creates no peer and opens no storage,
// and configure() may still be called after the import.
import { createAllocationNetwork } from './network.js';

export { createAllocationNetwork };
export { createLiveNetwork, allocationConverged, isFresh } from './live-network.js';
export { deriveGroups as deriveSubscriptionGroups } from './subscription-groups.js';

let instance = null;
const defaultNetwork = () => (instance ??= createAllocationNetwork());

// An object with the given methods, each handed to the default instance's
// object of the same name (a store or a map), made when first called.
function lazy(name, methods) {
  const face = {};
  for (const method of methods) face[method] = (...args) => defaultNetwork()[name][method](...args);
  return face;
}

const STORE_METHODS = ['subscribe', 'set', 'update', 'initialize', 'subscribeToUser', 'persist', 'isPersisting', 'waitForPersistence', 'cleanup'];
const MAP_METHODS = ['get', 'has', 'keys', 'values', 'entries', 'forEach', 'toRecord', 'subscribe'];

function lazyStore(name) {
  const store = lazy(name, STORE_METHODS);
  store.errors = { subscribe: (...args) => defaultNetwork()[name].errors.subscribe(...args) };
  return Object.freeze(store);
}

function lazyMap(name) {
  const map = lazy(name, MAP_METHODS);
  Object.defineProperty(map, 'size', { get: () => defaultNetwork()[name].size, enumerable: true });
  map[Symbol.iterator] = () => defaultNetwork()[name][Symbol.iterator]();
  return Object.freeze(map);
}

export const myCommitmentStore = lazyStore('myCommitmentStore');
export const myAllocationStateStore = lazyStore('myAllocationStateStore');
export const myRecognitionWeightsStore = lazyStore('myRecognitionWeightsStore');
export const myRoundStateStore = lazyStore('myRoundStateStore');

export const networkCommitments = lazyMap('networkCommitments');
export const networkAllocationStates = lazyMap('networkAllocationStates');
export const networkRecognitionWeights = lazyMap('networkRecognitionWeights');
export const networkRoundStates = lazyMap('networkRoundStates');

export const allocationErrors = Object.freeze({ subscribe: (...args) => defaultNetwork().allocationErrors.subscribe(...args) });

const call = (name) => (...args) => defaultNetwork()[name](...args);

export const subscribeToCommitment = call('subscribeToCommitment');
export const subscribeToAllocationState = call('subscribeToAllocationState');
export const subscribeToRecognitionWeights = call('subscribeToRecognitionWeights');
export const subscribeToRoundState = call('subscribeToRoundState');
export const subscribeToFullParticipant = call('subscribeToFullParticipant');
export const unsubscribeFromParticipant = call('unsubscribeFromParticipant');
export const getNetworkCommitmentsRecord = call('getNetworkCommitmentsRecord');
export const getNetworkAllocationStatesRecord = call('getNetworkAllocationStatesRecord');
export const getNetworkRecognitionWeightsRecord = call('getNetworkRecognitionWeightsRecord');
export const getNetworkRoundStatesRecord = call('getNetworkRoundStatesRecord');
export const getSubscriptionStats = call('getSubscriptionStats');
export const getSubscribedParticipants = call('getSubscribedParticipants');
export const getActiveParticipants = call('getActiveParticipants');
export const getStaleParticipants = call('getStaleParticipants');
export const getActiveCommitmentsRecord = call('getActiveCommitmentsRecord');
export const getAllocationErrorCount = call('getAllocationErrorCount');
export const getSubscriptionGroups = call('getSubscriptionGroups');
export const initializeAllocationStores = call('initializeAllocationStores');
export const startAllocationLoop = call('startAllocationLoop');
export const getAllocationLoop = call('getAllocationLoop');
export const followAlgorithm = call('followAlgorithm');
export const stopFollowingAlgorithm = call('stopFollowingAlgorithm');
export const isFollowingAlgorithm = call('isFollowingAlgorithm');
export const cleanupAllocationStores = call('cleanupAllocationStores');
