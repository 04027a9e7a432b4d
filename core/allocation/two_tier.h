#pragma once
// Two-tier allocation of one capacity of one provider (spec: allocation.md).
//
// Recipients are dense indices so that a whole network can be held in flat
// arrays; the order of shares is the order the caller's objects listed them,
// and sums run in that order so results match a JS implementation bit for bit.
#include <cstdint>
#include <span>
#include <vector>

namespace ms::allocation {

struct Share {
  uint32_t recipient;
  double value;
};

// What a tier needs to know of one recipient.
struct RecipientState {
  double residual_need = 0;
  double damping_factor = 1.0;
  bool has_commitment = false;
  bool passes_filter = true;
  bool eligible() const { return has_commitment && passes_filter; }
};

struct TierOutcome {
  double denominator = 0;
  double used = 0;
  std::vector<Share> allocations;  // in share order
};

struct TwoTierOutcome {
  TierOutcome mutual;
  TierOutcome nonMutual;
};

// Each share divided by the sum of all shares (empty when the sum is not > 0).
std::vector<Share> shareFractions(std::span<const Share> shares);

// One tier: numerators fraction × residual × damping over eligible recipients
// with positive residual need, allocations capped by residual need. A
// leftover tier does nothing without capacity; the mutual tier still reports
// its denominator at zero capacity.
void allocateTier(double capacity, std::span<const Share> fractions, std::span<const RecipientState> recipients,
                  bool leftover, TierOutcome& out);

// Checks the inputs of allocateTwoTier and throws InputError naming the field
// (recipient fields as "commitments[#<index>].residual_need").
void validateTwoTierInputs(double capacity, std::span<const Share> mrValues, std::span<const Share> weights,
                           std::span<const RecipientState> recipients);

// mrValues and weights in the caller's key order; mutual tier over MR > 0,
// leftover tier over weight > 0 with MR not > 0.
TwoTierOutcome allocateTwoTier(double capacity, std::span<const Share> mrValues, std::span<const Share> weights,
                               std::span<const RecipientState> recipients);

}  // namespace ms::allocation
