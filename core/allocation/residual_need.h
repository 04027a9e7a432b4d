#pragma once
// The seed rule's residual-need update (allocation.md, "Network
// simulation"): residual need moves towards max(0, stated − received) by
// `relaxation` (1: all the way). The whole-network simulation and the live
// round both take this one step.
#include <algorithm>

namespace ms::allocation {

inline double nextResidualNeed(double residual, double stated, double received, double relaxation) {
  const double target = std::max(0.0, stated - received);
  return residual + relaxation * (target - residual);
}

}  // namespace ms::allocation
