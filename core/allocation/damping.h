#pragma once
// Damping of oscillating recipients (spec: allocation.md, "Damping").
#include <span>
#include <vector>

namespace ms::allocation {

// Fewer than 3 entries: 1.0. Last three a, b, c zig-zag (a < b > c or
// a > b < c): 0.5. Non-increasing (a >= b >= c): 1.0. Otherwise 0.8.
double dampingFactor(std::span<const double> history);

struct DampingUpdate {
  std::vector<double> over_allocation_history;  // the last kDampingHistoryLength entries
  double damping_factor;
};

// over = max(0, totalReceived - statedNeed) appended to the history (the last
// kDampingHistoryLength kept), and the factor of the new history.
DampingUpdate updateDamping(double statedNeed, std::span<const double> history, double totalReceived);

}  // namespace ms::allocation
