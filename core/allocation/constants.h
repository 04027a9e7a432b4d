#pragma once
// Constants of the mutual-priority allocation algorithm (spec: allocation.md).

namespace ms::allocation {

// A tier's denominator never divides below this.
inline constexpr double kDenominatorFloor = 0.0001;
// A provider has converged when every denominator moved by less than this.
inline constexpr double kConvergenceEpsilon = 0.001;
// A participant whose commitment is older than this is not active.
inline constexpr double kStaleThresholdMs = 60000;
// A document may carry a timestamp this far ahead of my clock and still count.
inline constexpr double kClockSkewToleranceMs = 30000;
// The allocation loop ticks this often; a round state goes out on a tick when it changed.
inline constexpr double kRoundGossipIntervalMs = 5000;
// Advance when at least this fraction of the active others are ahead.
inline constexpr double kRoundAdvancementThreshold = 0.5;
// A commitment keeps the over-allocations of its last this many rounds: the
// damping factor looks at exactly that many (allocation.md, "Damping").
inline constexpr unsigned kDampingHistoryLength = 3;
// Counters and timestamps a double (and so a JS number) holds exactly.
inline constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

}  // namespace ms::allocation
