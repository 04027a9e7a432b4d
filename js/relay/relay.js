// The relay (Node): WebSocket clients on one side, the same wasm core for
// checking, merging and routing on the other, storage so data survives
// restarts. createRelay({port, host, storage, limits, server, peers, key,
// peerKeys, redis, logLevel, logger}) → {url, key, storageHealth, close}.
// With `redis`, any number of relays share one graph kept in Redis
// (redis-graph.js). The decisions (answers, forwarding by interest, acks
// after storing, the per-user storage quota, which peer relays may sync
// everything) are made in core/sync/relay; this file moves
// frames and enforces the socket-level limits: frame rates, connections
// per address, idle and handshake deadlines, and how much may wait unsent.
// Operators get /healthz, /readyz and /metrics on the same port
// (http-routes.js, metrics.js) and JSON-line logs (log.js).
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import '../node-platform.js'; // 'fs:<dir>' storage and `ws` for links to other relays
import { relayCore as core, checked, outcomeOf, writeJsonText } from './relay-core.js';
import { openStorage } from '../storage/index.js';
import { entriesOfPartialGraph, partialGraphOfEntries, deferredEntries, splitDeferredEntries } from '../peer/stored-fields.js';
import { openWebSocketLink } from '../net/websocket-link.js';
import { createSocketCorking } from './socket-corking.js';
import { guardConnections } from './connection-guard.js';
import { createRelayMetrics } from './metrics.js';
import { serveOperatorRoutes, readinessOf } from './http-routes.js';
import { checkLogOptions, relayLogger } from './log.js';

export const DEFAULT_LIMITS = {
  frameBytes: 1 << 20, // larger frames are answered with an error, unread
  messagesPerSecond: 200, // per connection; beyond it frames are refused
  connections: 1000,
  connectionsPerAddress: 32, // TCP connections from one IP address, WebSocket or not yet
  idleMs: 5 * 60_000, // a WebSocket that sends nothing this long is closed (clients reconnect)
  handshakeMs: 10_000, // a TCP connection that is neither a WebSocket nor an HTTP request by then is cut
  socketBufferBytes: 8 << 20, // unsent bytes one client may leave waiting before it is dropped
  userBytes: 10 * 1024 * 1024, // stored per user (~<pub> and ~<pub>/…); puts beyond it are refused
  publicBytes: 128 * 1024 * 1024, // stored in public souls (and alias lists), all together
  publicBytesPerMinute: 4 * 1024 * 1024, // public writes per client address
  presenceTimeoutMs: 30_000, // presence not repeated this long is gone (clients repeat it every third of it)
  presenceBytesPerMinute: 64 * 1024, // presence per client address (each is passed to every follower)
};

