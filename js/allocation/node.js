// mutual-store/allocation in Node (package.json "exports", condition "node"):
// the same exports, with Node's parts in place for the default peer.
import '../node-platform.js';

export * from './index.js';
