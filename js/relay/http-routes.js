// The relay's HTTP endpoints for operators, on the relay's own port:
//   GET /healthz  200 while the process runs
//   GET /readyz   200 when storage (or the Redis cluster) takes writes,
//                 else 503 with {"ready": false, "reason": …}
//   GET /metrics  the Prometheus text format (metrics.js)
// Other requests go on to whoever served the port before (the web demo, or
// the relay's plain 404).
import { askCluster, withTimeout, HEALTH_TIMEOUT_MS } from './metrics.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Whether the relay takes writes now: `storage.health()` (when the adapter
 * has one) and `clusterHealth()` (when clustered) are asked; the first that
 * says no gives the reason.
 */
export function readinessOf(storage, clusterHealth) {
  return async () => {
    if (typeof storage.health === 'function') {
      const health = await withTimeout(() => storage.health(), HEALTH_TIMEOUT_MS, () => ({ ready: false, reason: `storage did not answer within ${HEALTH_TIMEOUT_MS} ms` }))
        .catch((error) => ({ ready: false, reason: error.message }));
      if (!health.ready) return { ready: false, reason: health.reason ?? 'storage is not ready' };
    }
    if (clusterHealth) {
      const cluster = await askCluster(clusterHealth);
      if (!cluster.reachable) return { ready: false, reason: `redis unreachable${cluster.reason ? `: ${cluster.reason}` : ''}` };
    }
    return { ready: true };
  };
}

function sendJson(response, status, body, head) {
  response.writeHead(status, { 'content-type': JSON_TYPE, 'cache-control': 'no-store' });
  response.end(head ? undefined : `${JSON.stringify(body)}\n`);
}

/**
 * Serves the routes above on `httpServer`, in front of its other request
 * listeners. `ready()` → {ready, reason}; `metrics.scrape()` → {contentType, text}.
 * Returns detach(), which gives the port back as it was.
 */
export function serveOperatorRoutes(httpServer, { ready, metrics, closing }) {
  const routes = {
    '/healthz': async (response, head) => sendJson(response, 200, { alive: true }, head),
    '/readyz': async (response, head) => {
      const state = closing() ? { ready: false, reason: 'the relay is shutting down' } : await ready();
      sendJson(response, state.ready ? 200 : 503, state, head);
    },
    '/metrics': async (response, head) => {
      const { contentType, text } = await metrics.scrape();
      response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      response.end(head ? undefined : text);
    },
  };
  const routeOf = (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    let path;
    try {
      path = new URL(request.url, 'http://relay').pathname;
    } catch {
      return null;
    }
    return Object.hasOwn(routes, path) ? routes[path] : null;
  };
  const others = httpServer.listeners('request');
  const onRequest = (request, response) => {
    const route = routeOf(request);
    if (!route) {
      for (const listener of others) listener.call(httpServer, request, response);
      return;
    }
    route(response, request.method === 'HEAD').catch((error) => {
      if (!response.headersSent) sendJson(response, 500, { error: error.message }, false);
      else response.destroy();
    });
  };
  for (const listener of others) httpServer.off('request', listener);
  httpServer.on('request', onRequest);
  return function detach() {
    httpServer.off('request', onRequest);
    for (const listener of others) httpServer.on('request', listener);
  };
}
