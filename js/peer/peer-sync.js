// Sync for one peer. The core's client (core/sync/client.h) decides what to
// send and what arrived; this file moves frames between it and the peer's
// connections, and reports back to the peer through these callbacks:
//   incoming(outcome)      writes from the network changed the graph
//   acknowledged(fields)   a relay now durably holds these local writes
//   error(error)           something was refused, by us or by a relay
//   presence()             who is present (presence()) changed
//   relayOpened()          a relay connection (re)opened
//   traffic()              something in status() changed
import { core, checked } from '../core.js';
import { writeText } from '../wasm-buffers.js';
import { openWebSocketLink } from '../net/websocket-link.js';
import { DirectLinks } from '../net/direct-links.js';

const FETCH_TIMEOUT_MS = 3000; // a get unanswered this long is answered from local data
const MAX_FRAME_BYTES = 1 << 20; // as the relay's default limit

function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// UTF-8 bytes of a frame's text, without encoding it.
function utf8Bytes(text) {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 units
      i++;
    } else if (code >= 0x800) bytes += 2;
    else if (code >= 0x80) bytes += 1;
  }
  return bytes;
}

export function checkPeerUrl(url) {
  if (typeof url !== 'string' || !/^wss?:\/\/./.test(url)) {
    throw new TypeError(`peers: expected WebSocket URLs like "ws://host:8765" (got ${JSON.stringify(url)})`);
  }
  return url;
}

export class PeerSync {
  #client;
  #events;
  #links = new Map(); // connection id → link
  #nextConnection = 1;
  #followed = new Set();
  #fetches = new Map(); // get id → resolve
  #syncedWaiters = [];
  #direct = null; // DirectLinks when WebRTC is on
  #rtcVia = new Map(); // rtc id → the relay connection it is reachable through
  #closed = false; // sockets and channels may still report after close(): ignored
  #bytesIn = 0;
  #bytesOut = 0;
  #offlineSince = Date.now(); // no relay connection open since then (null: one is open)

