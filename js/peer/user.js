// A peer's user: alias + password accounts whose keys live in the wasm
// keyring (JS only ever holds a slot number and the public names). The
// encrypted key record is kept in the user's own node ("~<pub>".auth), the
// alias list "~@<alias>" names the pubs using an alias.
import { core, checked } from '../core.js';
import { Chain } from './chain.js';
import { isUsableKey, userSoul, aliasSoul } from './soul-names.js';
import { sessionsAvailable, newSessionSecret, rememberSession, recallSession, forgetSession } from './session.js';

function requireText(value, name) {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

export class User {
  #peer;
  /** The keyring slot of the signed-in user (0: nobody). */
  slot = 0;
  /** {alias, pub, epub} while signed in, else null. */
  is = null;
  #watchers = new Set();
  /** Aliases whose create() has not finished: checking "taken" and registering are not one step. */
  #creating = new Set();

  constructor(peer) {
    this.#peer = peer;
  }

  // The pubs registered under `alias` (entries set to null are deleted accounts).
  async #pubsOf(alias) {
    await this.#peer._fetch(aliasSoul(alias)); // and the user nodes it links to
    const { value } = this.#peer._read(aliasSoul(alias), undefined);
    return Object.entries(value ?? {}).filter(([, link]) => link !== null).map(([pub]) => pub);
  }

  /** Creates an account; resolves to {pub}. Does not sign in. */
  async create(alias, password) {
    requireText(alias, 'alias');
    requireText(password, 'password');
    if (this.#creating.has(alias)) throw new Error(`alias "${alias}" is being created already on this peer`);
    this.#creating.add(alias);
    let slot = 0;
    try {
      if ((await this.#pubsOf(alias)).length > 0) throw new Error(`alias "${alias}" is taken`);
      slot = checked(core.keyringCreate());
      const pub = core.keyringPub(slot);
      const record = checked(core.keyRecordSealForAlias(slot, password, this.#peer.passwordCost === 'test', alias));
      await this.#peer._put(userSoul(pub), { alias, pub, epub: core.keyringEpub(slot), auth: record }, slot);
      await this.#peer._registerAlias(alias, slot);
      return { pub };
    } finally {
      if (slot) core.keyringForget(slot);
      this.#creating.delete(alias);
    }
  }

  /**
   * Signs in; throws "wrong password" or "no user" errors. Resolves to `is`.
   * With {remember: true} (browsers), recall() signs in again after a reload.
   */
  async auth(alias, password, { remember = false } = {}) {
    requireText(alias, 'alias');
    requireText(password, 'password');
    const pubs = await this.#pubsOf(alias);
    if (pubs.length === 0) throw new Error(`no user "${alias}" is known here`);
    // Anyone may add entries under an alias: the core tries them all at the
    // cost of one key derivation (core/identity/alias_sign_in.h).
    const records = pubs.map((pub) => this.#peer._read(userSoul(pub), 'auth').value).filter((record) => typeof record === 'string');
    const slot = checked(core.keyRecordSignIn(JSON.stringify(records), alias, password)); // throws "wrong password"
    this.#signOut();
    this.slot = slot;
    this.is = { alias, pub: core.keyringPub(slot), epub: core.keyringEpub(slot) };
    this.#announce();
    if (remember) await this.#remember(alias);
    return this.is;
  }

  async #remember(alias) {
    if (!sessionsAvailable()) throw new Error('remember: sessions can only be remembered where IndexedDB and WebCrypto exist');
    const secret = newSessionSecret();
    const record = checked(core.keyRecordSeal(this.slot, secret, true)); // a random 256-bit secret needs no costly KDF
    await rememberSession(this.#peer.sessionName, { alias, record, secret });
  }

  /** Signs in with the session remembered by auth(…, {remember: true}); resolves to whether it could. */
  async recall() {
    if (!sessionsAvailable()) return false;
    const session = await recallSession(this.#peer.sessionName).catch(() => null);
    if (!session) return false;
    let slot;
    try {
      slot = checked(core.keyRecordOpen(session.record, session.secret));
    } catch {
      await forgetSession(this.#peer.sessionName);
      return false;
    }
    this.#signOut();
    this.slot = slot;
    this.is = { alias: session.alias, pub: core.keyringPub(slot), epub: core.keyringEpub(slot) };
    this.#announce();
    return true;
  }

  #signOut() {
    if (this.slot) {
      this.#peer._beforeSignOut(this.slot); // presence leaves, signed by the keys about to go
      core.keyringForget(this.slot);
    }
    this.slot = 0;
    this.is = null;
  }

  /** Wipes the keys when the peer closes, keeping a remembered session. */
  signOutForClose() {
    this.#signOut();
  }

  /**
   * Signs out: the keys are wiped from the keyring at once; resolves when a
   * remembered session is forgotten too.
   */
  async leave() {
    this.#signOut();
    this.#announce();
    if (sessionsAvailable()) await forgetSession(this.#peer.sessionName);
  }

  /**
   * Calls `callback(is)` after every sign-in (auth, recall) and sign-out
   * (leave, delete); returns a function that stops it. Stores use it to
   * follow whoever is signed in.
   */
  _watch(callback) {
    this.#watchers.add(callback);
    return () => this.#watchers.delete(callback);
  }

  #announce() {
    for (const callback of [...this.#watchers]) {
      try {
        callback(this.is);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #requireAuth(what) {
    if (!this.is) throw new Error(`${what}: not authenticated (call user.auth first)`);
  }

  /** Re-encrypts the keys under a new password; the old one stops working. */
  async change(alias, oldPassword, newPassword) {
    requireText(newPassword, 'new password');
    await this.auth(alias, oldPassword);
    const record = checked(core.keyRecordSealForAlias(this.slot, newPassword, this.#peer.passwordCost === 'test', alias));
    await this.#peer._put(userSoul(this.is.pub), { auth: record });
  }

  /** Deletes the account: its key record and alias entry; signs out. */
  async delete(alias, password) {
    await this.auth(alias, password);
    await this.#peer._put(userSoul(this.is.pub), { auth: null });
    await this.#peer._registerAlias(alias, this.slot, true);
    await this.leave();
  }

  /**
   * A chain in this user's space (`get('allocation/commitment')`), or in
   * another user's (`get([pub, key])`), which anyone may read.
   */
  get(path) {
    if (Array.isArray(path)) {
      const [pub, key] = path;
      return isUsableKey(pub) ? new Chain(this.#peer, userSoul(pub)).next(key) : new Chain(this.#peer, null);
    }
    this.#requireAuth('user.get');
    return new Chain(this.#peer, userSoul(this.is.pub)).next(path);
  }

  /** Encrypts `data` (any JSON value) so only this user can read it. */
  async encrypt(data) {
    this.#requireAuth('encrypt');
    return checked(core.encryptPersonal(this.slot, JSON.stringify(data)));
  }

  async decrypt(sealed) {
    this.#requireAuth('decrypt');
    return JSON.parse(checked(core.decryptPersonal(this.slot, sealed)));
  }

  /** The key this user shares with the owner of `epub` (the same from both sides). */
  async secret(epub) {
    this.#requireAuth('secret');
    return checked(core.sharedSecret(this.slot, epub));
  }

}
