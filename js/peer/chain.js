// The chain API: peer.get('chat').next('room1').put({...}) / .on / .once.
// A chain is a root soul and a path of keys. Nested objects live in child
// nodes named "<soul>/<key>", so a path names the same soul on every peer,
// and a put writes the links along its path too: writing through parents
// that do not exist yet loses nothing.
import { checkPutValue, randomKey } from './put-value.js';
import { isUsableKey } from './soul-names.js';

export class Chain {
  #peer;
  #root;
  #path;
  #soul;
  #field;

  constructor(peer, root, path = []) {
    this.#peer = peer;
    this.#root = root; // null: an unusable key somewhere on the path
    this.#path = path;
    // The node this chain reads, and the field in it (none: the whole node).
    this.#soul = root === null ? null : [root, ...path.slice(0, -1)].join('/');
    this.#field = path.length ? path[path.length - 1] : undefined;
  }

  /**
   * The chain one key further down. A lex object instead of a key —
   * {".": "exact"}, {".": {"*": "prefix"}}, {".": {">": "a", "<": "m"}}, with
   * an optional "%": limit — selects the matching fields (read with once()).
   */
  next(key) {
    if (this.#soul !== null && key !== null && typeof key === 'object' && !Array.isArray(key) && '.' in key) {
      return new LexChain(this.#peer, [this.#root, ...this.#path].join('/'), key);
    }
    if (this.#soul === null || !isUsableKey(key)) return new Chain(this.#peer, null);
    return new Chain(this.#peer, this.#root, [...this.#path, key]);
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
   * to that key. Resolves once this peer's storage holds the write: durable
   * for IndexedDB and fs:, best-effort for localStorage.
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
    if (this.#field === undefined && (value === null || typeof value !== 'object')) {
      throw new TypeError(`put: "${this.#soul}" is a node; put an object of fields on it, or next(key).put(value)`);
    }
    // {a: {b: value}} from the root: the links along the path are written too.
    const nested = this.#path.reduceRight((inner, key) => ({ [key]: inner }), value);
    await this.#peer._put(this.#root, nested);
  }

  /**
   * The current value (objects read deep), or null. A peer that syncs asks
   * its relays first; offline it answers from local data at once.
   */
  async once() {
    if (this.#soul === null) return null;
    await this.#peer._fetch(this.#soul, this.#field);
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

// The fields of a node that match a lex query.
class LexChain {
  #peer;
  #soul;
  #lex;
  constructor(peer, soul, lex) {
    this.#peer = peer;
    this.#soul = soul;
    this.#lex = lex;
  }

  /** The matching fields as an object (nested objects read deep), or null. */
  async once() {
    await this.#peer._fetch(this.#soul);
    return this.#peer._lex(this.#soul, this.#lex);
  }
}
