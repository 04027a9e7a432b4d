// The package's entry in Node (package.json "exports", condition "node"):
// the same exports as the browser entry (api.js), with Node's parts in place:
// 'fs:<dir>' storage, `ws` for relays, node-datachannel for `webrtc: true`.
import './node-platform.js';

export * from './api.js';
