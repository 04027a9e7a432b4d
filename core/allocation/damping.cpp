#include "allocation/damping.h"

#include <algorithm>

#include "allocation/constants.h"

namespace ms::allocation {

double dampingFactor(std::span<const double> history) {
  static_assert(kDampingHistoryLength == 3, "the factor compares three rounds");
  if (history.size() < kDampingHistoryLength) return 1.0;
  const double a = history[history.size() - 3];
  const double b = history[history.size() - 2];
  const double c = history[history.size() - 1];
  if ((a < b && b > c) || (a > b && b < c)) return 0.5;
  if (a >= b && b >= c) return 1.0;
  return 0.8;
}

DampingUpdate updateDamping(double statedNeed, std::span<const double> history, double totalReceived) {
  const double over = std::max(0.0, totalReceived - statedNeed);
  const size_t keep = std::min<size_t>(history.size(), kDampingHistoryLength - 1);
  DampingUpdate update;
  update.over_allocation_history.assign(history.end() - keep, history.end());
  update.over_allocation_history.push_back(over);
  update.damping_factor = dampingFactor(update.over_allocation_history);
  return update;
}

}  // namespace ms::allocation
