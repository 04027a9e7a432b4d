// A raw WebSocket client for relay tests: collects what it receives and
// waits for a message. `localAddress` (127.0.0.x) makes it come from
// another loopback address, as another machine would; `maxPayload` is the
// largest frame it takes (clients take 1 MiB).
import WebSocket from 'ws';

export async function rawClient(url, { localAddress, maxPayload } = {}) {
  const socket = new WebSocket(url, { localAddress, maxPayload });
  const received = [];
  const waiters = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    received.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.accept(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  return {
    socket,
    received,
    closed,
    send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next(accept) {
      const found = received.find(accept);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ accept, resolve }));
    },
    close: () => socket.close(),
  };
}

// A put frame of one node whose fields all have one state.
export function putFrame(id, soul, fields, state = Date.now() - 1000) {
  const states = {};
  for (const key of Object.keys(fields)) states[key] = state;
  return JSON.stringify({ '#': id, put: { [soul]: { _: { '#': soul, '>': states }, ...fields } } });
}
