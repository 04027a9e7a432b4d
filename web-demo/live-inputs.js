// What a person types, turned into the data the allocation stores take.
// Every function throws an Error whose message says what to fix, so the
// page can show it and publish nothing.

/** '' → undefined; otherwise a finite number ≥ 0, or a RangeError naming `field`. */
export function readAmount(text, field, { optional = false } = {}) {
  const trimmed = String(text).trim();
  if (trimmed === '') {
    if (optional) return undefined;
    throw new RangeError(`${field}: enter a number`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${field} must be a number ≥ 0 (got "${trimmed}")`);
  return value;
}

// Keys typed or received (pubs, attribute names) may be "__proto__": always own properties.
function setOwn(object, key, value) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Recognition typed as percentages: rows [{pub, name, text}] → {pub: share}.
 * Empty means 0; zero shares are left out; the total must be 100%.
 */
export function readRecognition(rows) {
  const weights = {};
  let total = 0;
  for (const { pub, name, text } of rows) {
    const percent = readAmount(text === '' ? '0' : text, `recognition of ${name}`);
    if (percent > 100) throw new RangeError(`recognition of ${name} must be at most 100% (got ${percent}%)`);
    total += percent;
    if (percent > 0) setOwn(weights, pub, percent / 100);
  }
  // Typed decimals (33.3 + 33.3 + 33.4) need a little slack.
  if (Math.abs(total - 100) > 1e-9) throw new RangeError(`recognition must add up to 100% (it adds up to ${+total.toFixed(6)}%)`);
  return weights;
}

/** The percentages' total as typed (for showing while typing); NaN when one is not a number. */
export function percentTotal(texts) {
  return texts.reduce((sum, text) => sum + (text.trim() === '' ? 0 : Number(text)), 0);
}

// "true"/"false" and plain numbers keep their type, so a filter and an
// attribute typed the same way always compare equal.
function scalar(text) {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/**
 * "key=value, other=a|b" (commas or new lines between pairs; | makes a
 * list) → {key: value, other: [a, b]}. '' → {}.
 */
export function readPairs(text, field) {
  const pairs = {};
  for (const part of String(text).split(/[,\n]/).map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf('=');
    const key = at > 0 ? part.slice(0, at).trim() : '';
    const value = at > 0 ? part.slice(at + 1).trim() : '';
    if (key === '' || value === '') throw new SyntaxError(`${field}: "${part}" is not key=value`);
    if (Object.hasOwn(pairs, key)) throw new SyntaxError(`${field}: "${key}" is given twice`);
    const values = value.split('|').map((v) => v.trim());
    if (values.some((v) => v === '')) throw new SyntaxError(`${field}: "${part}" has an empty value in its list`);
    setOwn(pairs, key, values.length > 1 ? values.map(scalar) : scalar(value));
  }
  return pairs;
}

/**
 * A fresh commitment: the residual need starts at the stated need (the
 * loop moves it each round); capacity, attributes and the filter of my
 * capacity only when given.
 */
export function buildCommitment({ need, capacity, attributes, filter }, capacityId, now = Date.now()) {
  const commitment = { residual_need: need, stated_need: need, timestamp: now };
  if (capacity !== undefined) commitment.capacity = capacity;
  if (Object.keys(attributes).length) commitment.attributes = attributes;
  if (Object.keys(filter).length) commitment.capacity_filters = { [capacityId]: { filter_fn: 'all', required_attributes: filter } };
  return commitment;
}
