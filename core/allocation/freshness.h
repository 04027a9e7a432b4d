#pragma once
// Whether a published document still counts: the one staleness predicate of
// the allocation engine (allocation, round coordination, groups and the JS
// getActiveParticipants all ask this).
namespace ms::allocation {

// Younger than kStaleThresholdMs at `now` (a document exactly that old is
// stale), and not further in the future than kClockSkewToleranceMs: a
// timestamp far ahead (a wrong clock, or 1e300) would otherwise stay fresh
// for ever. Non-finite values are never fresh.
bool isFresh(double timestamp, double now);

}  // namespace ms::allocation
