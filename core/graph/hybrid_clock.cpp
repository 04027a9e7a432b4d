#include "graph/hybrid_clock.h"

#include <cmath>
#include <limits>

#include "common/input_error.h"

namespace ms::graph {

constexpr double kTick = 1.0 / 1024;

double HybridClock::next(double now) {
  if (!std::isfinite(now)) throwRangeError("now", "must be a finite number");
  if (now > last_) return last_ = now;
  double bumped = last_ + kTick;
  // Past about 2^43 ms a tick is lost in rounding: take the next double.
  if (!(bumped > last_)) bumped = std::nextafter(last_, std::numeric_limits<double>::infinity());
  if (!std::isfinite(bumped)) throwRangeError("clock", "has run out of states");
  return last_ = bumped;
}

void HybridClock::observe(double state) {
  if (std::isfinite(state) && state > last_) last_ = state;
}

void HybridClock::observe(double state, double now, double toleranceMs) {
  if (std::isfinite(now) && std::isfinite(toleranceMs) && state <= now + toleranceMs) observe(state);
}

}  // namespace ms::graph
