// The peer stores use when none is given: configure() sets it up, or the
// first store creates one with the defaults (IndexedDB in browsers).
import { createPeer } from '../peer/peer.js';

let defaultPeer = null;

/** Sets up the default peer: {peers, storage, webrtc, name, passwordCost}. */
export function configure(options = {}) {
  if (defaultPeer) throw new Error('configure: the default peer already exists; call configure before creating stores');
  defaultPeer = createPeer(options);
  return defaultPeer;
}

export function getDefaultPeer() {
  defaultPeer ??= createPeer();
  return defaultPeer;
}
