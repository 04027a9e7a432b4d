#include "allocation/flat_layout.h"

namespace ms::allocation::flat {

void appendTwoTierOutcome(const TwoTierOutcome& outcome, std::vector<double>& out) {
  const size_t start = out.size();
  out.resize(start + kTwoTierHeader + kShareStride * (outcome.mutual.allocations.size() + outcome.nonMutual.allocations.size()));
  double* at = out.data() + start;
  at[kMutualDenominator] = outcome.mutual.denominator;
  at[kNonMutualDenominator] = outcome.nonMutual.denominator;
  at[kMutualCount] = static_cast<double>(outcome.mutual.allocations.size());
  at[kNonMutualCount] = static_cast<double>(outcome.nonMutual.allocations.size());
  at += kTwoTierHeader;
  for (const TierOutcome* tier : {&outcome.mutual, &outcome.nonMutual}) {
    for (const Share& a : tier->allocations) {
      *at++ = a.recipient;
      *at++ = a.value;
    }
  }
}

}  // namespace ms::allocation::flat
