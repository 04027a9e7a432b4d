// Storage that lives as long as the process: for tests and throwaway peers.
import { validateBatch, applyBatch } from './batch.js';

export function openMemoryStorage() {
  const entries = new Map();
  return {
    kind: 'memory',
    async load() {
      return new Map(entries);
    },
    async write(batch) {
      applyBatch(entries, validateBatch(batch));
    },
    async close() {},
  };
}
