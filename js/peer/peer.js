// A graph peer: the signed graph in the core, a storage adapter, listeners,
// links to other peers in this process, and sync with relays over the
// network. createPeer({storage, name, passwordCost, peers}).
import { core, checked } from '../core.js';
import { openStorage, defaultStorageSpec } from '../storage/index.js';
import { Chain } from './chain.js';
import { User } from './user.js';
import { entriesOfPartialGraph, partialGraphOfEntries, pendingEntries, pendingKey } from './stored-fields.js';
import { PeerSync, checkPeerUrl } from './peer-sync.js';
import { isUsableKey, META_KEY } from './soul-names.js';
import { openTabLink, sharesStorageAcrossTabs } from '../net/tab-link.js';
import { nodeOnly } from '../node-only.js';
import { Presence } from './presence.js';
import { PeerStatus } from './status.js';

const READ_DEPTH = 32; // links followed when reading objects
const DUE_POLL_MS = 250; // how often writes from the future are looked at
const UNREACHABLE_AFTER_MS = 10_000; // no relay open this long: status.unreachable

function checkWebRtcOption(webrtc) {
  if (webrtc === undefined || typeof webrtc === 'boolean') return;
  if (webrtc === null || typeof webrtc !== 'object' || typeof webrtc.RTCPeerConnection !== 'function') {
    throw new TypeError('createPeer: webrtc must be true, false, or {RTCPeerConnection, iceServers?}');
  }
  if (webrtc.iceServers !== undefined && !Array.isArray(webrtc.iceServers)) throw new TypeError('createPeer: webrtc.iceServers must be an array');
}

// Direct channels: on by default where the platform has WebRTC (browsers);
// in Node, pass {RTCPeerConnection} (node-datachannel/polyfill) or true
// with node-datachannel installed.
async function resolveWebRtc(webrtc) {
  if (webrtc === false) return null;
  if (typeof webrtc === 'object') return { RTCPeerConnection: webrtc.RTCPeerConnection, iceServers: webrtc.iceServers ?? [] };
  if (globalThis.RTCPeerConnection) return { RTCPeerConnection: globalThis.RTCPeerConnection, iceServers: [] };
  if (webrtc !== true) return null;
  try {
    return { RTCPeerConnection: await nodeOnly.loadRTCPeerConnection(), iceServers: [] };
  } catch {
    throw new Error('createPeer: webrtc: true needs RTCPeerConnection — a browser, or `npm install node-datachannel` in Node');
  }
}

export function createPeer(options = {}) {
  return new Peer(options);
}

class Peer {
  #handle;
  #storage = null;
  #closed = false;
  #listeners = new Set(); // {soul, field, callback, id}: id, the core's subscription, once loaded
  #subscribed = new Map(); // id → listener
  #links = new Set();
  #dueTimer = null;
  #user = null;
  #sync = null; // null: this peer does not sync over the network
  #tabLink = null; // other tabs on the same storage, where there are any
  #presence = null;
  #status = null;
  #unreachableAfterMs;
  #lastError = null; // {message, at}

