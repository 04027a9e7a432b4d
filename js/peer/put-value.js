// Checks a value before it is written: the graph holds null, booleans,
// finite numbers, strings and nested objects; not arrays, undefined,
// functions, NaN or "_" keys. The error names the place.
import { isUsableKey } from './soul-names.js';

export function checkPutValue(value, path = 'value') {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${path} must be a finite number (got ${value})`);
    return;
  }
  if (Array.isArray(value)) throw new TypeError(`${path} is an array; the graph holds no arrays (use an object keyed by id, or put(item, true) for a set)`);
  if (typeof value !== 'object') throw new TypeError(`${path} cannot be stored (got ${typeof value})`);
  for (const key of Object.keys(value)) {
    if (!isUsableKey(key)) throw new RangeError(`${path} has the key ${JSON.stringify(key)}, which is reserved`);
    checkPutValue(value[key], `${path}.${key}`);
  }
}

/** A random key for sets, from the platform's cryptographic generator. */
export function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}
