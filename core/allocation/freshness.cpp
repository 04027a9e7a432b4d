#include "allocation/freshness.h"

#include "allocation/constants.h"

namespace ms::allocation {

bool isFresh(double timestamp, double now) {
  const double age = now - timestamp;  // NaN for non-finite inputs: every comparison below is false
  return age < kStaleThresholdMs && age >= -kClockSkewToleranceMs;
}

}  // namespace ms::allocation
