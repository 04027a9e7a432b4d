// Direct connections to other peers over WebRTC data channels. Offers,
// answers and ICE candidates travel through a relay (`signal(to, data)`);
// once a channel opens it is handed to `opened(channel)` and carries the
// same frames a relay connection does.
//
// Who calls whom: a newcomer calls the peers the relay names after its
// "hi". Should both ends call each other at once, the offer from the
// greater id wins and the other end answers it instead of its own.
//
// Calls fail now and then (ICE, a lost signal): the caller tries again with
// capped exponential backoff (the core's retryCeilingMs), a bounded number
// of times, and a call that has
// not opened in OPEN_TIMEOUT_MS counts as failed. The relay carries
// everything meanwhile.
import { core } from '../core.js';

const CHANNEL_LABEL = 'mutual-store';
const OPEN_TIMEOUT_MS = 15000;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30000;
const MAX_ATTEMPTS = 6;
const MAX_CONNECTING = 32; // calls not open yet; offers beyond it are ignored (anyone on a relay can send them)

export class DirectLinks {
  #RTCPeerConnection;
  #iceServers;
  #ownId;
  #signal;
  #opened;
  #calls = new Map(); // rtc id → {connection, candidates queued before the remote description, offered}
  #inbox = new Map(); // rtc id → the handling of its latest signal (signals run in order)
  #attempts = new Map(); // rtc id → calls to it that failed in a row
  #retryTimers = new Map(); // rtc id → timer of the next call
  #closed = false;

  constructor({ RTCPeerConnection, iceServers = [], ownId, signal, opened }) {
    this.#RTCPeerConnection = RTCPeerConnection;
    this.#iceServers = iceServers;
    this.#ownId = ownId;
    this.#signal = signal;
    this.#opened = opened;
  }

  get ownId() {
    return this.#ownId;
  }

  #connecting() {
    let count = 0;
    for (const call of this.#calls.values()) if (!call.opened) count++;
    return count;
  }

  /** Calls `id` unless a connection to it exists already (or too many are being set up). */
  async call(id) {
    if (this.#closed || id === this.#ownId || this.#calls.has(id) || this.#connecting() >= MAX_CONNECTING) return;
    clearTimeout(this.#retryTimers.get(id));
    this.#retryTimers.delete(id);
    const call = this.#start(id, true);
    const channel = call.connection.createDataChannel(CHANNEL_LABEL);
    this.#watch(id, call, channel);
    const offer = await call.connection.createOffer();
    await call.connection.setLocalDescription(offer);
    this.#sendDescription(id, call, offer);
  }

  /**
   * A signal from `from`, passed on by a relay. Signals from one peer are
   * handled one after another, in order: a candidate must not reach a
   * connection while its remote description is still being set.
   * Malformed ones are ignored.
   */
  receive(signal) {
    const previous = this.#inbox.get(signal.from) ?? Promise.resolve();
    const next = previous.then(() => this.#handleSignal(signal));
    this.#inbox.set(signal.from, next);
    next.then(() => {
      if (this.#inbox.get(signal.from) === next) this.#inbox.delete(signal.from);
    });
    return next;
  }

  async #handleSignal({ from, data }) {
    if (this.#closed) return; // queued before close(): nothing may open after it
    try {
      if (data.sdp?.type === 'offer') await this.#answer(from, data.sdp);
      else if (data.sdp?.type === 'answer') await this.#accept(from, data.sdp);
      else if (typeof data.candidate === 'string') await this.#addCandidate(from, data);
    } catch {
      // A bad or late signal fails this call only; the relay still carries everything.
      this.#hangUp(from);
    }
  }

  close() {
    this.#closed = true;
    for (const timer of this.#retryTimers.values()) clearTimeout(timer);
    this.#retryTimers.clear();
    for (const id of [...this.#calls.keys()]) this.#hangUp(id);
  }

  async #answer(from, sdp) {
    const existing = this.#calls.get(from);
    if (!existing && this.#connecting() >= MAX_CONNECTING) return;
    if (existing) {
      if (existing.offered && this.#ownId > from) return; // our own offer wins
      this.#hangUp(from);
    }
    const call = this.#start(from, false);
    call.connection.ondatachannel = (event) => this.#watch(from, call, event.channel);
    await this.#setRemote(call, sdp);
    const answer = await call.connection.createAnswer();
    await call.connection.setLocalDescription(answer);
    this.#sendDescription(from, call, answer);
  }

  async #accept(from, sdp) {
    const call = this.#calls.get(from);
    if (call) await this.#setRemote(call, sdp);
  }

  // Candidates that came before the remote description are added after it.
  async #setRemote(call, sdp) {
    await call.connection.setRemoteDescription(sdp);
    call.remoteSet = true;
    for (const candidate of call.queued.splice(0)) await call.connection.addIceCandidate(candidate);
  }

  // Our description goes out before any of our candidates (gathering starts
  // with setLocalDescription, so candidates can be ready first): the other
  // end ignores candidates for a call it has not heard of.
  #sendDescription(id, call, description) {
    this.#signal(id, { sdp: { type: description.type, sdp: description.sdp } });
    call.described = true;
    for (const candidate of call.unsent.splice(0)) this.#signal(id, candidate);
  }

  async #addCandidate(from, { candidate, sdpMid }) {
    const call = this.#calls.get(from);
    if (!call) return;
    const init = { candidate, sdpMid: typeof sdpMid === 'string' ? sdpMid : '0' };
    if (call.remoteSet) await call.connection.addIceCandidate(init);
    else call.queued.push(init);
  }

  #start(id, offered) {
    const connection = new this.#RTCPeerConnection({ iceServers: this.#iceServers });
    // queued: their candidates, before their description; unsent: ours, before our description.
    const call = { connection, queued: [], unsent: [], described: false, offered };
    call.openTimer = setTimeout(() => this.#hangUp(id, call), OPEN_TIMEOUT_MS);
    this.#calls.set(id, call);
    connection.onicecandidate = (event) => {
      if (!event.candidate?.candidate) return;
      const candidate = { candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid };
      if (call.described) this.#signal(id, candidate);
      else call.unsent.push(candidate);
    };
    connection.onconnectionstatechange = () => {
      if (['failed', 'closed'].includes(connection.connectionState)) this.#hangUp(id, call);
    };
    return call;
  }

  #watch(id, call, channel) {
    channel.onopen = () => {
      if (this.#calls.get(id) !== call) return;
      clearTimeout(call.openTimer);
      call.opened = true;
      this.#attempts.delete(id);
      call.link = this.#opened(channel, () => this.#hangUp(id, call));
    };
  }

  #hangUp(id, call = this.#calls.get(id)) {
    if (!call || this.#calls.get(id) !== call) return;
    this.#calls.delete(id);
    clearTimeout(call.openTimer);
    call.link?.close();
    try {
      call.connection.close();
    } catch {
      // already closed
    }
    if (call.offered) this.#retryLater(id, call.opened);
  }

  // A channel that was open and closed is called again at once (after the
  // first delay); one that never opened counts towards the bound.
  #retryLater(id, wasOpen) {
    if (this.#closed) return;
    const failed = wasOpen ? 0 : (this.#attempts.get(id) ?? 0) + 1;
    if (failed >= MAX_ATTEMPTS) return;
    this.#attempts.set(id, failed);
    const delay = core.retryCeilingMs(failed, RETRY_BASE_MS, RETRY_MAX_MS);
    this.#retryTimers.set(id, setTimeout(() => {
      this.#retryTimers.delete(id);
      this.call(id).catch(() => this.#hangUp(id));
    }, delay));
  }
}
