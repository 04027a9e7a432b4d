// Deep comparison for engine results: same shape and keys, numbers equal to
// a relative tolerance (the spec asks for agreement to 1e-9).
import assert from 'node:assert/strict';

export function assertClose(actual, expected, tolerance = 1e-9, path = 'result') {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${typeof actual}`);
    if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${path}: expected NaN, got ${actual}`);
    const scale = Math.max(Math.abs(expected), Math.abs(actual));
    const ok = actual === expected || Math.abs(actual - expected) <= tolerance * scale;
    return assert.ok(ok, `${path}: ${actual} differs from ${expected}`);
  }
  if (expected === null || typeof expected !== 'object') return assert.equal(actual, expected, path);
  assert.equal(Array.isArray(actual), Array.isArray(expected), `${path}: array vs object`);
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys differ`);
  for (const key of Object.keys(expected)) assertClose(actual[key], expected[key], tolerance, `${path}.${key}`);
}