// Limits are checked before anything is opened, so a bad one leaks nothing.
function checkLimits(limit) {
  for (const [name, value] of Object.entries(limit)) {
    if (!(name in DEFAULT_LIMITS)) throw new RangeError(`createRelay: unknown limit "${name}" (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
    if (typeof value !== 'number') throw new TypeError(`createRelay: limits.${name} must be a number (got ${typeof value})`);
    if (!(value >= 0) || (!Number.isInteger(value) && value !== Infinity)) {
      throw new RangeError(`createRelay: limits.${name} must be a whole number >= 0, or Infinity (got ${value})`);
    }
  }
}

function checkKeys(key, peerKeys) {
  if (key !== undefined && (typeof key !== 'string' || !key)) throw new TypeError('createRelay: key must be a relay key seed (from createRelayKey())');
  if (!Array.isArray(peerKeys) || peerKeys.some((pub) => typeof pub !== 'string')) {
    throw new TypeError('createRelay: peerKeys must be an array of the public keys of trusted peer relays');
  }
}

/** A new relay key: `secret` configures the relay (createRelay({key})), `publicKey` the relays that trust it (peerKeys). */
export function createRelayKey() {
  const secret = randomBytes(32).toString('base64url');
  return { secret, publicKey: checked(core.relayPublicKeyOf(secret)) };
}

// What to tell someone whose relay cannot listen.
export function listenError(error, host, port) {
  const where = `${host}:${port}`;
  const hint = {
    EADDRINUSE: `port ${port} is in use by another program: stop it, or pick another port (0 picks a free one)`,
    EACCES: `not allowed to listen on port ${port}: pick a port above 1023`,
    EADDRNOTAVAIL: `${host} is not an address of this machine`,
  }[error.code] ?? error.message;
  return Object.assign(new Error(`createRelay: cannot listen on ${where}: ${hint}`, { cause: error }), { code: error.code });
}

const ID_HEAD_BYTES = 4096; // how much of a frame refused in JS is read for its id
const DUE_POLL_MS = 250; // how often deferred (future-state) writes are looked at

// An error the JS layer answers itself; `replyTo` names the refused frame's
// request when its id can be read ("" for none).
function errorFrame(message, replyTo = '') {
  const frame = { '#': `relay-error-${Date.now()}-${Math.random().toString(36).slice(2)}`, err: message };
  if (replyTo) frame['@'] = replyTo;
  return JSON.stringify(frame);
}

function randomIdPrefix() {
  return `r${Math.random().toString(36).slice(2, 10)}-`;
}

// Frames are taken one per address per turn of the event loop, whichever
// connection of that address sent them (round robin): many sockets from one
// address, or many frames at once, make others wait no longer than one
// frame of that address's. A connection whose client is behind on reading
// is set aside until its socket drains.
function takeTurnsByAddress() {
  const queues = new Map(); // address → connections with frames waiting, in turn order
  let scheduled = false;
  const schedule = () => {
    if (!scheduled && queues.size) {
      scheduled = true;
      setImmediate(turn);
    }
  };
  function ready(connection) {
    if (connection.queued || connection.waiting) return;
    connection.queued = true;
    const queue = queues.get(connection.address);
    if (queue) queue.push(connection);
    else queues.set(connection.address, [connection]);
    schedule();
  }
  function turn() {
    scheduled = false;
    for (const [address, queue] of queues) {
      const connection = queue.shift();
      connection.queued = false;
      if (connection.socket.readyState !== connection.socket.OPEN) connection.pending.length = 0;
      else if (connection.behind()) {
        connection.waiting = true;
        connection.drained(() => {
          connection.waiting = false;
          ready(connection);
        });
      } else {
        connection.take(...connection.pending.shift());
        if (connection.pending.length) {
          connection.queued = true;
          queue.push(connection);
        } else connection.socket.resume();
      }
      if (!queue.length) queues.delete(address);
    }
    schedule();
  }
  return { ready };
}

// `journal`: options of file storage ({strict, onDamage}, js/storage/file-storage.js).
// `redis`: a Redis URL; the graph then lives there instead of in `storage`.
// `logLevel` (default 'warn') or `logger` (pino-compatible): log.js.
export async function createRelay({ port = 8765, host = '127.0.0.1', storage, limits = {}, server, peers = [], key, peerKeys = [], journal = {}, redis, logLevel, logger } = {}) {
  if (!Array.isArray(peers) || peers.some((url) => typeof url !== 'string' || !/^wss?:\/\/./.test(url))) {
    throw new TypeError('createRelay: peers must be an array of WebSocket URLs of other relays ("ws://host:port")');
  }
  checkLimits(limits);
  checkKeys(key, peerKeys);
  checkLogOptions(logLevel, logger);
  if (redis !== undefined && storage !== undefined) throw new TypeError('createRelay: give storage or redis, not both (with redis the graph lives in Redis)');
  const limit = { ...DEFAULT_LIMITS, ...limits };
  const httpServer = server ?? http.createServer((request, response) => response.writeHead(404).end('mutual-store relay\n'));
  // Listening first: a port in use is an error to report, before anything else is opened.
  if (!server) {
    await new Promise((resolve, reject) => {
      httpServer.once('error', (error) => reject(listenError(error, host, port)));
      httpServer.listen(port, host, resolve);
    });
  }
  let store, peer, relay, deferred, cluster;
  let fromCluster = (entries) => outcomeOf(core.relayApplyStored(relay, writeJsonText(JSON.stringify(partialGraphOfEntries(entries, () => {}))), -1, Date.now(), true));
  try {
    // Only a clustered relay loads the Redis client.
    if (redis !== undefined) cluster = await (await import('./redis-graph.js')).openRedisGraph(redis, { limits: limit });
    // The journal's code from the relay's own module: the relay loads no other.
    store = await openStorage(cluster ? 'memory' : storage ?? 'memory', 'relay', { ...journal, wasm: { core, checked } });
    peer = core.peerCreate();
    const loaded = splitDeferredEntries(await store.load());
    deferred = loaded.deferred;
    const partial = partialGraphOfEntries(loaded.fields, () => {});
    checked(core.peerLoad(peer, JSON.stringify(partial), Date.now()));
    relay = checked(core.relayCreate(peer, limit.frameBytes, randomIdPrefix(), limit.userBytes, key ?? '', JSON.stringify(peerKeys)));
    checked(core.relaySetPublicLimits(relay, limit.publicBytes, limit.publicBytesPerMinute));
    checked(core.relaySetPresenceLimits(relay, limit.presenceTimeoutMs, limit.presenceBytesPerMinute));
    if (cluster) {
      core.relaySetClustered(relay, true);
      // The copy of the graph starts from Redis, before any client is taken,
      // and then follows its stream (nobody to forward to until then).
      await cluster.follow((entries, except) => fromCluster(entries, except));
    }
  } catch (error) {
    await cluster?.close();
    if (peer !== undefined) core.peerDestroy(peer);
    await store?.close();
    if (!server) await new Promise((resolve) => httpServer.close(resolve));
    throw error;
  }

  // ws refuses frames beyond maxPayload by closing; allow twice the limit so
  // that moderately large frames get the core's clear error reply instead.
  // One frame per socket per turn of the event loop: a client that sent many
  // frames at once cannot make the others wait for all of them.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limit.frameBytes * 2, allowSynchronousEvents: false });
  const connections = new Map();
  let nextConnection = 1;
  let writes = Promise.resolve(); // storage writes in arrival order
  let closing = false;

  const log = relayLogger({ logLevel, logger });
  // Redis's state for /readyz and /metrics: from the cluster, or from a
  // custom storage that offers clusterHealth().
  const clusterHealth = cluster
    ? () => {
        const health = cluster.health();
        return { reachable: health.acceptingWrites, roundTripMs: health.roundTripMs, streamLagMs: health.streamLagMs, reason: health.lastError };
      }
    : typeof store.clusterHealth === 'function' ? () => store.clusterHealth() : undefined;
  const metrics = createRelayMetrics({
    connectionCount: () => connections.size,
    tableSizes: () => JSON.parse(checked(core.relayTableSizes(relay))),
    clusterHealth,
  });
  const detachRoutes = serveOperatorRoutes(httpServer, { ready: readinessOf(store, clusterHealth), metrics, closing: () => closing });
  // A refusal made here, before the core sees the frame: counted, and answered.
  const refuse = (socket, reason, message, replyTo) => {
    metrics.refused(reason);
    const text = errorFrame(message, replyTo);
    metrics.frameOut('error', Buffer.byteLength(text));
    socket.send(text);
  };

  const corking = createSocketCorking();
  const turns = takeTurnsByAddress();
  const guard = guardConnections(httpServer, limit, (address) => {
    metrics.connectionRefused('too_many_from_address');
    log.info({ address }, 'connection refused: too many from this address');
  });
  const onUpgrade = (request, raw, head) => {
    if (guard.admit(raw)) sockets.handleUpgrade(request, raw, head, (socket) => sockets.emit('connection', socket, request));
  };
  httpServer.on('upgrade', onUpgrade);

  // The core gives each message once, as the bytes of its frame, with all its recipients.
  function deliver(list) {
    for (const message of list) {
      for (const id of message.to) connections.get(id)?.send(message);
    }
  }

  // An acknowledgement turned into the error that the write was not stored.
  function notStored({ to, bytes }, error) {
    const ack = JSON.parse(bytes.toString('utf8'));
    return { to, kind: 'error', bytes: Buffer.from(JSON.stringify({ '#': ack['#'], '@': ack['@'], err: `not stored: ${error.message}` })) };
  }

  let storageError = ''; // the last write storage refused, until one succeeds
  // What the core decided about a frame (from connection `from`, -1 for
  // none; arrived at `arrivedAt`, from performance.now()): send now, store,
  // then acknowledge.
  function handle(outcome, from = -1, arrivedAt = performance.now()) {
    metrics.handled(outcome.handled ?? []);
    deliver(outcome.send);
    corking.handled();
    if (cluster && outcome.merge.length) return mergeIntoCluster(outcome, from);
    // Fields first; writes from the future join the queue's entries, then
    // those that left it go (one write may do both within one outcome).
    const entries = [...entriesOfPartialGraph(outcome.store), ...deferredEntries(outcome.deferred, outcome.undeferred)];
    // Handed to storage at once, in arrival order: writes that come while
    // one is being made durable are then made durable together (the file
    // storage commits them with one sync), instead of each waiting for the
    // sync of the one before. Each acknowledgement still waits for its own
    // write, and they leave in arrival order.
    const stored = entries.length ? store.write(entries) : Promise.resolve();
    stored.catch(() => {}); // answered below, in turn: not an unhandled rejection meanwhile
    writes = writes.then(() => stored).then(
      () => {
        storageError = '';
        deliver(outcome.afterStored);
        metrics.stored(outcome.afterStored.length, (performance.now() - arrivedAt) / 1000);
      },
      (error) => {
        storageError = error.message;
        deliver(outcome.afterStored.map((ack) => notStored(ack, error)));
        metrics.notStored(outcome.afterStored.length);
        log.error({ err: error.message, writes: entries.length }, 'storage write failed: writes refused, not acknowledged');
      },
    );
  }

  // Clustered: what Redis took is kept and forwarded here at once (the
  // stream brings it to the other relays), then acknowledged. When Redis
  // cannot take it, it is still forwarded live to this relay's clients, but
  // neither kept nor acknowledged. Merges go to Redis at once (pipelined);
  // acknowledgements leave in arrival order.
  function applyStored(entries, except, keep) {
    const partial = JSON.stringify(partialGraphOfEntries(entries, () => {}));
    deliver(outcomeOf(core.relayApplyStored(relay, writeJsonText(partial), except, Date.now(), keep)).send);
    corking.handled();
  }
  function mergeIntoCluster(outcome, from) {
    const address = from >= 0 && !core.relayIsPeer(relay, from) ? connections.get(from)?.address ?? '' : '';
    const merged = cluster.merge(outcome.merge, { connection: from, address });
    merged.catch(() => {}); // answered below, in turn: not an unhandled rejection meanwhile
    writes = writes.then(() => merged).then(
      (taken) => {
        if (taken.length) applyStored(taken, from, true);
        deliver(outcome.afterStored);
      },
      (error) => {
        const live = outcome.merge.filter((write) => !write[6]).map(([soul, field, stored]) => [JSON.stringify([soul, field]), stored]);
        if (live.length) applyStored(live, from, false);
        deliver(outcome.afterStored.map((ack) => notStored(ack, error)));
      },
    );
  }

  // Only the frame's head is read: a refusal made here must stay cheap under a flood.
  const frameIdOf = (data) => checked(core.relayFrameIdOf(data.subarray(0, ID_HEAD_BYTES).toString('utf8'), ID_HEAD_BYTES));

  sockets.on('connection', (socket, request) => {
    const raw = request.socket; // the TCP socket under the WebSocket
    if (connections.size >= limit.connections) {
      metrics.connectionRefused('relay_full');
      log.info({ address: raw.remoteAddress, connections: connections.size }, 'connection refused: relay full');
      const full = errorFrame(`relay full: at most ${limit.connections} connections`);
      metrics.frameOut('error', Buffer.byteLength(full));
      socket.send(full);
      socket.close(1013, 'relay full');
      return;
    }
    metrics.connectionOpened();
    const id = nextConnection++;
    const idle = guard.idleTimer(socket);
    // A message to several clients is encoded once, and each is sent those
    // bytes as a text frame. A client that does not read what it is sent
    // is not sent more: past the limit it is dropped, and its buffers with
    // it. Peer relays (trusted, and sent everything at once) are exempt.
    const send = (message) => {
      if (socket.bufferedAmount > limit.socketBufferBytes && !core.relayIsPeer(relay, id)) return void socket.terminate();
      corking.cork(raw);
      metrics.frameOut(message.kind, message.bytes.length);
      socket.send(message.bytes, { binary: false });
    };
    const connection = { socket, send, windowStart: Date.now(), count: 0 };
    connections.set(id, connection);
    if (raw.remoteAddress) core.relaySetAddress(relay, id, raw.remoteAddress); // public writes are budgeted per address
    const take = (data, isBinary, arrivedAt) => {
      const now = Date.now();
      if (now - connection.windowStart >= 1000) {
        connection.windowStart = now;
        connection.count = 0;
      }
      if (++connection.count > limit.messagesPerSecond) {
        refuse(socket, 'rate_limit', `rate limit: at most ${limit.messagesPerSecond} frames per second`, frameIdOf(data));
        return;
      }
      if (isBinary) {
        refuse(socket, 'binary_frame', 'frames are JSON text', frameIdOf(data));
        return;
      }
      handle(outcomeOf(core.relayOnFrame(relay, id, writeJsonText(data), now)), id, arrivedAt);
    };
    // Frames wait in the connection's queue (its socket paused meanwhile)
    // for their address's turn (takeTurnsByAddress).
    connection.pending = [];
    connection.take = take;
    connection.address = raw.remoteAddress ?? '';
    // A client that leaves half its buffer allowance unread is not read
    // from (nor answered, nor worked for) until it has taken what it was sent.
    connection.behind = () => socket.bufferedAmount > limit.socketBufferBytes / 2 && !core.relayIsPeer(relay, id);
    connection.drained = (resume) => raw.once('drain', resume);
    socket.on('message', (data, isBinary) => {
      // ws still hands over frames that arrived before a client was dropped:
      // nothing is answered to a connection that is gone.
      if (socket.readyState !== socket.OPEN) return;
      idle.refresh();
      metrics.frameIn(data.length);
      connection.pending.push([data, isBinary, performance.now()]);
      socket.pause();
      turns.ready(connection);
    });
    socket.on('close', () => {
      idle.stop();
      connections.delete(id);
      core.relayOnClose(relay, id);
    });
    socket.on('error', (error) => {
      log.debug({ err: error.message, address: connection.address }, 'connection error');
      socket.terminate();
    });
  });

  // Peer relays: links we open ourselves, kept up with backoff. Both ends
  // then follow everything, so the relays converge and stay converged.
  const peerLinks = peers.map((url) => {
    const id = nextConnection++;
    const link = openWebSocketLink(url, {
      open: () => {
        connections.set(id, {
          send: ({ bytes, kind }) => {
            metrics.frameOut(kind, bytes.length);
            link.send(bytes.toString('utf8')); // the link sends strings as text frames, in Node and browsers alike
          },
        });
        handle(outcomeOf(core.relayOnPeerOpen(relay, id)));
      },
      message: (text) => {
        metrics.frameIn(Buffer.byteLength(text));
        handle(outcomeOf(core.relayOnFrame(relay, id, writeJsonText(text), Date.now())), id);
      },
      close: () => {
        connections.delete(id);
        core.relayOnClose(relay, id);
      },
    }, core.retryCeilingMs);
    return link;
  });

  // Writes from the future acknowledged before a restart wait again (or land now).
  for (const write of deferred) {
    try {
      handle(outcomeOf(core.relayLoadDeferred(relay, writeJsonText(JSON.stringify(write)), Date.now())));
    } catch (error) {
      log.warn({ err: error.message }, 'a stored write from the future was not loaded');
    }
  }

  // Writes from a clock a little ahead wait in the core until their time:
  // look now and then, and store and forward those that are due.
  // Clustered, they wait in Redis, and whichever relay looks first lands them.
  const dueTimer = setInterval(() => {
    if (cluster) cluster.landDue(Date.now());
    else handle(outcomeOf(core.relayApplyDue(relay, Date.now())));
  }, DUE_POLL_MS);
  fromCluster = (entries, except) => applyStored(entries, except, true);

  const address = httpServer.address();
  const url = `ws://${host}:${address.port}/`;
  log.info({ url, storage: store.kind ?? 'custom', peers: peers.length }, 'relay listening');
  return {
    url,
    /** This relay's public key: what other relays list in their peerKeys to let it sync with them. */
    key: checked(core.relayPublicKey(relay)),
    /**
     * Whether storage takes writes, for readiness checks and metrics:
     * {storage: 'redis'|'local', reachable, acceptingWrites, lastError}, and
     * with Redis also roundTripMs (last PING), streamLagMs (age of the newest
     * stream entry when this relay read it) and streamEntries (read so far).
     */
    storageHealth() {
      if (cluster) return cluster.health();
      return { storage: 'local', reachable: !storageError, acceptingWrites: !storageError, lastError: storageError };
    },
    async close() {
      closing = true;
      clearInterval(dueTimer);
      guard.stop();
      httpServer.off('upgrade', onUpgrade);
      corking.uncorkAll(); // what was sent this turn leaves before the sockets are cut
      for (const link of peerLinks) link.close();
      for (const { socket } of connections.values()) socket?.terminate();
      await new Promise((resolve) => sockets.close(resolve));
      if (!server) await new Promise((resolve) => httpServer.close(resolve));
      await writes;
      await cluster?.close();
      await store.close();
      core.relayDestroy(relay);
      core.peerDestroy(peer);
      detachRoutes();
      log.info({ url }, 'relay closed');
    },
  };
}
