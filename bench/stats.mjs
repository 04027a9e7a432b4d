// Timing helpers. Every figure is the median of several repetitions, and
// ratios are taken between runs made in the same process, one after the
// other, so machine noise hits both sides alike.
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median milliseconds of `fn()` over `repeat` runs after `warmup` runs. */
export function timeMedian(fn, { warmup = 1, repeat = 5 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Median microseconds per call of `fn()`, timed in batches of `batch` calls. */
export function timePerCall(fn, { batch = 200, batches = 15, warmupBatches = 3 } = {}) {
  const run = () => {
    for (let i = 0; i < batch; i++) fn();
  };
  return (timeMedian(run, { warmup: warmupBatches, repeat: batches }) * 1000) / batch;
}

/** As timePerCall for async functions (awaited one after another). */
export async function timePerCallAsync(fn, { batch = 200, batches = 9, warmupBatches = 2 } = {}) {
  const samples = [];
  for (let b = 0; b < warmupBatches + batches; b++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    if (b >= warmupBatches) samples.push(((performance.now() - start) * 1000) / batch);
  }
  return median(samples);
}

/** The first place where two results differ by more than `tolerance` (relative), or null. */
export function firstDifference(actual, expected, tolerance = 1e-9, path = 'result') {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `${path}: ${actual} is not a number`;
    if (Number.isNaN(expected) && Number.isNaN(actual)) return null;
    const scale = Math.max(Math.abs(expected), Math.abs(actual));
    return actual === expected || Math.abs(actual - expected) <= tolerance * scale ? null : `${path}: ${actual} ≠ ${expected}`;
  }
  if (expected === null || typeof expected !== 'object') return actual === expected ? null : `${path}: ${actual} ≠ ${expected}`;
  if (actual === null || typeof actual !== 'object') return `${path}: missing`;
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    if (!(key in actual)) return `${path}.${key}: missing`;
    if (!(key in expected)) return `${path}.${key}: unexpected`;
    const difference = firstDifference(actual[key], expected[key], tolerance, `${path}.${key}`);
    if (difference) return difference;
  }
  return null;
}

export const format = {
  ms: (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`,
  us: (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} µs`,
  ratio: (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)}x`,
};