  constructor({ storage, name = 'default', passwordCost = 'interactive', peers, webrtc, crossTab = true, unreachableAfterMs = UNREACHABLE_AFTER_MS, ...rest } = {}) {
    const unknown = Object.keys(rest);
    if (unknown.length) throw new TypeError(`createPeer: unknown option ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
    if (!['interactive', 'test'].includes(passwordCost)) throw new TypeError('createPeer: passwordCost must be "interactive" or "test"');
    if (peers !== undefined && !Array.isArray(peers)) throw new TypeError('createPeer: peers must be an array of WebSocket URLs');
    peers?.forEach(checkPeerUrl);
    checkWebRtcOption(webrtc);
    if (typeof crossTab !== 'boolean') throw new TypeError('createPeer: crossTab must be true or false');
    if (typeof unreachableAfterMs !== 'number' || !(unreachableAfterMs >= 0)) throw new TypeError('createPeer: unreachableAfterMs must be a number of milliseconds >= 0');
    this.#unreachableAfterMs = unreachableAfterMs;
    this.passwordCost = passwordCost;
    this.sessionName = name; // remembered sessions are kept per peer name
    this.refused = []; // writes from linked peers that failed the checks, newest last (bounded)
    this.#handle = core.peerCreate();
    /** Resolved when stored data has been loaded. */
    this.ready = this.#open(storage, name, peers, webrtc, crossTab);
    this.ready.catch(() => {}); // reported through every operation that awaits it
  }

  async #open(storage, name, peers, webrtc, crossTab) {
    // Opened before loading, so that no change another tab makes meanwhile is missed.
    const spec = storage ?? defaultStorageSpec();
    const tabLink = crossTab && sharesStorageAcrossTabs(spec)
      ? openTabLink(`mutual-store/${spec}/${name}`, (text) => this.#receiveFrom(text, tabLink))
      : null;
    this.#tabLink = tabLink;
    this.#storage = await openStorage(storage, name);
    const badEntries = [];
    const pending = [];
    const partial = partialGraphOfEntries(
      await this.#storage.load(),
      (key) => badEntries.push(key),
      (...mark) => pending.push(mark),
    );
    this.#afterChange(JSON.parse(checked(core.peerLoad(this.#handle, JSON.stringify(partial), Date.now()))));
    if (badEntries.length) this.#refuse(new Error(`storage: ${badEntries.length} unreadable entries were skipped`));
    if (tabLink) this.#links.add(tabLink); // after loading: what is stored, the other tabs have
    if (peers && !this.#closed) {
      const direct = await resolveWebRtc(webrtc);
      this.#sync = new PeerSync(this.#handle, {
        incoming: (outcome) => this.#commit(outcome).catch((error) => this.#refuse(error)),
        acknowledged: (fields) =>
          this.#storage.write(fields.map(([soul, field]) => [pendingKey(soul, field), null])).catch((error) => this.#refuse(error)),
        error: (error) => this.#refuse(error),
        presence: () => this.#presence?.refresh(),
        relayOpened: () => this.#presence?._relayOpened(),
        traffic: () => this.#status?.changed(),
      }, direct);
      for (const [soul, field, state] of pending) this.#sync.restorePending(soul, field, state);
      this.#presence?._syncStarted();
      for (const url of peers) this.#sync.connect(url);
      this.#status?.changed();
    }
  }

  #check() {
    if (this.#closed) throw new Error('this peer is closed');
  }

  /** A chain at the top-level key (a soul). */
  get(key) {
    return new Chain(this, isUsableKey(key) ? key : null);
  }

  /** This peer's user (create, auth, leave, …). */
  user() {
    this.#user ??= new User(this);
    return this.#user;
  }

  // ---- used by Chain and User ----

  async _put(soul, value, signerSlot = this.#user?.slot ?? 0) {
    await this.ready;
    this.#check();
    const outcome = JSON.parse(checked(core.peerPut(this.#handle, soul, JSON.stringify(value), Date.now(), signerSlot)));
    await this.#commitLocal(outcome);
  }

  async _registerAlias(alias, slot, remove = false) {
    await this.ready;
    this.#check();
    await this.#commitLocal(JSON.parse(checked(core.peerRegisterAlias(this.#handle, alias, Date.now(), slot, remove))));
  }

  /**
   * Before reading `soul` deep: asks the network for it and for every node
   * it links to, until nothing new turns up (immediate when offline).
   */
  async _fetch(soul, field) {
    await this.ready;
    if (!this.#sync) return;
    await this.#sync.settled();
    if (!this.#sync.connected) return;
    const asked = new Set();
    let next = [soul];
    for (let round = 0; next.length && round < READ_DEPTH; round++) {
      next.forEach((s) => asked.add(s));
      await Promise.all(next.map((s) => this.#sync.fetch(s)));
      const { souls } = this._read(soul, field);
      next = souls.filter((s) => !asked.has(s));
    }
  }

  // A node (field undefined) or one field, nested objects read deep: {value, souls read}.
  _read(soul, field) {
    return JSON.parse(checked(core.peerRead(this.#handle, soul, field ?? '', field === undefined, READ_DEPTH)));
  }

  _lex(soul, lex) {
    const node = JSON.parse(checked(core.peerLex(this.#handle, soul, JSON.stringify(lex))));
    if (node === null) return null;
    // Fields become own properties (as in JSON.parse), whatever their names;
    // deleted (null) fields are not read.
    const fields = Object.keys(node).filter((field) => field !== META_KEY && node[field] !== null);
    return Object.fromEntries(fields.map((field) => [field, this._read(soul, field).value]));
  }

  // The core keeps the subscription (what it read, which souls that touched)
  // and says after each change which listeners now read something else.
  // Subscribed once loaded: its first reading is then the stored value.
  _listen(soul, field, callback, getNow) {
    const listener = { soul, field, callback, id: null };
    this.#listeners.add(listener);
    this.ready.then(() => {
      if (this.#closed || !this.#listeners.has(listener)) return; // stopped meanwhile
      const first = JSON.parse(checked(core.peerSubscribe(this.#handle, soul, field ?? '', field === undefined, READ_DEPTH)));
      listener.id = first.id;
      this.#subscribed.set(first.id, listener);
      this.#follow(first.souls);
      if (getNow) callback(first.value, field);
    }, () => {});
    return () => this.#stop(listener);
  }

  _unlisten(soul, field, callback) {
    for (const listener of this.#listeners) {
      if (listener.soul === soul && listener.field === field && (!callback || listener.callback === callback)) this.#stop(listener);
    }
  }

  #stop(listener) {
    if (!this.#listeners.delete(listener) || listener.id === null) return;
    this.#subscribed.delete(listener.id);
    if (!this.#closed) checked(core.peerUnsubscribe(this.#handle, listener.id));
  }

  // ---- changes ----

  #follow(souls) {
    if (this.#sync) for (const soul of souls) this.#sync.follow(soul);
  }

  // A local write: stored with its pending mark in one batch (when this peer
  // syncs), then published. Resolves when durable here.
  async #commitLocal(outcome) {
    this.#afterChange(outcome);
    const entries = entriesOfPartialGraph(outcome.applied);
    if (!entries.length) return;
    await this.#storage.write(this.#sync ? [...entries, ...pendingEntries(outcome.applied)] : entries);
    this.#sync?.publish(outcome.applied);
  }

  // What another tab posted: merged like anything from a peer and not posted
  // back. Not stored again: the tab that made the change stores it in the
  // storage both share (a second write could even land after a newer one).
  async #receiveFrom(text, origin) {
    try {
      await this.ready;
      if (this.#closed) return;
      this.#afterChange(JSON.parse(checked(core.peerReceive(this.#handle, text, Date.now()))), origin);
    } catch (error) {
      if (!this.#closed) this.#refuse(error);
    }
  }

  // Stores what changed, then tells listeners and linked peers. Resolves when durable.
  async #commit(outcome) {
    this.#afterChange(outcome);
    const entries = entriesOfPartialGraph(outcome.applied);
    if (entries.length) await this.#storage.write(entries);
  }

  // `notices`: the listeners whose value the change changed, with the new
  // value (the core decides); `reached`: souls their reads touch now.
  #afterChange({ applied, changed, waiting, notices, reached }, origin = null) {
    if (changed.length) {
      this.#follow(reached);
      for (const [id, value] of notices) {
        const listener = this.#subscribed.get(id);
        if (!listener) continue; // stopped by a callback before it
        try {
          listener.callback(value, listener.field);
        } catch (error) {
          // An app callback's error must not break the write that woke it: rethrow it on its own.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
      for (const link of this.#links) if (link !== origin) link.send(applied);
    }
    this.#watchDeferred(waiting);
  }

  // Writes from the future wait in the core; look again until none are left.
  #watchDeferred(waiting) {
    if (waiting > 0 && !this.#dueTimer && !this.#closed) {
      this.#dueTimer = setTimeout(() => {
        this.#dueTimer = null;
        const outcome = JSON.parse(checked(core.peerApplyDue(this.#handle, Date.now())));
        this.#commit(outcome).catch((error) => this.#refuse(error));
        this.#watchDeferred(outcome.waiting);
      }, DUE_POLL_MS);
    }
  }

  #refuse(error) {
    this.refused.push(error);
    if (this.refused.length > 100) this.refused.shift();
    this.#lastError = { message: error.message, at: Date.now() };
    this.#status?.changed();
  }

  /** A partial graph from another peer: checked in the core, then merged and stored. */
  async receive(partialGraph) {
    await this.ready;
    this.#check();
    const text = typeof partialGraph === 'string' ? partialGraph : JSON.stringify(partialGraph);
    await this.#commit(JSON.parse(checked(core.peerReceive(this.#handle, text, Date.now()))));
  }

  /** Keeps this peer in sync with the relay at `url` (needs the `peers` option, [] is fine); returns disconnect(). */
  connect(url) {
    this.#check();
    if (!this.#sync) throw new Error('connect: this peer was created without the peers option (use createPeer({peers: []}) to connect later)');
    return this.#sync.connect(url);
  }

  /** How many direct WebRTC channels to other peers are open now. */
  get directChannels() {
    return this.#sync?.directChannels ?? 0;
  }

  /** Whether a connection to a relay is open now. */
  get connected() {
    return this.#sync?.connected ?? false;
  }

  /** Local writes no relay has acknowledged yet (kept across restarts). */
  get pendingWrites() {
    return this.#sync?.pending ?? 0;
  }

  /**
   * Who is online now, by public key (a Svelte store of pub → state), and
   * `set(state)` / `clear()` for the signed-in user's own state.
   */
  get presence() {
    this.#presence ??= new Presence(this, () => this.#sync);
    return this.#presence;
  }

  /**
   * A Svelte store of the network side: {relays: [{url, open}], offlineSince,
   * unreachable, pendingWrites, directChannels, bytesIn, bytesOut, lastError}.
   */
  get status() {
    this.#status ??= new PeerStatus(() => this.#statusNow(), this.#unreachableAfterMs);
    return this.#status;
  }

  #statusNow() {
    const network = this.#sync?.status() ?? { relays: [], offlineSince: null, directChannels: 0, pendingWrites: 0, bytesIn: 0, bytesOut: 0 };
    return { ...network, lastError: this.#lastError };
  }

  // The user in keyring `slot` is about to sign out: whatever it announced, it leaves.
  _beforeSignOut(slot) {
    this.#presence?._beforeSignOut(slot);
  }

  /**
   * Resolves once every local write so far is durably held by a relay. With
   * {timeout} (ms), rejects if that has not happened by then, saying why.
   */
  async synced({ timeout } = {}) {
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) throw new TypeError('synced: timeout must be a number of milliseconds >= 0');
    await this.ready;
    if (!this.#sync) return;
    const done = this.#sync.synced();
    if (timeout === undefined) return done;
    let timer;
    const late = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(this.#notSyncedError(timeout)), timeout);
    });
    try {
      await Promise.race([done, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  #notSyncedError(timeout) {
    const { relays, offlineSince, pendingWrites } = this.#sync.status();
    const open = relays.filter((relay) => relay.open).map((relay) => relay.url);
    const why = open.length
      ? `connected to ${open.join(', ')}, which has not acknowledged them yet`
      : relays.length
        ? `no relay has been reachable since ${new Date(offlineSince).toISOString()} (${relays.map((relay) => relay.url).join(', ')}): check the address and that the relay runs; the writes are kept and sent when one is back`
        : 'this peer has no relay to sync with: connect(url) one';
    return Object.assign(new Error(`synced: ${pendingWrites} local writes not held by a relay after ${timeout} ms; ${why}`), { code: 'ETIMEDOUT' });
  }

  /**
   * Joins this peer and `other` in one process (for tests and workers): both
   * exchange everything they hold, then every change. Returns unlink().
   */
  link(other) {
    if (!(other instanceof Peer)) throw new TypeError('link: expects another peer from createPeer');
    const deliver = (to) => (partial) =>
      queueMicrotask(() => to.receive(partial).catch((error) => to.#refuse(error)));
    const toOther = { send: deliver(other) };
    const toThis = { send: deliver(this) };
    this.#links.add(toOther);
    other.#links.add(toThis);
    Promise.all([this.ready, other.ready]).then(() => {
      toOther.send(JSON.parse(checked(core.peerEverything(this.#handle))));
      toThis.send(JSON.parse(checked(core.peerEverything(other.#handle))));
    }, () => {});
    return () => {
      this.#links.delete(toOther);
      other.#links.delete(toThis);
    };
  }

  /** Stops timers and listeners, closes storage; the peer cannot be used afterwards. */
  async close() {
    if (this.#closed) return;
    await this.ready.catch(() => {});
    this.#closed = true;
    clearTimeout(this.#dueTimer);
    this.#listeners.clear();
    this.#subscribed.clear();
    this.#links.clear();
    this.#tabLink?.close();
    this.#user?.signOutForClose(); // announces leaving, while the relays are still there
    this.#presence?.close();
    this.#status?.close();
    this.#sync?.close();
    await this.#storage?.close();
    core.peerDestroy(this.#handle);
  }
}

export { Peer };
