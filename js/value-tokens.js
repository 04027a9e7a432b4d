// Sends a JS value to the core as a token stream (format: core/schema/
// token_kind.h) instead of JSON text: one walk over the value, numbers as
// doubles, keys as ids into a table the core keeps across calls. A
// 1,000-key record crosses in a fraction of what JSON.stringify costs.
// The value is seen as JSON.stringify would see it: toJSON is honoured,
// properties holding undefined/functions/symbols are left out, such array
// elements become null, and BigInts or cycles cannot be sent.
import { core, checked } from './core.js';
import {
  TOKEN_NULL,
  TOKEN_FALSE,
  TOKEN_TRUE,
  TOKEN_NUMBER,
  TOKEN_STRING,
  TOKEN_ARRAY,
  TOKEN_OBJECT,
  TOKEN_NAN,
  TOKEN_INFINITY,
  TOKEN_NEGATIVE_INFINITY,
} from './generated/boundary.js';

const MAX_DEPTH = 1000;
const KEY_TABLE_LIMIT = 100_000;
const encoder = new TextEncoder();

const keyIds = new Map(); // mirrors the core's key table
let tokens = new Uint32Array(1024);
let numbers = new Float64Array(256);
let bytes = new Uint8Array(4096);
let tokenCount = 0;
let numberCount = 0;
let byteCount = 0;
let newKeys = [];

function pushToken(token) {
  if (tokenCount === tokens.length) {
    const grown = new Uint32Array(tokens.length * 2);
    grown.set(tokens);
    tokens = grown;
  }
  tokens[tokenCount++] = token;
}

function pushNumber(number) {
  if (numberCount === numbers.length) {
    const grown = new Float64Array(numbers.length * 2);
    grown.set(numbers);
    numbers = grown;
  }
  numbers[numberCount++] = number;
}

// Appends UTF-8 text to the byte buffer; returns its byte length.
function pushText(text) {
  const needed = byteCount + text.length * 3;
  if (needed > bytes.length) {
    const grown = new Uint8Array(Math.max(needed, bytes.length * 2));
    grown.set(bytes.subarray(0, byteCount));
    bytes = grown;
  }
  const { written } = encoder.encodeInto(text, bytes.subarray(byteCount));
  byteCount += written;
  return written;
}

function keyId(key) {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = keyIds.size;
    keyIds.set(key, id);
    newKeys.push(key);
  }
  return id;
}

const skipped = (value) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

function walk(value, depth) {
  if (depth > MAX_DEPTH) throw new RangeError(`nests deeper than ${MAX_DEPTH} levels (or refers to itself)`);
  if (value !== null && typeof value === 'object' && typeof value.toJSON === 'function') value = value.toJSON();
  switch (typeof value) {
    case 'number':
      if (value - value === 0) {
        pushToken(TOKEN_NUMBER);
        pushNumber(value);
      } else {
        pushToken(value !== value ? TOKEN_NAN : value > 0 ? TOKEN_INFINITY : TOKEN_NEGATIVE_INFINITY);
      }
      return;
    case 'string': {
      pushToken(TOKEN_STRING);
      pushToken(byteCount);
      pushToken(0);
      tokens[tokenCount - 1] = pushText(value);
      return;
    }
    case 'boolean':
      pushToken(value ? TOKEN_TRUE : TOKEN_FALSE);
      return;
    case 'bigint':
      throw new TypeError('a BigInt has no JSON form');
    case 'object': {
      if (value === null) return pushToken(TOKEN_NULL);
      if (Array.isArray(value)) {
        pushToken(TOKEN_ARRAY);
        pushToken(value.length);
        for (const item of value) {
          if (skipped(item)) pushToken(TOKEN_NULL);
          else walk(item, depth + 1);
        }
        return;
      }
      pushToken(TOKEN_OBJECT);
      const countAt = tokenCount;
      pushToken(0);
      let count = 0;
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (skipped(item)) continue;
        pushToken(keyId(key));
        walk(item, depth + 1);
        count++;
      }
      tokens[countAt] = count;
      return;
    }
    default:
      pushToken(TOKEN_NULL);
  }
}

/** Empties both key tables (after an error that may have left them apart). */
export function forgetKeys() {
  keyIds.clear();
  core.resetKeyTable();
}

/**
 * Writes `value` into the core's input buffers. Returns the arguments of
 * the core's token calls: {tokens, numbers, bytes, newKeys, newKeyBytes}.
 * Throws TypeError/RangeError for values JSON cannot represent.
 */
export function writeValueTokens(value) {
  if (keyIds.size > KEY_TABLE_LIMIT) forgetKeys();
  tokenCount = 0;
  numberCount = 0;
  byteCount = 0;
  newKeys = [];
  try {
    walk(value, 0);
  } catch (error) {
    for (const key of newKeys) keyIds.delete(key); // the core never learnt them
    throw error;
  }
  // New keys go first in the byte buffer, their lengths first in u32.
  const valueBytes = bytes.slice(0, byteCount);
  byteCount = 0;
  const keyLengths = newKeys.map(pushText);
  const keyBytes = byteCount;

  const f64 = checked(core.reserveInput(numberCount, keyLengths.length + tokenCount)) / 8;
  const bytePointer = checked(core.reserveBytes(keyBytes + valueBytes.length));
  const u32 = core.inputU32() / 4;
  core.HEAPF64.set(numbers.subarray(0, numberCount), f64);
  core.HEAPU32.set(keyLengths, u32);
  core.HEAPU32.set(tokens.subarray(0, tokenCount), u32 + keyLengths.length);
  core.HEAPU8.set(bytes.subarray(0, keyBytes), bytePointer);
  core.HEAPU8.set(valueBytes, bytePointer + keyBytes);
  return { tokens: tokenCount, numbers: numberCount, newKeys: keyLengths.length, newKeyBytes: keyBytes, bytes: keyBytes + valueBytes.length };
}
