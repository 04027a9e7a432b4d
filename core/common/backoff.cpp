#include "common/backoff.h"

#include <algorithm>
#include <cmath>

namespace ms {

double retryCeilingMs(double attempt, double baseMs, double capMs) {
  return std::min(baseMs * std::pow(2.0, std::min(attempt, 30.0)), capMs);
}

}  // namespace ms
