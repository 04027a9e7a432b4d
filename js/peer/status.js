// peer.status: a Svelte store of what the network side is doing, so apps
// need not poll. Notifications come at most every NOTIFY_MS (bytes change
// with every frame); `unreachable` turns true once no relay has been open
// for `unreachableAfterMs`.
import { createReadable } from '../store/readable.js';

const NOTIFY_MS = 100;

export class PeerStatus {
  #read; // () → the current status, unthrottled
  #unreachableAfterMs;
  #value;
  #timer = null; // the next notification
  #unreachableTimer = null; // the moment offline turns into unreachable
  #closed = false;
  #lastShown = 0;
  #shown = '';

  constructor(read, unreachableAfterMs) {
    this.#read = read;
    this.#unreachableAfterMs = unreachableAfterMs;
    this.#value = createReadable(this.#current(), () => this.#show());
  }

  subscribe(run, invalidate) {
    return this.#value.subscribe(run, invalidate);
  }

  #current() {
    const status = this.#read();
    const offlineFor = status.offlineSince === null ? 0 : Date.now() - status.offlineSince;
    return { ...status, connected: status.offlineSince === null && status.relays.length > 0, unreachable: status.relays.length > 0 && status.offlineSince !== null && offlineFor >= this.#unreachableAfterMs };
  }

  /** Something changed: shown now, or at the end of the current NOTIFY_MS. */
  changed() {
    if (this.#timer) return;
    const wait = this.#lastShown + NOTIFY_MS - Date.now();
    if (wait <= 0) this.#show();
    else this.#timer = setTimeout(() => this.#show(), wait);
  }

  #show() {
    clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#closed) return;
    this.#lastShown = Date.now();
    const status = this.#current();
    const text = JSON.stringify(status);
    if (text !== this.#shown) {
      this.#shown = text;
      this.#value.set(status);
    }
    // Offline and not yet unreachable: look again when it would be.
    clearTimeout(this.#unreachableTimer);
    if (status.offlineSince !== null && !status.unreachable && status.relays.length) {
      this.#unreachableTimer = setTimeout(() => this.#show(), status.offlineSince + this.#unreachableAfterMs - Date.now());
    }
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#unreachableTimer);
  }
}
