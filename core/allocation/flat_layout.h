#pragma once
// The layouts of the flat f64/u32 buffers the allocation calls cross the
// wasm boundary in (wasm/flat_buffers.h). They are written here once: the
// bindings write and read by these names, and tools/boundary generates the
// same numbers into js/generated/boundary.js for the JS side.
#include <cstdint>
#include <vector>

#include "allocation/constants.h"
#include "allocation/two_tier.h"

namespace ms::allocation::flat {

// computeTwoTier input f64, after the (recipient, value) pairs of MR values
// and weights: per recipient these fields.
enum RecipientField : unsigned { kResidualNeed, kDampingFactor, kHasCommitment, kRecipientStride };
inline constexpr unsigned kShareStride = 2;  // (recipient index, value)

// Interned filter input u32: a recipient that lacks an attribute, and an
// attribute value no requirement can match (requirements are scalars).
inline constexpr std::uint32_t kAbsentAttribute = 0xFFFFFFFF;
inline constexpr std::uint32_t kNotAScalar = 0xFFFFFFFE;

// Two-tier output f64 (computeTwoTier, liveNetworkAllocate): this header,
// then (recipient index, amount) pairs, mutual first.
enum TwoTierField : unsigned {
  kMutualDenominator,
  kNonMutualDenominator,
  kMutualCount,
  kNonMutualCount,
  kTwoTierHeader
};

// Seed-rule simulation output f64: this header, then per participant the
// fields below, then (totalResidual, maxDelta) per traced round.
enum SimulationField : unsigned { kRounds, kMaxDelta, kTraceLength, kSimulationHeader };
enum SimulatedParticipantField : unsigned {
  kSimulatedResidualNeed,
  kSimulatedDampingFactor,
  kHistorySize,
  kHistory,  // kDampingHistoryLength entries, the first kHistorySize used
  kReceived = kHistory + kDampingHistoryLength,
  kReceivedAny,
  kSimulatedParticipantStride
};
inline constexpr unsigned kSimulationTraceStride = 2;

// Water-filling simulation output f64: this header, the allocation rows,
// then per traced round (maxDelta, total, overAllocation, overCapacity).
enum WaterFillField : unsigned {
  kWaterFillRounds,
  kConvergedAt,  // -1: not converged
  kWaterFillMaxDelta,
  kMaxOverAllocation,
  kMaxOverCapacity,
  kWaterFillTraceLength,
  kWaterFillHeader
};
inline constexpr unsigned kWaterFillTraceStride = 4;

// Allocation rows (water-filling simulation, central allocation): a count,
// then per row these fields.
enum AllocationRowField : unsigned { kRowProvider, kRowRecipient, kRowTier, kRowAmount, kAllocationRowStride };

// Appends a two-tier outcome in the layout above.
void appendTwoTierOutcome(const TwoTierOutcome& outcome, std::vector<double>& out);

}  // namespace ms::allocation::flat