  /** `webrtc`: null, or {RTCPeerConnection, iceServers} to open direct channels. */
  constructor(peerHandle, events, webrtc = null) {
    this.#client = checked(core.clientCreate(peerHandle, `${randomHex(6)}-`, MAX_FRAME_BYTES));
    this.#events = events;
    if (webrtc) {
      this.#direct = new DirectLinks({
        ...webrtc,
        ownId: randomHex(8),
        signal: (to, data) => {
          const via = this.#rtcVia.get(to);
          if (via !== undefined && !this.#closed) this.#handle(core.clientSignal(this.#client, via, to, JSON.stringify(data)));
        },
        opened: (channel, hangUp) => this.#openDirect(channel, hangUp),
      });
    }
  }

  /** The id this peer takes direct connections under (null without WebRTC). */
  get rtcId() {
    return this.#direct?.ownId ?? null;
  }

  restorePending(soul, field, state) {
    core.clientRestorePending(this.#client, soul, field, state);
  }

  /** Keeps a connection to the relay at `url`; returns a function that ends it. */
  connect(url) {
    checkPeerUrl(url);
    const id = this.#nextConnection++;
    const link = openWebSocketLink(url, {
      open: () => {
        if (this.#closed) return;
        this.#offlineSince = null;
        this.#handle(core.clientOnOpen(this.#client, id, true));
        if (this.#direct) this.#handle(core.clientHello(this.#client, id, this.#direct.ownId), id);
        this.#events.relayOpened();
      },
      message: (text) => {
        if (this.#closed) return;
        const bytes = writeText(text); // the frame goes into the core's input buffer in one copy
        this.#bytesIn += bytes;
        this.#handle(core.clientOnFrame(this.#client, id, bytes, Date.now()), id);
      },
      close: () => {
        if (this.#closed) return;
        core.clientOnClose(this.#client, id);
        if (!this.connected) this.#offlineSince ??= Date.now();
        this.#events.presence();
        this.#events.traffic();
      },
      error: (error) => this.#events.error(error),
      failed: () => this.#closed || this.#events.traffic(),
    }, core.retryCeilingMs);
    link.url = url;
    this.#links.set(id, link);
    return () => {
      link.close();
      this.#links.delete(id);
      this.#events.traffic();
    };
  }

  /**
   * What the network side is doing: relays (by URL, open or not), the time
   * since when none is open (null while one is), direct channels, writes not
   * yet acknowledged, bytes of frames in and out (UTF-8).
   */
  status() {
    const relays = [...this.#links.values()].filter((link) => !link.direct).map((link) => ({ url: link.url, open: link.open }));
    return {
      relays,
      offlineSince: relays.some((relay) => relay.open) ? null : this.#offlineSince,
      directChannels: this.directChannels,
      pendingWrites: this.pending,
      bytesIn: this.#bytesIn,
      bytesOut: this.#bytesOut,
    };
  }

  // ---- presence (core/sync/presence.h): relays only ----

  followPresence() {
    if (!this.#closed) this.#handle(core.clientFollowPresence(this.#client));
  }

  /** Signs `stateText` (an object's JSON, or "null" to leave) as the user in keyring `slot`, and sends it to every open relay. */
  announcePresence(slot, stateText) {
    if (!this.#closed) this.#handle(core.clientAnnouncePresence(this.#client, slot, stateText, Date.now()));
  }

  /** Drops keys silent past the timeout; whether any went. */
  expirePresence() {
    return !this.#closed && core.clientExpirePresence(this.#client, Date.now());
  }

  /** Who relays say is present: [[pub, state JSON text], …]. */
  presence() {
    return this.#closed ? [] : JSON.parse(checked(core.clientPresence(this.#client)));
  }

  /** How long presence lasts without a heartbeat, as the relays said (ms). */
  get presenceTimeout() {
    return this.#closed ? Infinity : core.clientPresenceTimeout(this.#client);
  }

  get connected() {
    return [...this.#links.values()].some((link) => link.open && !link.direct);
  }

  /** How many direct (WebRTC) channels are open. */
  get directChannels() {
    return [...this.#links.values()].filter((link) => link.direct).length;
  }

  // A data channel to another peer opened: it carries frames like a relay
  // connection, but never acknowledges writes (only relays make them durable).
  #openDirect(channel, hangUp) {
    if (this.#closed) return { close: () => channel.close() };
    const id = this.#nextConnection++;
    const link = {
      direct: true,
      open: true,
      firstAttempt: Promise.resolve(true),
      send: (text) => {
        try {
          channel.send(text);
          return true;
        } catch {
          return false; // closing; the relay carries it
        }
      },
      close: () => hangUp(),
    };
    const closed = () => {
      if (this.#closed || !this.#links.has(id)) return;
      this.#links.delete(id);
      core.clientOnClose(this.#client, id);
      hangUp();
    };
    channel.onmessage = (event) => {
      if (!this.#closed && typeof event.data === 'string') this.#handle(core.clientOnFrame(this.#client, id, writeText(event.data), Date.now()), id);
    };
    channel.onclose = closed;
    this.#links.set(id, link);
    this.#handle(core.clientOnOpen(this.#client, id, false), id);
    return { close: () => {
      closed();
      try {
        channel.close();
      } catch {
        // already closed
      }
    } };
  }

  /**
   * Resolves once a link is open or every link's first attempt has failed:
   * a peer created a moment ago is not "offline" before it has tried.
   */
  async settled() {
    const links = [...this.#links.values()];
    if (!links.length || this.connected) return;
    await new Promise((resolve) => {
      let failed = 0;
      for (const link of links) {
        link.firstAttempt.then((opened) => {
          if (opened || ++failed === links.length) resolve();
        });
      }
    });
  }

  /** Asks the network for `soul` now and after every reconnect. */
  follow(soul) {
    if (this.#closed || this.#followed.has(soul)) return;
    this.#followed.add(soul);
    this.#handle(core.clientFollow(this.#client, soul));
  }

  /**
   * Asks for `soul` and resolves when one connection has answered (the
   * answer merged), at once when none is open, or after a timeout.
   */
  fetch(soul) {
    if (this.#closed) return Promise.resolve();
    this.#followed.add(soul);
    const { getId } = this.#handle(core.clientFollow(this.#client, soul));
    if (!getId) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#answered(getId), FETCH_TIMEOUT_MS);
      this.#fetches.set(getId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Local writes (a put's applied partial graph), already durable here. */
  publish(applied) {
    if (this.#closed) return; // stays pending in storage for the next start
    this.#handle(core.clientPublish(this.#client, JSON.stringify(applied)));
  }

  get pending() {
    return this.#closed ? 0 : core.clientPendingCount(this.#client);
  }

  /** Resolves once every local write so far is held by a relay. */
  synced() {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#syncedWaiters.push(resolve));
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#direct?.close();
    for (const link of [...this.#links.values()]) link.close();
    this.#links.clear();
    for (const getId of [...this.#fetches.keys()]) this.#answered(getId);
    core.clientDestroy(this.#client);
  }

  #answered(getId) {
    const resolve = this.#fetches.get(getId);
    this.#fetches.delete(getId);
    resolve?.();
  }

  // `via`: the connection the answer concerns (where signals came from).
  #handle(answerText, via) {
    if (this.#closed) return {};
    const outcome = JSON.parse(checked(answerText));
    for (const { to, text } of outcome.send) {
      if (this.#links.get(to)?.send(text)) this.#bytesOut += utf8Bytes(text);
    }
    if (outcome.changed.length || outcome.waiting) this.#events.incoming(outcome);
    if (outcome.acknowledged.length) {
      this.#events.acknowledged(outcome.acknowledged);
      if (this.pending === 0) for (const resolve of this.#syncedWaiters.splice(0)) resolve();
    }
    for (const getId of outcome.answered) this.#answered(getId);
    for (const message of outcome.errors) this.#events.error(new Error(message));
    if (outcome.presence) this.#events.presence();
    this.#events.traffic();
    if (this.#direct && via !== undefined) {
      for (const rtcId of outcome.rtcPeers) {
        this.#rtcVia.set(rtcId, via);
        this.#direct.call(rtcId).catch((error) => this.#events.error(error));
      }
      for (const signal of outcome.signals) {
        this.#rtcVia.set(signal.from, via);
        this.#direct.receive(signal);
      }
    }
    return outcome;
  }
}
