// "Remember me" without private keys in the clear anywhere in storage. A
// remembered session is the user's key record sealed again under a random
// 256-bit secret; the secret itself is encrypted with a non-extractable
// AES-GCM key that the browser keeps in IndexedDB and never lets script
// read. Stealing the stored bytes gives neither the keys nor the secret.
// Where there is no IndexedDB (Node), sessions are not remembered.
const DATABASE = 'mutual-store-sessions';
const STORE = 'sessions';

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function database() {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return request(opening);
}

async function withStore(mode, action) {
  const db = await database();
  try {
    const transaction = db.transaction(STORE, mode);
    const result = await request(action(transaction.objectStore(STORE)));
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onabort = () => reject(transaction.error);
    });
    return result;
  } finally {
    db.close();
  }
}

export const sessionsAvailable = () => typeof indexedDB !== 'undefined' && typeof crypto?.subtle !== 'undefined';

const toBase64Url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A fresh random secret (base64url) to seal a session's key record with. */
export function newSessionSecret() {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Keeps `{alias, record}` with `secret` wrapped by a non-extractable key, under `name`. */
export async function rememberSession(name, { alias, record, secret }) {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(secret));
  await withStore('readwrite', (store) => store.put({ alias, record, key, iv, wrapped }, name));
}

/** The remembered `{alias, record, secret}` for `name`, or null. */
export async function recallSession(name) {
  const saved = await withStore('readonly', (store) => store.get(name));
  if (!saved) return null;
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: saved.iv }, saved.key, saved.wrapped);
  return { alias: saved.alias, record: saved.record, secret: new TextDecoder().decode(plain) };
}

export async function forgetSession(name) {
  await withStore('readwrite', (store) => store.delete(name));
}
