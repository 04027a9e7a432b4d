#pragma once
// Whole-network allocation rounds: the benchmark workload of allocation.md.
#include <array>
#include <cstdint>
#include <vector>

#include "allocation/constants.h"
#include "allocation/network.h"

namespace ms::allocation {

struct SimulationOptions {
  double max_rounds = 50;
  double epsilon = 0.001;
  double relaxation = 1.0;
  // Record total residual need and maxDelta after every round.
  bool trace = false;
};

// Throws InputError: maxRounds a whole number, epsilon >= 0, relaxation in (0, 1].
void validateSimulationOptions(const SimulationOptions& options);

struct ParticipantCommitment {
  double residual_need = 0;
  double damping_factor = 1.0;
  std::array<double, kDampingHistoryLength> history{};
  uint8_t history_size = 0;
};

struct SimulationResult {
  uint32_t rounds = 0;
  double max_delta = 0;
  std::vector<ParticipantCommitment> commitments;
  // What each participant received in the last round; `received_any` tells
  // apart "allocated 0" from "allocated nothing".
  std::vector<double> received;
  std::vector<uint8_t> received_any;
  std::vector<double> trace_total_residual;
  std::vector<double> trace_max_delta;
};

// Rounds until every residual need moves by less than epsilon, or max_rounds.
// A round: every provider allocates its capacity over its own weights and its
// neighbours' weights of it; every recipient sums what it got, moves residual
// need towards max(0, stated - received) by `relaxation`, and updates damping.
SimulationResult simulate(const Network& network, const SimulationOptions& options);

}  // namespace ms::allocation
