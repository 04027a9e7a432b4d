// A store's document kept as one graph node: each top-level key is a field
// holding the key's value as JSON text, plus `_updatedAt`. A set writes
// only the keys that changed, and null for keys that were removed, so a
// removed key disappears on every device and small changes send little.
// Document keys are names from outside: they are only ever own properties
// (own-keys.js), so a key "__proto__" is data the schema sees, never a prototype.
import { ownValue, setOwn } from '../own-keys.js';

export const UPDATED_AT = '_updatedAt';

// JSON with object keys sorted: the same document gives the same text on every device.
export function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}

/** A 53-bit fingerprint of text (cyrb53): tells documents apart, not a secret. */
export function digestOf(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The fields to write to go from `before` (null: nothing stored) to `after`. */
export function deltaFields(before, after, updatedAt) {
  const fields = { [UPDATED_AT]: updatedAt };
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    const text = JSON.stringify(after[key]);
    if (!before || JSON.stringify(ownValue(before, key)) !== text) setOwn(fields, key, text);
  }
  if (before) {
    for (const key of Object.keys(before)) if (ownValue(after, key) === undefined) setOwn(fields, key, null);
  }
  return fields;
}

/**
 * The document a node holds, with its _updatedAt; null when the node holds
 * none. Throws TypeError for a node that is not a stored document.
 */
export function documentOfNode(node) {
  if (node === null || node === undefined) return null;
  if (typeof node !== 'object') throw new TypeError('stored document: not a node');
  const updatedAt = node[UPDATED_AT];
  if (typeof updatedAt !== 'number' || !Number.isFinite(updatedAt)) throw new TypeError('stored document: _updatedAt is missing or not a number');
  const data = {};
  for (const [key, text] of Object.entries(node)) {
    if (key === UPDATED_AT || text === null) continue;
    if (typeof text !== 'string') throw new TypeError(`stored document: field ${JSON.stringify(key)} is not JSON text`);
    setOwn(data, key, JSON.parse(text));
  }
  return { data, updatedAt };
}
