// Sync for one peer. The core's client (core/sync/client.h) decides what to
// send and what arrived; this file moves frames between it and the peer's
// connections, and reports back to the peer through three callbacks:
//   incoming(outcome)      writes from the network changed the graph
//   acknowledged(fields)   a relay now durably holds these local writes
//   error(error)           something was refused, by us or by a relay
import { core, checked } from '../core.js';
import { openWebSocketLink } from '../net/websocket-link.js';

const FETCH_TIMEOUT_MS = 3000; // a get unanswered this long is answered from local data
const MAX_FRAME_BYTES = 1 << 20; // as the relay's default limit

function randomIdPrefix() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') + '-';
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

  constructor(peerHandle, events) {
    this.#client = checked(core.clientCreate(peerHandle, randomIdPrefix(), MAX_FRAME_BYTES));
    this.#events = events;
  }

  restorePending(soul, field, state) {
    core.clientRestorePending(this.#client, soul, field, state);
  }

  /** Keeps a connection to the relay at `url`; returns a function that ends it. */
  connect(url) {
    checkPeerUrl(url);
    const id = this.#nextConnection++;
    const link = openWebSocketLink(url, {
      open: () => this.#handle(core.clientOnOpen(this.#client, id, true)),
      message: (text) => this.#handle(core.clientOnFrame(this.#client, id, text, Date.now())),
      close: () => core.clientOnClose(this.#client, id),
      error: (error) => this.#events.error(error),
    });
    this.#links.set(id, link);
    return () => {
      link.close();
      this.#links.delete(id);
    };
  }

  get connected() {
    return [...this.#links.values()].some((link) => link.open);
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
    if (this.#followed.has(soul)) return;
    this.#followed.add(soul);
    this.#handle(core.clientFollow(this.#client, soul));
  }

  /**
   * Asks for `soul` and resolves when one connection has answered (the
   * answer merged), at once when none is open, or after a timeout.
   */
  fetch(soul) {
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
    this.#handle(core.clientPublish(this.#client, JSON.stringify(applied)));
  }

  get pending() {
    return core.clientPendingCount(this.#client);
  }

  /** Resolves once every local write so far is held by a relay. */
  synced() {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#syncedWaiters.push(resolve));
  }

  close() {
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
    for (const getId of [...this.#fetches.keys()]) this.#answered(getId);
    core.clientDestroy(this.#client);
  }

  #answered(getId) {
    const resolve = this.#fetches.get(getId);
    this.#fetches.delete(getId);
    resolve?.();
  }

  #handle(answerText) {
    const outcome = JSON.parse(checked(answerText));
    for (const { to, text } of outcome.send) this.#links.get(to)?.send(text);
    if (outcome.changed.length || outcome.waiting) this.#events.incoming(outcome);
    if (outcome.acknowledged.length) {
      this.#events.acknowledged(outcome.acknowledged);
      if (this.pending === 0) for (const resolve of this.#syncedWaiters.splice(0)) resolve();
    }
    for (const getId of outcome.answered) this.#answered(getId);
    for (const message of outcome.errors) this.#events.error(new Error(message));
    return outcome;
  }
}
