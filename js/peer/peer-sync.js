// Sync for one peer. The core's client (core/sync/client.h) decides what to
// send and what arrived; this file moves frames between it and the peer's
// connections, and reports back to the peer through three callbacks:
//   incoming(outcome)      writes from the network changed the graph
//   acknowledged(fields)   a relay now durably holds these local writes
//   error(error)           something was refused, by us or by a relay
import { core, checked } from '../core.js';
import { openWebSocketLink } from '../net/websocket-link.js';
import { DirectLinks } from '../net/direct-links.js';

const FETCH_TIMEOUT_MS = 3000; // a get unanswered this long is answered from local data
const MAX_FRAME_BYTES = 1 << 20; // as the relay's default limit

function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
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
        this.#handle(core.clientOnOpen(this.#client, id, true));
        if (this.#direct) this.#handle(core.clientHello(this.#client, id, this.#direct.ownId), id);
      },
      message: (text) => this.#closed || this.#handle(core.clientOnFrame(this.#client, id, text, Date.now()), id),
      close: () => this.#closed || core.clientOnClose(this.#client, id),
      error: (error) => this.#events.error(error),
    }, core.retryCeilingMs);
    this.#links.set(id, link);
    return () => {
      link.close();
      this.#links.delete(id);
    };
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
      if (!this.#closed && typeof event.data === 'string') this.#handle(core.clientOnFrame(this.#client, id, event.data, Date.now()), id);
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
    for (const { to, text } of outcome.send) this.#links.get(to)?.send(text);
    if (outcome.changed.length || outcome.waiting) this.#events.incoming(outcome);
    if (outcome.acknowledged.length) {
      this.#events.acknowledged(outcome.acknowledged);
      if (this.pending === 0) for (const resolve of this.#syncedWaiters.splice(0)) resolve();
    }
    for (const getId of outcome.answered) this.#answered(getId);
    for (const message of outcome.errors) this.#events.error(new Error(message));
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
