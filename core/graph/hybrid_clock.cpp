#include "graph/hybrid_clock.h"

#include <cmath>

#include "common/input_error.h"

namespace ms::graph {

constexpr double kTick = 1.0 / 1024;

double HybridClock::next(double now) {
  if (!std::isfinite(now)) throwRangeError("now", "must be a finite number");
  last_ = now > last_ ? now : last_ + kTick;
  return last_;
}

void HybridClock::observe(double state) {
  if (std::isfinite(state) && state > last_) last_ = state;
}

}  // namespace ms::graph
