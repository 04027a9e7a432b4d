#include "allocation/simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "allocation/damping.h"
#include "allocation/mutual_recognition.h"
#include "allocation/residual_need.h"
#include "allocation/two_tier.h"
#include "common/input_error.h"
#include "common/json_fields.h"

namespace ms::allocation {

namespace {

// Tier shares of one provider. They depend only on weights, which do not
// change during a simulation, so they are computed once.
struct ProviderShares {
  uint32_t provider;
  std::vector<Share> mutual;
  std::vector<Share> nonMutual;
};

double weightGiven(const Network& net, uint32_t from, uint32_t to) {
  for (uint32_t e = net.weight_start[from]; e < net.weight_start[from + 1]; ++e) {
    if (net.weight_to[e] == to) return net.weight[e];
  }
  return 0;
}

ProviderShares sharesOf(const Network& net, uint32_t p) {
  // MR in the provider's own weight order. Those who recognise the provider
  // without being recognised back have MR 0 and take no part in either tier.
  std::vector<Share> mutual;
  std::vector<Share> nonMutual;
  for (uint32_t e = net.weight_start[p]; e < net.weight_start[p + 1]; ++e) {
    const uint32_t r = net.weight_to[e];
    const double w = net.weight[e];
    if (!(w > 0)) continue;
    const double mr = mutualRecognitionOf(w, r == p ? 0 : weightGiven(net, r, p), r == p);
    if (mr > 0) {
      mutual.push_back({r, mr});
    } else {
      nonMutual.push_back({r, w});
    }
  }
  return {p, shareFractions(mutual), shareFractions(nonMutual)};
}

void pushHistory(ParticipantCommitment& c, double over) {
  if (c.history_size < c.history.size()) {
    c.history[c.history_size++] = over;
  } else {
    std::shift_left(c.history.begin(), c.history.end(), 1);
    c.history.back() = over;
  }
}

}  // namespace

void validateSimulationOptions(const SimulationOptions& options) {
  readCount(Json(options.max_rounds), "maxRounds");
  readNonNegative(Json(options.epsilon), "epsilon");
  const double relaxation = readFiniteNumber(Json(options.relaxation), "relaxation");
  if (!(relaxation > 0 && relaxation <= 1)) throwRangeError("relaxation", "must be in (0, 1]");
}

SimulationResult simulate(const Network& net, const SimulationOptions& options) {
  validateNetwork(net);
  validateSimulationOptions(options);
  const uint32_t n = net.size();

  std::vector<ProviderShares> providers;
  for (uint32_t p = 0; p < n; ++p) {
    if (net.capacity[p] > 0) providers.push_back(sharesOf(net, p));
  }

  SimulationResult result;
  result.commitments.resize(n);
  std::vector<RecipientState> recipients(n);
  for (uint32_t i = 0; i < n; ++i) {
    result.commitments[i].residual_need = net.stated_need[i];
    recipients[i] = {net.stated_need[i], 1.0, true, true};
  }
  result.received.assign(n, 0.0);
  result.received_any.assign(n, 0);

  double maxDelta = std::numeric_limits<double>::infinity();
  uint32_t rounds = 0;
  TierOutcome mutual;
  TierOutcome nonMutual;
  while (rounds < options.max_rounds && maxDelta >= options.epsilon) {
    ++rounds;
    std::fill(result.received.begin(), result.received.end(), 0.0);
    std::fill(result.received_any.begin(), result.received_any.end(), 0);
    for (const ProviderShares& p : providers) {
      const double capacity = net.capacity[p.provider];
      allocateTier(capacity, p.mutual, recipients, false, mutual);
      allocateTier(capacity - mutual.used, p.nonMutual, recipients, true, nonMutual);
      for (const TierOutcome* tier : {&mutual, &nonMutual}) {
        for (const Share& a : tier->allocations) {
          result.received[a.recipient] += a.value;
          result.received_any[a.recipient] = 1;
        }
      }
    }
    maxDelta = 0;
    double totalResidual = 0;
    for (uint32_t i = 0; i < n; ++i) {
      ParticipantCommitment& c = result.commitments[i];
      const double got = result.received[i];
      const double residual = nextResidualNeed(c.residual_need, net.stated_need[i], got, options.relaxation);
      maxDelta = std::max(maxDelta, std::abs(residual - c.residual_need));
      pushHistory(c, std::max(0.0, got - net.stated_need[i]));
      c.damping_factor = dampingFactor(std::span<const double>(c.history.data(), c.history_size));
      c.residual_need = residual;
      recipients[i].residual_need = residual;
      recipients[i].damping_factor = c.damping_factor;
      totalResidual += residual;
    }
    if (options.trace) {
      result.trace_total_residual.push_back(totalResidual);
      result.trace_max_delta.push_back(maxDelta);
    }
  }
  result.rounds = rounds;
  result.max_delta = maxDelta;
  return result;
}

}  // namespace ms::allocation
