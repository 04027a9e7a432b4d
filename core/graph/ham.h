#pragma once
// Conflict resolution for one field (HAM): which of two writes wins.
#include "common/json.h"

namespace ms::graph {

enum class Decision {
  Apply,        // the incoming write wins
  IgnoreOlder,  // the current write is newer, or wins the tie
  IgnoreSame,   // the very same write: nothing changes, no listener fires
  Defer,        // from the future: keep it and apply it when its time comes
  Drop,         // too far in the future to be honest
};

struct HamLimits {
  // Clocks of peers differ a little, and a hybrid clock runs ahead of the
  // wall clock by a fraction of a millisecond per write in one millisecond:
  // states up to this far ahead apply at once.
  double toleranceMs = 100;
  double deferWindowMs = 24.0 * 60 * 60 * 1000;  // states later than now + this are dropped
};

struct FieldWrite {
  Json value;
  double state;
};

// `current` null when the field has no value yet. States must be finite (checked by the caller).
Decision decide(const FieldWrite& incoming, const FieldWrite* current, double now, const HamLimits& limits = {});

}  // namespace ms::graph
