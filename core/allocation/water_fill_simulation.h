#pragma once
// The water-filling rule run over a whole network, one document per
// participant per round (spec: convergence.md). Every provider and recipient
// acts only on the documents it has received; what moves on an edge is
// min(the provider's latest offer, the recipient's latest acceptance).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "allocation/edge_problem.h"

namespace ms::allocation {

enum class Schedule {
  Phased,  // providers, then recipients, in each round
  Merged,  // everyone at once from the previous round's documents
};

// Seeded faults of the delivery of one document to one reader, for tests:
// dropped (never arrives), late (arrives one delivery later), duplicated
// (arrives now and again two deliveries later). A reader keeps the newest
// document it has from each publisher.
struct DocumentFaults {
  double drop = 0;
  double late = 0;
  double duplicate = 0;
  uint32_t seed = 1;
};

// What a round left, for observers (tests): per edge.
struct RoundView {
  uint32_t round;
  std::span<const double> offer;     // providers' latest published offers
  std::span<const double> accepted;  // recipients' latest published acceptances
  std::span<const double> transfer;  // min of the two
};

struct WaterFillOptions {
  double max_rounds = 50;
  double epsilon = 0.001;
  Schedule schedule = Schedule::Phased;
  bool trace = false;
  DocumentFaults faults{};
  std::function<void(const RoundView&)> on_round{};
};

// Throws InputError: maxRounds a whole number, epsilon >= 0, fault rates in [0, 1].
void validateWaterFillOptions(const WaterFillOptions& options);

struct WaterFillRound {
  double max_delta;
  double total;             // everything transferred this round
  double over_allocation;   // max over recipients of received - stated need (>= 0)
  double over_capacity;     // max over providers of max(given, offered) - capacity (>= 0)
};

struct WaterFillResult {
  uint32_t rounds = 0;
  std::optional<uint32_t> converged_at;
  double max_delta = 0;
  double max_over_allocation = 0;
  double max_over_capacity = 0;
  std::vector<double> transfer;  // per edge, after the last round
  std::vector<WaterFillRound> trace;
};

// Rounds until maxDelta (the largest change of any transfer since the
// previous round; under 'merged', over the last two rounds, as offers and
// acceptances there alternate) is below epsilon, or max_rounds. Round 0
// documents: mu = +infinity, budget2 = stated need, no offers.
WaterFillResult simulateWaterFill(const EdgeProblem& problem, const WaterFillOptions& options);

}  // namespace ms::allocation
