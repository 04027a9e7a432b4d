// The relay's counters for Prometheus (GET /metrics). Each relay has its own
// registry, so that several relays in one process keep their numbers apart.
// The relay calls the recording methods as frames come and go: they only
// add to plain numbers (a broadcast to many clients counts once per
// recipient, on the hot path), handed to prom-client when scraped. The sizes
// of the core's tables, the connection count and the cluster's health are
// read at the scrape too.
import { Registry, Counter, Gauge, Histogram } from 'prom-client';

const PREFIX = 'mutual_store_relay_';
// Seconds from a put's arrival to its acknowledgement (fsync included).
const ACK_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// How long a scrape waits for the cluster to say how it is.
export const HEALTH_TIMEOUT_MS = 2000;

/** Resolves to what `source()` answers, or to `timedOut()` if it takes longer than `ms`. */
export function withTimeout(source, ms, timedOut) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(timedOut()), ms);
  });
  return Promise.race([Promise.resolve().then(source), late]).finally(() => clearTimeout(timer));
}

/** What the cluster says of itself, never throwing: unreachable with a reason when it cannot say. */
export function askCluster(clusterHealth) {
  return withTimeout(clusterHealth, HEALTH_TIMEOUT_MS, () => ({ reachable: false, reason: `no answer within ${HEALTH_TIMEOUT_MS} ms` }))
    .catch((error) => ({ reachable: false, reason: error.message }));
}

/**
 * `connectionCount()`: open WebSocket connections. `tableSizes()`: the core's
 * table sizes ({seenIds, interestSouls, interestConnections, interestBytes,
 * deferredWrites}). `clusterHealth()` (optional, when clustered): see
 * relay.d.ts ClusterHealth.
 */
export function createRelayMetrics({ connectionCount, tableSizes, clusterHealth }) {
  const registry = new Registry();
  const gauge = (name, help, collect) => new Gauge({ name: PREFIX + name, help, registers: [registry], collect });
  // A counter kept as plain numbers (one per label value, or one under ''),
  // given to prom-client at each scrape. Returns add(n, labelValue).
  const counter = (name, help, labelName) => {
    const totals = new Map();
    new Counter({
      name: PREFIX + name,
      help,
      labelNames: labelName ? [labelName] : [],
      registers: [registry],
      collect() {
        this.reset();
        for (const [value, total] of totals) {
          if (labelName) this.inc({ [labelName]: value }, total);
          else this.inc(total);
        }
      },
    });
    if (!labelName) totals.set('', 0); // an unlabelled counter shows 0 from the start
    return (n, value = '') => totals.set(value, (totals.get(value) ?? 0) + n);
  };

  gauge('connections', 'Open WebSocket connections (clients and peer relays).', function () {
    this.set(connectionCount());
  });
  const connectionsOpened = counter('connections_opened_total', 'WebSocket connections accepted.');
  const connectionsRefused = counter('connections_refused_total', 'Connections refused, by reason.', 'reason');
  const framesIn = counter('frames_in_total', 'WebSocket frames received from clients and peer relays.');
  const messagesIn = counter('messages_in_total', 'Messages received (a frame holds one or a batch), by kind.', 'kind');
  const framesOut = counter('frames_out_total', 'Frames sent, one per recipient, by kind.', 'kind');
  const bytesIn = counter('bytes_in_total', 'Bytes of frames received.');
  const bytesOut = counter('bytes_out_total', 'Bytes of frames sent.');
  const duplicates = counter('duplicates_total', 'Messages ignored as repeats of one already taken from the same connection.');
  const errors = counter('errors_total', 'Messages and frames refused, and writes not stored, by reason.', 'reason');
  const putsAccepted = counter('puts_accepted_total', 'Puts stored and acknowledged.');
  const putsRefused = counter('puts_refused_total', 'Puts refused (or not stored), by reason.', 'reason');
  const ackLatency = new Histogram({
    name: `${PREFIX}ack_latency_seconds`,
    help: 'From a put frame arriving to its acknowledgement being sent (storage included).',
    buckets: ACK_BUCKETS,
    registers: [registry],
  });

  // The core's tables, read once per scrape for all the gauges below.
  let sizes = null;
  const tableGauge = (name, help, key) => gauge(name, help, function () {
    sizes ??= tableSizes();
    this.set(sizes[key]);
  });
  tableGauge('dedup_ids', 'Message ids remembered for de-duplication.', 'seenIds');
  tableGauge('interest_souls', 'Souls some connection follows.', 'interestSouls');
  tableGauge('interest_connections', 'Connections following some souls.', 'interestConnections');
  tableGauge('interest_bytes', 'Bytes the interest table is charged.', 'interestBytes');
  tableGauge('deferred_writes', 'Writes from the near future waiting for their time.', 'deferredWrites');

  let health = null; // one question to the cluster per scrape, shared by its gauges
  if (clusterHealth) {
    const clusterGauge = (name, help, value) => gauge(name, help, async function () {
      health ??= askCluster(clusterHealth);
      const number = value(await health);
      if (typeof number === 'number' && Number.isFinite(number)) this.set(number);
      else this.remove(); // unknown: no sample rather than a stale one or a 0
    });
    clusterGauge('redis_up', 'Whether Redis answered (1) or not (0).', (h) => (h.reachable ? 1 : 0));
    clusterGauge('redis_round_trip_seconds', 'Round trip of the last Redis ping.', (h) => (h.reachable ? h.roundTripMs / 1000 : undefined));
    clusterGauge('redis_stream_lag_seconds', 'How old the newest Redis stream entry was when this relay read it.', (h) => (h.reachable ? h.streamLagMs / 1000 : undefined));
  }

  return {
    connectionOpened: () => connectionsOpened(1),
    connectionRefused: (reason) => connectionsRefused(1, reason),
    frameIn(bytes) {
      framesIn(1);
      bytesIn(bytes);
    },
    frameOut(kind, bytes) {
      framesOut(1, kind);
      bytesOut(bytes);
    },
    /** What the core made of a frame's messages: [[kind, refusal or null]]. */
    handled(list) {
      for (const [kind, refusal] of list) {
        messagesIn(1, kind);
        if (!refusal) continue;
        if (refusal === 'duplicate') {
          duplicates(1);
          continue;
        }
        errors(1, refusal);
        if (kind === 'put') putsRefused(1, refusal);
      }
    },
    /** A frame refused before the core saw it (rate limit, binary). */
    refused: (reason) => errors(1, reason),
    stored(acks, seconds) {
      putsAccepted(acks);
      for (let i = 0; i < acks; i++) ackLatency.observe(seconds);
    },
    notStored(acks) {
      errors(acks, 'not_stored');
      putsRefused(acks, 'not_stored');
    },
    /** The text format, read fresh. */
    async scrape() {
      try {
        return { contentType: registry.contentType, text: await registry.metrics() };
      } finally {
        sizes = null;
        health = null;
      }
    },
  };
}
