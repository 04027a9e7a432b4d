#include "allocation/convergence.h"

#include <cmath>

#include "allocation/constants.h"
#include "allocation/live_inputs.h"

namespace ms::allocation {

namespace {
bool settled(const Json& before, const Json& after) {
  if (before.size() != after.size()) return false;
  for (const auto& [capacityId, value] : after.items()) {
    auto old = before.find(capacityId);
    if (old == before.end()) return false;
    if (!(std::abs(value.get<double>() - old->get<double>()) < kConvergenceEpsilon)) return false;
  }
  return true;
}
}  // namespace

bool denominatorsConverged(const Json& previous, const Json& current) {
  requireBuiltinSchema("TwoTierAllocationState", previous, "previous");
  requireBuiltinSchema("TwoTierAllocationState", current, "current");
  return settled(previous.at("mutualDenominator"), current.at("mutualDenominator")) &&
         settled(previous.at("nonMutualDenominator"), current.at("nonMutualDenominator"));
}

}  // namespace ms::allocation
