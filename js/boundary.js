// Helpers for crossing into the core: type checks that must happen before a
// value is written into wasm memory (a typed array would silently coerce a
// string), JSON that can carry NaN and Infinity, and error messages that
// name the caller's keys instead of the core's indices.

export function requireNumber(value, field) {
  if (typeof value !== 'number') throw new TypeError(`${field} must be a number (got ${describe(value)})`);
  return value;
}

export function requireString(value, field) {
  if (typeof value !== 'string') throw new TypeError(`${field} must be a string (got ${describe(value)})`);
  return value;
}

export function requireObject(value, field) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${field} must be an object (got ${describe(value)})`);
  }
  return value;
}

export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// `.b` for identifier-like keys, `["b c"]` otherwise.
function keyAccessor(key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

export function fieldPath(parent, key) {
  return parent + keyAccessor(key);
}

// JSON cannot carry NaN or ±Infinity; the core reads this marker as the
// non-finite number it stands for and reports it as a RangeError.
function keepNonFinite(_key, value) {
  return typeof value === 'number' && !Number.isFinite(value) ? { $nonfinite: String(value) } : value;
}

// A replacer makes JSON.stringify several times slower, and without one
// NaN and ±Infinity come out as null: so only text containing "null" is
// written again with the marker.
export function toJson(value) {
  const text = JSON.stringify(value === undefined ? null : value) ?? 'null';
  return text.includes('null') ? JSON.stringify(value, keepNonFinite) ?? 'null' : text;
}

// The core names participants by index ("commitments[#3].residual_need");
// put the caller's keys back into the message.
export function withKeys(error, keys) {
  if (error instanceof Error && typeof error.message === 'string') {
    error.message = error.message.replace(/\[#(\d+)\]/g, (_, i) => keyAccessor(keys[Number(i)]));
  }
  return error;
}
