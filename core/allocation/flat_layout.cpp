#include "allocation/flat_layout.h"

namespace ms::allocation::flat {

void appendTwoTierOutcome(const TwoTierOutcome& outcome, std::vector<double>& out) {
  out.reserve(out.size() + kTwoTierHeader + kShareStride * (outcome.mutual.allocations.size() + outcome.nonMutual.allocations.size()));
  out.push_back(outcome.mutual.denominator);
  out.push_back(outcome.nonMutual.denominator);
  out.push_back(static_cast<double>(outcome.mutual.allocations.size()));
  out.push_back(static_cast<double>(outcome.nonMutual.allocations.size()));
  for (const TierOutcome* tier : {&outcome.mutual, &outcome.nonMutual}) {
    for (const Share& a : tier->allocations) {
      out.push_back(a.recipient);
      out.push_back(a.value);
    }
  }
}

}  // namespace ms::allocation::flat
