// Waiting on a chain: resolves with the first value `chain.on` reports that
// satisfies `accept` (called at once with what is there, then on updates).
export function until(chain, accept) {
  return new Promise((resolve) => {
    const stop = chain.on((value) => {
      if (accept(value)) {
        stop();
        resolve(value);
      }
    }, { get: true });
  });
}
