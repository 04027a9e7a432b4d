// Hands Node's parts to the modules shared with browsers (node-only.js).
// Imported for its effect by the Node entry, the relay and the repository's
// universal index.js; never by anything the browser entry reaches. Each part
// is loaded on its first use: `import 'mutual-store'` in Node should not pay
// for `ws` (tens of milliseconds) or the file storage when it uses neither.
import { provideNodeOnly } from './node-only.js';

provideNodeOnly({
  loadWebSocket: async () => (await import('ws')).default,
  openFileStorage: async (dir, options) => (await import('./storage/file-storage.js')).openFileStorage(dir, options),
  // node-datachannel is optional: asked for only when a peer wants WebRTC in Node.
  loadRTCPeerConnection: async () => (await import('node-datachannel/polyfill')).RTCPeerConnection,
});
