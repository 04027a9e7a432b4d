// What every storage adapter accepts: a batch of [key, value] pairs where
// keys are non-empty strings and values are strings (null deletes).
export function validateBatch(batch) {
  if (!Array.isArray(batch)) throw new TypeError('storage write: the batch must be an array of [key, value] pairs');
  batch.forEach((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 2) throw new TypeError(`storage write: entry ${i} must be a [key, value] pair`);
    const [key, value] = entry;
    if (typeof key !== 'string' || key === '') throw new TypeError(`storage write: entry ${i} needs a non-empty string key`);
    if (value !== null && typeof value !== 'string') throw new TypeError(`storage write: entry ${i} ("${key}") needs a string value or null`);
  });
  return batch;
}

export function applyBatch(map, batch) {
  for (const [key, value] of batch) {
    if (value === null) map.delete(key);
    else map.set(key, value);
  }
}
