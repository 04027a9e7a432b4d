// createHolsterStore: the seed's schema-validated, persisted, synchronised
// Svelte store. Values are checked in the core before they are accepted; the
// decisions (debounce, write stamps, retries, which network document wins,
// echoes, queueing while persisting) are made by core/store/document_sync.
// The document lives in the signed-in user's space at `holsterPath`.
import { core, checked } from '../core.js';
import { SchemaError, defineSchema } from '../schema.js';
import { createReadable } from './readable.js';
import { canonicalJson, digestOf, deltaFields, documentOfNode } from './document-fields.js';
import { getDefaultPeer } from './default-peer.js';
import { isUsableKey } from '../peer/soul-names.js';

const ACCEPT = 0;
const QUEUED = 3;
const MAX_ERRORS = 50;

function localStorageOrNull() {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // some browsers throw when storage is disabled
  }
}

export function createHolsterStore(options = {}) {
  const {
    holsterPath,
    schema,
    cacheable = false,
    persistDebounce = 100,
    isEqual = null, // svelte's rule by default: every object set is a change
    peer: givenPeer,
    retryBaseMs = 250,
    retryMaxMs = 30000,
  } = options;
  if (!isUsableKey(holsterPath)) throw new TypeError('createHolsterStore: holsterPath must be a non-empty string');
  if (!schema || typeof schema.safeParse !== 'function') throw new TypeError('createHolsterStore: schema must be one of `schemas`, from defineSchema, or a Zod v4 schema');
  if (isEqual !== null && typeof isEqual !== 'function') throw new TypeError('createHolsterStore: isEqual must be a function');

  // A Zod schema (as in the seed) is compiled so validation runs in the core.
  const checker = '_zod' in schema ? defineSchema(schema, holsterPath) : schema;
  const peer = givenPeer ?? getDefaultPeer();
  const newSync = () => checked(core.docSyncCreate(persistDebounce, retryBaseMs, retryMaxMs));
  let sync = newSync();
  const cacheKey = `holster_${holsterPath}_cache`;
  const timestampKey = `holster_${holsterPath}_timestamp`;
  const errors = createReadable([]);
  const queued = new Map(); // token → document, while a write is in flight
  // A copy of the document as stored (what the next delta is against): the
  // app may change the objects it was given in place.
  let persisted = null;
  let timer = null;
  let nextToken = 1;
  let stopNetwork = null;
  let stopWatchingUser = null;
  let stopWaitingForUser = null; // a value set before sign-in waits for someone to sign in
  let owner = null; // the pub whose document this store holds and follows (null: nobody's yet)
  let epoch = 0; // counts the users this store has let go of: a write for one of them changes nothing after
  let inFlight = null;
  let cleanedUp = false;
  let idleWaiters = [];

  let initializedByApp = false; // initialize() keeps following after the last subscriber leaves
  const value = createReadable(null, () => {
    if (!cleanedUp) start(); // a cleaned-up store still answers subscribe with null
    return () => {
      if (!initializedByApp) stopFollowing();
    };
  });

  function report(kind, error) {
    const entry = { kind, message: error instanceof Error ? error.message : String(error), at: Date.now() };
    errors.set([...errors.get(), entry].slice(-MAX_ERRORS));
  }

  function validated(data) {
    const result = checker.safeParse(data);
    if (!result.success) throw result.error;
    if (result.data === null || typeof result.data !== 'object' || Array.isArray(result.data)) {
      throw new TypeError(`${holsterPath}: a store holds an object (got ${Array.isArray(result.data) ? 'an array' : typeof result.data})`);
    }
    return result.data;
  }

  // The store always holds the latest document; subscribers hear of it
  // unless an isEqual given says nothing changed.
  function show(data) {
    value.set(data, isEqual !== null && isEqual(value.get(), data));
  }

  function writeCache(data, updatedAt) {
    const storage = cacheable ? localStorageOrNull() : null;
    if (!storage) return;
    try {
      storage.setItem(cacheKey, JSON.stringify(data));
      storage.setItem(timestampKey, String(updatedAt));
    } catch (error) {
      report('cache', error);
    }
  }

  // ---- persistence ----

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (cleanedUp) return;
    // Nobody to write for: no attempts (nor their growing retry delays)
    // until someone signs in, and then at once.
    if (!peer.user().is) {
      stopWaitingForUser ??= peer.user()._watch((is) => {
        if (!is) return;
        stopWaitingForUser();
        stopWaitingForUser = null;
        schedule();
      });
      return settleIfIdle();
    }
    const wakeAt = checked(core.docSyncWakeAt(sync));
    if (Number.isNaN(wakeAt)) return settleIfIdle();
    timer = setTimeout(() => {
      timer = null;
      if (checked(core.docSyncDue(sync, Date.now()))) persistNow();
      else schedule();
    }, Math.max(0, wakeAt - Date.now()));
  }

  function settleIfIdle() {
    if (inFlight || checked(core.docSyncDirty(sync))) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function persistNow() {
    if (inFlight) return inFlight;
    const user = peer.user();
    const { updatedAt } = JSON.parse(checked(core.docSyncBegin(sync)));
    const data = structuredClone(value.get());
    const started = { epoch, sync };
    inFlight = (async () => {
      let accepted;
      let failure = null;
      try {
        if (!user.is) throw new Error(`${holsterPath}: not authenticated; the document is kept and written once a user signs in`);
        await user.get(holsterPath).put(deltaFields(persisted, data, updatedAt));
        if (started.epoch !== epoch) return letGo(started.sync); // that user is gone: keep nothing
        persisted = data;
        writeCache(data, updatedAt);
        accepted = checked(core.docSyncSucceeded(sync));
      } catch (error) {
        if (started.epoch !== epoch) return letGo(started.sync);
        failure = error;
        report('persistence', error);
        accepted = checked(core.docSyncFailed(sync, Date.now()));
      }
      inFlight = null;
      applyQueued(accepted);
      schedule();
      return failure;
    })();
    return inFlight;
  }

  function letGo(oldSync) {
    core.docSyncDestroy(oldSync);
    return null;
  }

  function applyQueued(token) {
    if (token >= 0 && queued.has(token)) {
      const data = queued.get(token);
      persisted = structuredClone(data);
      show(data);
    }
    queued.clear();
  }

  // ---- network ----

  function fromNetwork(node) {
    let stored;
    try {
      stored = documentOfNode(node);
      if (!stored) return;
      stored.data = validated(stored.data);
    } catch (error) {
      report('validation', error);
      return; // invalid data never reaches subscribers
    }
    const token = nextToken++;
    const decision = checked(core.docSyncNetwork(sync, stored.updatedAt, digestOf(canonicalJson(stored.data)), token));
    if (decision === ACCEPT) {
      persisted = structuredClone(stored.data);
      show(stored.data);
      writeCache(stored.data, stored.updatedAt);
      schedule(); // an accepted newer document cancels our pending write
    } else if (decision === QUEUED) {
      queued.set(token, stored.data);
    }
  }

  // ---- the public API ----

  /** Shows the cached value at once (with cacheable) and follows the stored document until cleanup(). */
  function initialize() {
    if (cleanedUp) throw new Error(`${holsterPath}: this store was cleaned up`);
    initializedByApp = true;
    start();
  }

  // What a first subscriber starts too: the cache, then the stored document.
  function start() {
    if (value.get() === null && cacheable) {
      const storage = localStorageOrNull();
      const text = storage?.getItem(cacheKey);
      if (text) {
        try {
          show(validated(JSON.parse(text)));
        } catch (error) {
          report('cache', error);
        }
      }
    }
    stopWatchingUser ??= peer.user()._watch(follow);
    follow(peer.user().is);
  }

  // Follows the document of whoever is signed in: from the moment a user
  // signs in (whenever the store started), and nobody's once they leave.
  function follow(is) {
    const pub = is?.pub ?? null;
    if (owner !== null && pub !== owner) letGoOfOwner();
    if (pub === null || stopNetwork) return;
    owner = pub;
    stopNetwork = peer.user().get(holsterPath).on(fromNetwork, { get: true });
    schedule(); // a value set before anyone signed in is written now
  }

  function stopFollowing() {
    stopWatchingUser?.();
    stopWatchingUser = null;
    stopNetwork?.();
    stopNetwork = null;
  }

  // Another user (or nobody) from now on: nothing of the previous one stays,
  // neither the value, nor a write waiting for them, nor the cache.
  function letGoOfOwner() {
    stopNetwork?.();
    stopNetwork = null;
    owner = null;
    epoch += 1;
    clearTimeout(timer);
    timer = null;
    if (!inFlight) core.docSyncDestroy(sync); // else the write in flight destroys it when it ends
    sync = newSync();
    inFlight = null;
    persisted = null;
    queued.clear();
    clearCache();
    value.set(null);
    settleIfIdle();
  }

  function clearCache() {
    const storage = cacheable ? localStorageOrNull() : null;
    storage?.removeItem(cacheKey);
    storage?.removeItem(timestampKey);
  }

  /** Accepts `data` if the schema does (else throws SchemaError and changes nothing), then persists it (debounced). */
  function set(data) {
    if (cleanedUp) throw new Error(`${holsterPath}: this store was cleaned up`);
    const accepted = validated(data);
    checked(core.docSyncLocalChange(sync, Date.now(), digestOf(canonicalJson(accepted))));
    show(accepted);
    // Not an exception: apps mount (and set) before sign-in finishes, and the
    // value is kept for whoever signs in. Said here, once per set.
    if (!peer.user().is) report('not-signed-in', `${holsterPath}: nobody is signed in; the value is shown and kept, and written once a user signs in (peer.user().auth)`);
    schedule();
  }

  return {
    subscribe: value.subscribe,
    set,
    update(fn) {
      set(fn(value.get()));
    },
    initialize,
    /** Follows another user's document; invalid data is reported, never delivered. */
    subscribeToUser(pub, callback) {
      if (typeof pub !== 'string' || pub === '') throw new TypeError('subscribeToUser: pub must be a non-empty string');
      if (typeof callback !== 'function') throw new TypeError('subscribeToUser: callback must be a function');
      return peer.user().get([pub, holsterPath]).on((node) => {
        try {
          const stored = documentOfNode(node);
          if (stored) callback(validated(stored.data), stored.updatedAt);
        } catch (error) {
          report('validation', error);
        }
      }, { get: true });
    },
    /**
     * Writes now instead of after the debounce; resolves once the value
     * current at the call is durable, rejects when that write fails (it is
     * retried in the background).
     */
    async persist() {
      while (inFlight) await inFlight; // may hold an older value than the current one
      if (cleanedUp || !checked(core.docSyncDirty(sync))) return;
      clearTimeout(timer);
      const failure = await persistNow();
      if (failure) throw failure;
    },
    isPersisting: () => inFlight !== null,
    /** Resolves when nothing is waiting to be written (failed writes keep retrying). */
    waitForPersistence() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIfIdle();
      });
    },
    /** Writes what is pending (waiting for its debounce or in flight), stops following, clears the cache and the value. */
    async cleanup() {
      // A write still waiting for its debounce goes out first (also one set
      // while another write was in flight): nothing set is lost.
      await inFlight;
      if (checked(core.docSyncDirty(sync))) {
        clearTimeout(timer);
        await persistNow();
      }
      cleanedUp = true;
      clearTimeout(timer);
      stopWaitingForUser?.();
      stopFollowing();
      clearCache();
      core.docSyncDestroy(sync);
      value.set(null);
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    },
    /** Problems with validation, persistence and the cache, newest last (at most 50). */
    errors: { subscribe: errors.subscribe },
  };
}

export { createHolsterStore as createStore, SchemaError };
