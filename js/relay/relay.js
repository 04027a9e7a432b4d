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
import { entriesOfPartialGraph, partialGraphOfEntries } from '../peer/stored-fields.js';
import { openWebSocketLink } from '../net/websocket-link.js';
import { createSocketCorking } from './socket-corking.js';

const DEFAULT_LIMITS = {
  frameBytes: 1 << 20, // larger frames are answered with an error, unread
  messagesPerSecond: 200, // per connection; beyond it frames are refused
  connections: 1000,
  userBytes: 10 * 1024 * 1024, // stored per user (~<pub> and ~<pub>/…); puts beyond it are refused
};

// Limits are checked before anything is opened, so a bad one leaks nothing.
function checkLimits(limit) {
  const { userBytes } = limit;
  if (typeof userBytes !== 'number') throw new TypeError(`createRelay: limits.userBytes must be a number of bytes (got ${typeof userBytes})`);
  if (!(userBytes >= 0) || (!Number.isInteger(userBytes) && userBytes !== Infinity)) {
    throw new RangeError(`createRelay: limits.userBytes must be a whole number of bytes >= 0, or Infinity (got ${userBytes})`);
  }
}

const DUE_POLL_MS = 250; // how often deferred (future-state) writes are looked at

function errorFrame(message) {
  return JSON.stringify({ '#': `relay-error-${Date.now()}-${Math.random().toString(36).slice(2)}`, err: message });
}

function randomIdPrefix() {
  return `r${Math.random().toString(36).slice(2, 10)}-`;
}

export async function createRelay({ port = 8765, host = '127.0.0.1', storage = 'memory', limits = {}, server, peers = [] } = {}) {
  if (!Array.isArray(peers) || peers.some((url) => typeof url !== 'string' || !/^wss?:\/\/./.test(url))) {
    throw new TypeError('createRelay: peers must be an array of WebSocket URLs of other relays ("ws://host:port")');
  }
  const limit = { ...DEFAULT_LIMITS, ...limits };
  checkLimits(limit);
  const store = await openStorage(storage, 'relay');
  const peer = core.peerCreate();
  const partial = partialGraphOfEntries(await store.load(), () => {});
  checked(core.peerLoad(peer, JSON.stringify(partial), Date.now()));
  const relay = checked(core.relayCreate(peer, limit.frameBytes, randomIdPrefix(), limit.userBytes));

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
    const entries = entriesOfPartialGraph(outcome.store);
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
