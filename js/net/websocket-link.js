// One WebSocket to a relay that keeps coming back: after every close it
// dials again, with capped exponential backoff, for as long as the link
// lives. The platform's WebSocket is used where there is one, else `ws`
// (handed in by the Node entry).
import { retryDelay, DEFAULT_BACKOFF } from './backoff.js';
import { nodeOnly } from '../node-only.js';

async function webSocketClass() {
  if (globalThis.WebSocket) return globalThis.WebSocket;
  if (!nodeOnly.loadWebSocket) throw new Error('mutual-store: no WebSocket here; in Node, import the package by name (its Node entry brings `ws`)');
  return nodeOnly.loadWebSocket();
}

/**
 * Opens a link to `url`. `events.open()` after each (re)connection,
 * `events.message(text)` for each text frame, `events.close()` when an open
 * connection ends, `events.failed?.()` when a dial did not open. Returns {send(text) → whether it went out, close(), open,
 * firstAttempt}: firstAttempt resolves to true once the first dial opened,
 * false once it failed. `retryCeilingMs` is the binding of the caller's
 * module (the peer's core or the relay's).
 */
export function openWebSocketLink(url, events, retryCeilingMs, backoff = DEFAULT_BACKOFF) {
  let settleFirstAttempt;
  const firstAttempt = new Promise((resolve) => (settleFirstAttempt = resolve));
  let socket = null;
  let isOpen = false;
  let closed = false;
  let attempt = 0;
  let timer = null;

  function retry() {
    settleFirstAttempt(false);
    if (closed) return;
    timer = setTimeout(dial, retryDelay(attempt++, retryCeilingMs, backoff));
  }

  async function dial() {
    timer = null;
    let current;
    try {
      const WebSocketClass = await webSocketClass();
      if (closed) return;
      current = new WebSocketClass(url);
    } catch (error) {
      events.error?.(error);
      retry();
      return;
    }
    socket = current;
    current.onopen = () => {
      attempt = 0;
      isOpen = true;
      settleFirstAttempt(true);
      events.open();
    };
    current.onmessage = (event) => {
      if (typeof event.data === 'string') events.message(event.data);
    };
    current.onerror = () => {}; // a close follows, and that is where we retry
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      if (isOpen) {
        isOpen = false;
        events.close();
      } else {
        events.failed?.();
      }
      retry();
    };
  }

  dial();
  return {
    firstAttempt,
    get open() {
      return isOpen;
    },
    send(text) {
      if (!isOpen) return false;
      socket.send(text);
      return true;
    },
    close() {
      closed = true;
      settleFirstAttempt(false);
      clearTimeout(timer);
      const current = socket;
      socket = null;
      if (isOpen) {
        isOpen = false;
        events.close();
      }
      current?.close();
    },
  };
}
