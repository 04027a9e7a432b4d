#pragma once
// Shared checks for the water-filling tests: random networks with ties,
// zero needs and capacities, filters and self-recognition; and the
// two-tier meaning of an allocation, checked provider by provider.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "allocation/edge_problem.h"
#include "allocation/network.h"
#include "allocation_support.h"

namespace testing {

using ms::Json;
using ms::allocation::EdgeFilters;
using ms::allocation::EdgeProblem;
using ms::allocation::Network;

struct RandomCase {
  Network network;
  EdgeFilters filters;
};

// Weights, needs and capacities drawn from small sets, so that ties are common.
inline RandomCase randomCase(Random& rand) {
  RandomCase c;
  Network& net = c.network;
  const uint32_t n = 2 + static_cast<uint32_t>(rand.uniform() * 24);
  const double weights[] = {0.1, 0.2, 0.25, 0.5, 1};
  const double amounts[] = {0, 1, 2, 5, 10, 10, 20, 50};
  const bool filtered = rand.chance(0.4);
  const char* places[] = {"SF", "NYC", "Berlin"};
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j = 0; j < n; ++j) {
      if (rand.chance(j == i ? 0.2 : 0.35)) {
        net.weight_to.push_back(j);
        net.weight.push_back(rand.chance(0.1) ? 0 : weights[static_cast<size_t>(rand.uniform() * 5)]);
      }
    }
    net.weight_start.push_back(static_cast<uint32_t>(net.weight.size()));
    net.capacity.push_back(rand.chance(0.5) ? amounts[static_cast<size_t>(rand.uniform() * 8)] : 0);
    net.stated_need.push_back(amounts[static_cast<size_t>(rand.uniform() * 8)]);
    if (filtered) {
      c.filters.attributes.push_back(rand.chance(0.8) ? Json{{"location", places[static_cast<size_t>(rand.uniform() * 3)]}}
                                                      : Json(nullptr));
      c.filters.filter.push_back(rand.chance(0.5) ? Json{{"filter_fn", "all"},
                                                         {"required_attributes", {{"location", places[0]}}}}
                                                  : Json(nullptr));
    }
  }
  return c;
}

// The seed's split of one amount, as the spec words it: shares of what is
// left in proportion to the weights, each capped at its limit, the leftover
// shared again among the uncapped.
inline std::vector<double> seedSplit(double amount, const std::vector<double>& weight, const std::vector<double>& limit) {
  std::vector<double> out(weight.size(), 0.0);
  std::vector<char> open(weight.size(), 1);
  double left = amount;
  for (;;) {
    double sum = 0;
    for (size_t i = 0; i < weight.size(); ++i) sum += open[i] ? weight[i] : 0;
    if (!(sum > 0) || !(left > 0)) return out;
    bool capped = false;
    for (size_t i = 0; i < weight.size(); ++i) {
      if (open[i] && left * weight[i] / sum >= limit[i]) {
        out[i] = limit[i];
        open[i] = 0;
        capped = true;
      }
    }
    if (!capped) {
      for (size_t i = 0; i < weight.size(); ++i) {
        if (open[i]) out[i] = left * weight[i] / sum;
      }
      return out;
    }
    left = amount;
    for (size_t i = 0; i < weight.size(); ++i) left -= open[i] ? 0 : out[i];
  }
}

// Each provider's allocation is the seed's split of its capacity (tier 1 over
// MR, capped at the need less what others give), then of what tier 1 left
// (tier 2 over w, capped at the need less everything else received); it gives
// one-way only when every mutual recipient is served, and a recipient takes
// one-way gifts only when its mutual providers are exhausted.
inline void checkTwoTierMeaning(const EdgeProblem& pb, const std::vector<double>& x, double tol) {
  const uint32_t n = pb.n;
  std::vector<double> got1(n, 0), got2(n, 0), gave1(n, 0), gave2(n, 0);
  for (uint32_t e = 0; e < pb.edges(); ++e) {
    (pb.tier[e] == 1 ? got1 : got2)[pb.recipient[e]] += x[e];
    (pb.tier[e] == 1 ? gave1 : gave2)[pb.provider[e]] += x[e];
  }
  for (uint32_t p = 0; p < n; ++p) {
    const uint32_t s = pb.provider_start[p], split = pb.provider_split[p], end = pb.provider_start[p + 1];
    std::vector<double> w, lim;
    for (uint32_t e = s; e < split; ++e) {
      w.push_back(pb.weight[e]);
      lim.push_back(std::max(0.0, pb.need[pb.recipient[e]] - (got1[pb.recipient[e]] - x[e])));
    }
    std::vector<double> expected = seedSplit(pb.capacity[p], w, lim);
    for (uint32_t e = s; e < split; ++e) CHECK(x[e] == Approx(expected[e - s]).margin(tol));
    w.clear();
    lim.clear();
    for (uint32_t e = split; e < end; ++e) {
      const uint32_t r = pb.recipient[e];
      w.push_back(pb.weight[e]);
      lim.push_back(std::max(0.0, pb.need[r] - got1[r] - (got2[r] - x[e])));
    }
    expected = seedSplit(std::max(0.0, pb.capacity[p] - gave1[p]), w, lim);
    for (uint32_t e = split; e < end; ++e) CHECK(x[e] == Approx(expected[e - split]).margin(tol));
    if (gave2[p] > tol) {
      for (uint32_t e = s; e < split; ++e) CHECK(got1[pb.recipient[e]] >= pb.need[pb.recipient[e]] - tol);
    }
  }
  for (uint32_t r = 0; r < n; ++r) {
    if (!(got2[r] > tol)) continue;
    for (uint32_t k = pb.recipient_start[r]; k < pb.recipient_split[r]; ++k) {
      const uint32_t q = pb.provider[pb.recipient_edges[k]];
      CHECK(gave1[q] >= pb.capacity[q] - tol);
    }
  }
}

inline double largestDifference(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

}  // namespace testing
