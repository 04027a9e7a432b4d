// Socket-level limits that keep one address from taking a relay's
// connections: TCP connections per IP address (counted from the moment they
// open, WebSocket or not; past the limit an upgrade is answered 429 and a
// request cut), a deadline by which a TCP connection must have become a
// WebSocket or sent an HTTP request, and closing WebSockets that send
// nothing for a while (clients reconnect on their own).
const TOO_MANY = 'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\ntoo many connections from this address\n';

// setTimeout takes at most 2^31 - 1 ms; longer (or Infinity) means never.
const never = (ms) => !(ms < 2 ** 31);

// `onRefused(address)` is told of each connection refused for its address.
export function guardConnections(httpServer, limit, onRefused = () => {}) {
  const perAddress = new Map(); // address → open TCP connections within the limit
  const deadlines = new Map(); // TCP socket → its handshake deadline
  const refused = new WeakSet(); // TCP sockets past their address's limit
  function settled(raw) {
    clearTimeout(deadlines.get(raw));
    deadlines.delete(raw);
  }
  function onConnection(raw) {
    const handshakeMs = never(limit.handshakeMs) ? null : limit.handshakeMs;
    const address = raw.remoteAddress ?? '';
    const open = (perAddress.get(address) ?? 0) + 1;
    if (open > limit.connectionsPerAddress) {
      refused.add(raw);
      onRefused(address);
      // Given a moment to send its request, so that it can be told why.
      deadlines.set(raw, setTimeout(() => raw.destroy(), Math.min(handshakeMs ?? 1000, 1000)));
      raw.once('close', () => settled(raw));
      return;
    }
    perAddress.set(address, open);
    raw.once('close', () => {
      settled(raw);
      const left = perAddress.get(address) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    if (handshakeMs !== null) deadlines.set(raw, setTimeout(() => raw.destroy(), handshakeMs));
  }
  function onRequest(request) {
    if (refused.has(request.socket)) request.socket.destroy();
    else settled(request.socket);
  }
  httpServer.on('connection', onConnection);
  httpServer.on('request', onRequest);
  return {
    /** Whether an upgrade on `raw` may become a WebSocket; if not, it has been answered 429. */
    admit(raw) {
      if (refused.has(raw)) {
        raw.end(TOO_MANY);
        return false;
      }
      settled(raw);
      return true;
    },
    /** Closes `socket` (a WebSocket) after `limit.idleMs` without a frame from it; refresh() on each frame. */
    idleTimer(socket) {
      if (never(limit.idleMs)) return { refresh() {}, stop() {} };
      const timer = setTimeout(() => socket.close(1001, 'idle'), limit.idleMs);
      return { refresh: () => timer.refresh(), stop: () => clearTimeout(timer) };
    },
    stop() {
      httpServer.off('connection', onConnection);
      httpServer.off('request', onRequest);
      for (const timer of deadlines.values()) clearTimeout(timer);
      deadlines.clear();
    },
  };
}
