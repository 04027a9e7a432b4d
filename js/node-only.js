// The parts only Node has, handed in by the Node entry (node-platform.js).
// Modules shared with browsers read them from here instead of importing
// them, so the browser entry's module graph holds none of them and bundlers
// for browsers never meet `ws`, the file storage or node-datachannel.
export const nodeOnly = {
  /** Resolves to the `ws` client class, for platforms without a global WebSocket. */
  loadWebSocket: null,
  /** openFileStorage(dir, options) behind storage 'fs:<dir>'. */
  openFileStorage: null,
  /** Resolves to an RTCPeerConnection class, for `webrtc: true` where there is none. */
  loadRTCPeerConnection: null,
};

export function provideNodeOnly(parts) {
  Object.assign(nodeOnly, parts);
}
