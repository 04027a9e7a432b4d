// The chain API: peer.get('chat').next('room1').put({...}) / .on / .once.
// A chain points at a node (soul) or at one field of a node. Nested objects
// live in child nodes named "<soul>/<field>", so a path always names the
// same soul on every peer.
import { checkPutValue, isUsableKey, randomKey } from './put-value.js';

export class Chain {
  #peer;
  #soul;
  #field;

  constructor(peer, soul, field) {
    this.#peer = peer;
    this.#soul = soul; // null: an unusable key somewhere on the path
    this.#field = field;
  }

  /** The chain one key further down. */
  next(key) {
    if (this.#soul === null || !isUsableKey(key)) return new Chain(this.#peer, null);
    if (this.#field === undefined) return new Chain(this.#peer, this.#soul, key);
    return new Chain(this.#peer, `${this.#soul}/${this.#field}`, key);
  }

  get(key) {
    return this.next(key);
  }

  /** Where this chain points: {soul, field}. */
  get location() {
    return { soul: this.#soul, field: this.#field };
  }

  /**
   * Writes `value` here (objects merge field by field; null deletes). With
   * `asSet` true, adds `value` under a new random key instead and resolves
   * to that key. Resolves once the write is durable in this peer's storage.
   */
  async put(value, asSet = false) {
    if (this.#soul === null) throw new TypeError('put: every key on the path must be a non-empty string other than "_"');
    if (value === undefined) throw new TypeError('put: value is undefined (use null to delete)');
    if (asSet === true) {
      const key = randomKey();
      await this.next(key).put(value);
      return key;
    }
    checkPutValue(value);
    if (this.#field === undefined) {
      if (value === null || typeof value !== 'object') throw new TypeError(`put: "${this.#soul}" is a node; put an object of fields on it, or next(key).put(value)`);
      await this.#peer._put(this.#soul, value);
    } else {
      await this.#peer._put(this.#soul, { [this.#field]: value });
    }
  }

  /** The current value (objects read deep), or null. */
  async once() {
    if (this.#soul === null) return null;
    await this.#peer.ready;
    return this.#peer._read(this.#soul, this.#field).value;
  }

  /**
   * Calls `callback(value, key)` after every update with the whole current
   * value; with {get: true} also at once with the current value. Returns a
   * function that stops it.
   */
  on(callback, { get = false } = {}) {
    if (typeof callback !== 'function') throw new TypeError('on: callback must be a function');
    if (this.#soul === null) {
      if (get) queueMicrotask(() => callback(null, undefined));
      return () => {};
    }
    return this.#peer._listen(this.#soul, this.#field, callback, get);
  }

  /** Stops `callback` here, or every callback here when none is given. */
  off(callback) {
    if (this.#soul !== null) this.#peer._unlisten(this.#soul, this.#field, callback);
  }
}
