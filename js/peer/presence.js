// Presence for one peer: who is here now (core/sync/presence.h has the
// rules). This file schedules: it follows presence once someone subscribes,
// announces the signed-in user's state, repeats it on a heartbeat (a third
// of the relays' timeout), drops keys that went quiet, and announces
// leaving on sign-out and close.
import { createReadable } from '../store/readable.js';

const DEFAULT_TIMEOUT_MS = 30_000; // until a relay says otherwise

export class Presence {
  #peer;
  #sync; // () → PeerSync or null
  #own = null; // {slot, pub, text} while announced
  #timer = null;
  #period = 0; // of the timer: a third of the relays' timeout
  #following = false;
  #shown = '';
  #value;

  constructor(peer, sync) {
    this.#peer = peer;
    this.#sync = sync;
    this.#value = createReadable(Object.create(null), () => {
      this.#following = true;
      this.#sync()?.followPresence();
      this.#schedule();
    });
  }

  /**
   * Who is present, by public key: a null-prototype object of pub → state,
   * the signed-in user's own state included once set. A Svelte store.
   */
  subscribe(run, invalidate) {
    return this.#value.subscribe(run, invalidate);
  }

  /** Announces `state` (a plain object, at most 1 KiB of JSON) as the signed-in user; repeated until clear(), sign-out or close. */
  set(state) {
    const user = this.#peer.user();
    if (!user.is) throw new Error('presence.set: nobody is signed in (call peer.user().auth first)');
    if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new TypeError('presence.set: the state must be a plain object');
    const previous = this.#own;
    this.#own = { slot: user.slot, pub: user.is.pub, text: JSON.stringify(state) };
    try {
      this.#announce(); // the core refuses a state too large or too deep
    } catch (error) {
      this.#own = previous;
      throw error;
    }
    this.refresh();
    this.#schedule();
  }

  /** Announces leaving (others see this user go at once); the store stays followed. */
  clear() {
    if (!this.#own) return;
    this.#sync()?.announcePresence(this.#own.slot, 'null');
    this.#own = null;
    this.refresh();
  }

  // Before the user's keys are wiped (sign-out, close): leave while we still can sign.
  _beforeSignOut(slot) {
    if (this.#own?.slot === slot) this.clear();
  }

  // The network side exists now (it starts after storage has loaded).
  _syncStarted() {
    if (this.#following) this.#sync()?.followPresence();
  }

  // A relay (re)opened: it hears our state at once, not at the next heartbeat.
  _relayOpened() {
    if (this.#own) this.#announce();
  }

  #announce() {
    this.#sync()?.announcePresence(this.#own.slot, this.#own.text);
  }

  // Heartbeat and expiry, while there is anything to do.
  #schedule() {
    const period = Math.min(this.#sync()?.presenceTimeout ?? DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS * 10) / 3;
    if (this.#timer && period < this.#period) {
      clearTimeout(this.#timer); // a relay asked for a shorter heartbeat
      this.#timer = null;
    }
    if (this.#timer || (!this.#own && !this.#following)) return;
    this.#period = period;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#own) this.#announce();
      if (this.#sync()?.expirePresence()) this.refresh();
      this.#schedule();
    }, period);
  }

  /** Reads who is present again and tells subscribers when it changed. */
  refresh() {
    this.#schedule();
    const entries = this.#sync()?.presence() ?? [];
    if (this.#own) entries.push([this.#own.pub, this.#own.text]);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const shown = JSON.stringify(entries);
    if (shown === this.#shown) return;
    this.#shown = shown;
    const value = Object.create(null);
    for (const [pub, text] of entries) value[pub] = JSON.parse(text);
    this.#value.set(value);
  }

  /** A closed peer knows nobody. */
  close() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#own = null;
    this.#following = false;
    this.#shown = '[]';
    this.#value.set(Object.create(null));
  }
}
