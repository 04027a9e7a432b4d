#pragma once
// Conflict resolution for one field (HAM): which of two writes wins.
//   - a state that is not a finite number is rejected;
//   - a state too far ahead of `now` waits (Defer) or is dropped (Drop);
//   - otherwise the higher state wins, and equal states fall to the value
//     tie-break (compareGraphValues in graph_value.h: the greater value
//     wins), so the outcome never depends on the order writes arrive in.
#include "common/json.h"

namespace ms::graph {

enum class Decision {
  Apply,        // the incoming write wins
  IgnoreOlder,  // the current write is newer, or wins the tie
  IgnoreSame,   // the very same write: nothing changes, no listener fires
  Defer,        // from the future: keep it and apply it when its time comes
  Drop,         // too far in the future to be honest
  Reject,       // the state (or `now`) is NaN or infinite: not a write at all
};

struct HamLimits {
  // Clocks of peers differ a little, and a hybrid clock runs ahead of the
  // wall clock by a fraction of a millisecond per write in one millisecond:
  // states up to this far ahead apply at once.
  double toleranceMs = 100;
  // States later than now + this are dropped, earlier future ones deferred.
  // Bounded (as in Holster) so a wrong or hostile clock cannot park writes
  // that would win every future conflict; 24 h covers any honest skew.
  double deferWindowMs = 24.0 * 60 * 60 * 1000;
};

struct FieldWrite {
  Json value;
  double state;
};

// `current` null when the field has no value yet. Values are graph values
// (validated by the caller); states are checked here as well, so a NaN can
// never slip past the comparisons below (every comparison with NaN is false).
Decision decide(const FieldWrite& incoming, const FieldWrite* current, double now, const HamLimits& limits = {});

}  // namespace ms::graph
