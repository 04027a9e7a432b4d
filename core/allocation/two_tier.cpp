#include "allocation/two_tier.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "allocation/constants.h"
#include "common/input_error.h"
#include "common/number_checks.h"

namespace ms::allocation {

std::vector<Share> shareFractions(std::span<const Share> shares) {
  double total = 0;
  for (const Share& s : shares) total += s.value;
  std::vector<Share> fractions;
  if (!(total > 0)) return fractions;
  fractions.resize(shares.size());
  for (size_t i = 0; i < shares.size(); ++i) fractions[i] = {shares[i].recipient, shares[i].value / total};
  return fractions;
}

void allocateTier(double capacity, std::span<const Share> fractions, std::span<const RecipientState> recipients,
                  bool leftover, TierOutcome& out) {
  out.denominator = 0;
  out.used = 0;
  out.allocations.clear();
  const bool active = !leftover || capacity > 0;
  if (!active) return;
  // Numerators are kept in `allocations` until the denominator is known.
  out.allocations.resize(fractions.size());
  size_t kept = 0;
  for (const Share& f : fractions) {
    const RecipientState& r = recipients[f.recipient];
    if (!r.eligible() || !(r.residual_need > 0)) continue;
    double numerator = f.value * r.residual_need * r.damping_factor;
    out.allocations[kept++] = {f.recipient, numerator};
    out.denominator += numerator;
  }
  out.allocations.resize(kept);
  if (!(out.denominator > 0)) {
    out.allocations.clear();
    return;
  }
  const double safe = std::max(out.denominator, kDenominatorFloor);
  for (Share& a : out.allocations) {
    a.value = std::min(capacity * a.value / safe, recipients[a.recipient].residual_need);
    out.used += a.value;
  }
}

namespace {
void validateShares(std::span<const Share> shares, size_t recipientCount, const char* container) {
  for (const Share& s : shares) {
    if (s.recipient >= recipientCount) throwRangeError(container, "names an unknown recipient");
    requireNonNegative(s.value, [&] { return std::string(container) + "[#" + std::to_string(s.recipient) + "]"; });
  }
}
}  // namespace

void validateTwoTierInputs(double capacity, std::span<const Share> mrValues, std::span<const Share> weights,
                           std::span<const RecipientState> recipients) {
  requireNonNegative(capacity, [] { return "capacity"; });
  validateShares(mrValues, recipients.size(), "mrValues");
  validateShares(weights, recipients.size(), "weights");
  for (uint32_t i = 0; i < recipients.size(); ++i) {
    if (!recipients[i].has_commitment) continue;
    auto field = [i](const char* name) {
      return [i, name] { return "commitments[#" + std::to_string(i) + "]." + name; };
    };
    requireNonNegative(recipients[i].residual_need, field("residual_need"));
    requireBetween(recipients[i].damping_factor, 0, 1, field("damping_factor"));
  }
}

TwoTierOutcome allocateTwoTier(double capacity, std::span<const Share> mrValues, std::span<const Share> weights,
                               std::span<const RecipientState> recipients) {
  validateTwoTierInputs(capacity, mrValues, weights, recipients);
  std::vector<bool> mutual(recipients.size(), false);
  // Sized once and trimmed after (no push_back in these hot loops).
  std::vector<Share> mutualShares(mrValues.size());
  size_t mutualCount = 0;
  for (const Share& s : mrValues) {
    if (s.value > 0) {
      mutualShares[mutualCount++] = s;
      mutual[s.recipient] = true;
    }
  }
  mutualShares.resize(mutualCount);
  std::vector<Share> nonMutualShares(weights.size());
  size_t nonMutualCount = 0;
  for (const Share& s : weights) {
    if (s.value > 0 && !mutual[s.recipient]) nonMutualShares[nonMutualCount++] = s;
  }
  nonMutualShares.resize(nonMutualCount);
  TwoTierOutcome outcome;
  allocateTier(capacity, shareFractions(mutualShares), recipients, false, outcome.mutual);
  allocateTier(capacity - outcome.mutual.used, shareFractions(nonMutualShares), recipients, true, outcome.nonMutual);
  return outcome;
}

}  // namespace ms::allocation
