#pragma once
// The one backoff of the project: the wait before a retry doubles from
// `baseMs` with every failure in a row, up to `capMs`. DocumentSync's
// persistence retries use it here; the JS side's reconnections (relay
// links, WebRTC calls) ask it through the `retryCeilingMs` binding and add
// the platform's jitter on top.
namespace ms {

// `attempt` counts failures in a row from 0 (the first retry waits
// baseMs); the exponent stops at 30, so no attempt count overflows.
double retryCeilingMs(double attempt, double baseMs, double capMs);

}  // namespace ms
