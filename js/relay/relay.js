// The relay (Node): WebSocket clients on one side, the same wasm core for
// checking, merging and routing on the other, storage so data survives
// restarts. createRelay({port, host, storage, limits, server}) → {url, close}.
// The decisions (answers, forwarding by interest, acks after storing, the
// per-user storage quota) are made in core/sync/relay; this file moves
// frames and enforces the limits on frames and connections.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { relayCore as core, checked } from './relay-core.js';
import { openStorage } from '../storage/index.js';
import { entriesOfPartialGraph, partialGraphOfEntries, deferredEntries, splitDeferredEntries } from '../peer/stored-fields.js';
import { openWebSocketLink } from '../net/websocket-link.js';
import { createSocketCorking } from './socket-corking.js';

const DEFAULT_LIMITS = {
  frameBytes: 1 << 20, // larger frames are answered with an error, unread
  messagesPerSecond: 200, // per connection; beyond it frames are refused
  connections: 1000,
  userBytes: 10 * 1024 * 1024, // stored per user (~<pub> and ~<pub>/…); puts beyond it are refused
  publicBytes: 128 * 1024 * 1024, // stored in public souls (and alias lists), all together
  publicBytesPerMinute: 4 * 1024 * 1024, // public writes per client address
};

// Limits are checked before anything is opened, so a bad one leaks nothing.
function checkLimits(limit) {
  for (const name of ['userBytes', 'publicBytes', 'publicBytesPerMinute']) {
    const bytes = limit[name];
    if (typeof bytes !== 'number') throw new TypeError(`createRelay: limits.${name} must be a number of bytes (got ${typeof bytes})`);
    if (!(bytes >= 0) || (!Number.isInteger(bytes) && bytes !== Infinity)) {
      throw new RangeError(`createRelay: limits.${name} must be a whole number of bytes >= 0, or Infinity (got ${bytes})`);
    }
  }
}

const DUE_POLL_MS = 250; // how often deferred (future-state) writes are looked at

function errorFrame(message) {
  return JSON.stringify({ '#': `relay-error-${Date.now()}-${Math.random().toString(36).slice(2)}`, err: message });
}

function randomIdPrefix() {
  return `r${Math.random().toString(36).slice(2, 10)}-`;
}

