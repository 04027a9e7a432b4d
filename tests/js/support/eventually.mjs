// The one way tests wait for a condition that has no event of its own:
// `await eventually('what we wait for', () => condition)`. Looks again every
// 10 ms and resolves to the first truthy value `check()` returns; an error it
// throws counts as "not yet". The bound only turns a hang into a failure
// naming `what` (with the last error); it is never a measurement.
export async function eventually(what, check, { within = 30_000 } = {}) {
  const giveUpAt = Date.now() + within;
  let lastError;
  for (;;) {
    try {
      const found = check();
      if (found) return found;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > giveUpAt) {
      throw new Error(`gave up waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
