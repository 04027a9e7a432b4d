// Sockets written to in one event-loop turn stay corked until its end, so
// that all the frames one socket gets in a turn leave in one system call
// rather than one each. Frames stay as they are: one message per frame.
// A turn can handle many incoming frames (a burst of gets); flushing every
// `flushEvery` of them keeps the first answers from waiting for the last.
export function createSocketCorking(flushEvery = 32) {
  const corked = new Set();
  let handledSinceFlush = 0;
  function uncorkAll() {
    for (const raw of corked) raw.uncork();
    corked.clear();
    handledSinceFlush = 0;
  }
  return {
    /** Corks `raw` (a net.Socket) until the end of this turn. */
    cork(raw) {
      if (corked.has(raw)) return;
      if (!corked.size) setImmediate(uncorkAll);
      raw.cork();
      corked.add(raw);
    },
    /** One incoming frame handled: flush when a turn has handled many. */
    handled() {
      if (++handledSinceFlush >= flushEvery) uncorkAll();
    },
    uncorkAll,
  };
}
