// Operators' endpoints of a relay, read over real HTTP: /metrics parsed by
// a Prometheus text-format parser, /healthz and /readyz as status + JSON.
// `localAddress` (127.0.0.x) keeps these requests apart from the address a
// test's clients use, when per-address limits are being tested.
import http from 'node:http';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export function httpGet(base, path, { localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, base.replace(/^ws/, 'http')), { localAddress, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, type: response.headers['content-type'], body }));
    });
    request.on('error', reject);
  });
}

/** The relay's metrics: families by name, each {type, metrics: [{value | buckets, labels}]}. */
export async function scrapeMetrics(base, options) {
  const { status, type, body } = await httpGet(base, '/metrics', options);
  if (status !== 200) throw new Error(`/metrics answered ${status}: ${body}`);
  if (!type.startsWith('text/plain')) throw new Error(`/metrics content-type is ${type}`);
  return Object.fromEntries(parsePrometheusTextFormat(body).map((family) => [family.name, family]));
}

/** The value of one sample (0 when the family or the labelled sample is absent, as Prometheus reads it). */
export function sample(families, name, labels = {}) {
  const family = families[name];
  const found = family?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));
  return found ? Number(found.value) : 0;
}
