// Hands Node's parts to the modules shared with browsers (node-only.js).
// Imported for its effect by the Node entry, the relay and the repository's
// universal index.js; never by anything the browser entry reaches.
import WebSocket from 'ws';
import { openFileStorage } from './storage/file-storage.js';
import { provideNodeOnly } from './node-only.js';

provideNodeOnly({
  WebSocket,
  openFileStorage,
  // node-datachannel is optional: asked for only when a peer wants WebRTC in Node.
  loadRTCPeerConnection: async () => (await import('node-datachannel/polyfill')).RTCPeerConnection,
});