// `journal`: options of file storage ({strict, onDamage}, js/storage/file-storage.js).
export async function createRelay({ port = 8765, host = '127.0.0.1', storage = 'memory', limits = {}, server, peers = [], journal = {} } = {}) {
  if (!Array.isArray(peers) || peers.some((url) => typeof url !== 'string' || !/^wss?:\/\/./.test(url))) {
    throw new TypeError('createRelay: peers must be an array of WebSocket URLs of other relays ("ws://host:port")');
  }
  const limit = { ...DEFAULT_LIMITS, ...limits };
  checkLimits(limit);
  const store = await openStorage(storage, 'relay', journal);
  const peer = core.peerCreate();
  const { fields, deferred } = splitDeferredEntries(await store.load());
  const partial = partialGraphOfEntries(fields, () => {});
  checked(core.peerLoad(peer, JSON.stringify(partial), Date.now()));
  const relay = checked(core.relayCreate(peer, limit.frameBytes, randomIdPrefix(), limit.userBytes));
  checked(core.relaySetPublicLimits(relay, limit.publicBytes, limit.publicBytesPerMinute));

  const httpServer = server ?? http.createServer((request, response) => response.writeHead(404).end('mutual-store relay\n'));
  // ws refuses frames beyond maxPayload by closing; allow twice the limit so
  // that moderately large frames get the core's clear error reply instead.
  const sockets = new WebSocketServer({ server: httpServer, maxPayload: limit.frameBytes * 2 });
  const connections = new Map();
  let nextConnection = 1;
  let writes = Promise.resolve(); // storage writes in arrival order

  const corking = createSocketCorking();

  // The core gives each message once, as frame text, with all its recipients.
  function deliver(list) {
    for (const message of list) {
      for (const id of message.to) connections.get(id)?.send(message);
    }
  }

  // An acknowledgement turned into the error that the write was not stored.
  function notStored({ to, text }, error) {
    const ack = JSON.parse(text);
    return { to, text: JSON.stringify({ '#': ack['#'], '@': ack['@'], err: `not stored: ${error.message}` }) };
  }

  // What the core decided about a frame: send now, store, then acknowledge.
  function handle(outcome) {
    deliver(outcome.send);
    corking.handled();
    // Fields first; writes from the future join the queue's entries, then
    // those that left it go (one write may do both within one outcome).
    const entries = [...entriesOfPartialGraph(outcome.store), ...deferredEntries(outcome.deferred, outcome.undeferred)];
    writes = writes.then(async () => {
      try {
        if (entries.length) await store.write(entries);
        deliver(outcome.afterStored);
      } catch (error) {
        deliver(outcome.afterStored.map((ack) => notStored(ack, error)));
      }
    });
  }

  sockets.on('connection', (socket, request) => {
    if (connections.size >= limit.connections) {
      socket.send(errorFrame(`relay full: at most ${limit.connections} connections`));
      socket.close(1013, 'relay full');
      return;
    }
    const id = nextConnection++;
    const raw = request.socket; // the TCP socket under the WebSocket
    // A message to several clients is encoded once, and each is sent those bytes as a text frame.
    const send = (message) => {
      corking.cork(raw);
      socket.send((message.bytes ??= Buffer.from(message.text)), { binary: false });
    };
    const connection = { socket, send, windowStart: Date.now(), count: 0 };
    connections.set(id, connection);
    if (raw.remoteAddress) core.relaySetAddress(relay, id, raw.remoteAddress); // public writes are budgeted per address
    socket.on('message', (data, isBinary) => {
      const now = Date.now();
      if (now - connection.windowStart >= 1000) {
        connection.windowStart = now;
        connection.count = 0;
      }
      if (++connection.count > limit.messagesPerSecond) {
        socket.send(errorFrame(`rate limit: at most ${limit.messagesPerSecond} frames per second`));
        return;
      }
      if (isBinary) {
        socket.send(errorFrame('frames are JSON text'));
        return;
      }
      handle(JSON.parse(checked(core.relayOnFrame(relay, id, data.toString('utf8'), now))));
    });
    socket.on('close', () => {
      connections.delete(id);
      core.relayOnClose(relay, id);
    });
    socket.on('error', () => socket.terminate());
  });

  // Peer relays: links we open ourselves, kept up with backoff. Both ends
  // then follow everything, so the relays converge and stay converged.
  const peerLinks = peers.map((url) => {
    const id = nextConnection++;
    const link = openWebSocketLink(url, {
      open: () => {
        connections.set(id, { send: ({ text }) => link.send(text) });
        handle(JSON.parse(checked(core.relayOnPeerOpen(relay, id))));
      },
      message: (text) => handle(JSON.parse(checked(core.relayOnFrame(relay, id, text, Date.now())))),
      close: () => {
        connections.delete(id);
        core.relayOnClose(relay, id);
      },
    });
    return link;
  });

  // Writes from the future acknowledged before a restart wait again (or land now).
  for (const write of deferred) {
    try {
      handle(JSON.parse(checked(core.relayLoadDeferred(relay, JSON.stringify(write), Date.now()))));
    } catch (error) {
      console.error(`mutual-store relay: a stored write from the future was not loaded: ${error.message}`);
    }
  }

  // Writes from a clock a little ahead wait in the core until their time:
  // look now and then, and store and forward those that are due.
  const dueTimer = setInterval(() => handle(JSON.parse(checked(core.relayApplyDue(relay, Date.now())))), DUE_POLL_MS);

  if (!server) await new Promise((resolve) => httpServer.listen(port, host, resolve));
  const address = httpServer.address();
  return {
    url: `ws://${host}:${address.port}/`,
    async close() {
      clearInterval(dueTimer);
      corking.uncorkAll(); // what was sent this turn leaves before the sockets are cut
      for (const link of peerLinks) link.close();
      for (const { socket } of connections.values()) socket?.terminate();
      await new Promise((resolve) => sockets.close(resolve));
      if (!server) await new Promise((resolve) => httpServer.close(resolve));
      await writes;
      await store.close();
      core.relayDestroy(relay);
      core.peerDestroy(peer);
    },
  };
}
