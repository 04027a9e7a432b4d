// The water-filling rule over whole networks (convergence.md): the
// invariants hold in every round, whatever the delivery; the distributed rule
// reaches the central allocation; it keeps the two-tier meaning.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "allocation/central_allocation.h"
#include "allocation/edge_problem.h"
#include "allocation/water_fill_simulation.h"
#include "common/input_error.h"
#include "water_fill_support.h"

using namespace ms::allocation;
using ms::Json;
using testing::largestDifference;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Σ offers <= capacity, Σ acceptances <= stated need, transfer = min(offer,
// acceptance), all >= 0: checked on the published documents of every round.
void checkRound(const EdgeProblem& pb, const RoundView& view) {
  std::vector<double> offered(pb.n, 0), accepted(pb.n, 0);
  bool ok = true;
  for (uint32_t e = 0; e < pb.edges(); ++e) {
    ok = ok && view.offer[e] >= 0 && view.accepted[e] >= 0;
    ok = ok && view.transfer[e] <= view.offer[e] && view.transfer[e] <= view.accepted[e];
    offered[pb.provider[e]] += view.offer[e];
    accepted[pb.recipient[e]] += view.accepted[e];
  }
  for (uint32_t i = 0; i < pb.n; ++i) {
    ok = ok && offered[i] <= pb.capacity[i] * (1 + 1e-12) + 1e-12;
    ok = ok && accepted[i] <= pb.need[i] * (1 + 1e-12) + 1e-12;
  }
  if (!ok) FAIL("round " << view.round << " breaks an invariant");
}

WaterFillResult runChecked(const EdgeProblem& pb, WaterFillOptions options) {
  uint32_t seen = 0;
  options.on_round = [&](const RoundView& view) {
    checkRound(pb, view);
    ++seen;
  };
  WaterFillResult result = simulateWaterFill(pb, options);
  CHECK(seen == result.rounds);
  CHECK(result.max_over_allocation <= 1e-9);
  CHECK(result.max_over_capacity <= 1e-9);
  return result;
}

// A path R0 - P1 - R1 - P2 - ... - PL - RL (weights 1) whose levels increase
// along it: R0 fills at 1, P1 then at 2, R1 at 3, ...; RL never fills.
EdgeProblem chain(uint32_t providers) {
  const uint32_t links = 2 * providers + 1;
  std::vector<double> capacity(links, 0), need(links, 0);
  std::vector<Edge> edges;
  for (uint32_t j = 0; j < links; ++j) {
    const double room = j == 0 ? 1 : j == links - 1 ? 1e6 : double(j) + double(j + 1);
    (j % 2 ? capacity : need)[j] = room;
    if (j + 1 < links) edges.push_back(j % 2 ? Edge{j, j + 1, 1, 1} : Edge{j + 1, j, 1, 1});
  }
  return makeEdgeProblem(capacity, need, edges);
}

}  // namespace

TEST_CASE("the edge problem: mutual edges weigh MR, one-way edges w, filters and zero needs remove edges") {
  // 0 gives 1 0.5 (1 gives back 0.2), 2 0.3 (2 gives nothing back), itself 0.2.
  Network net;
  net.weight_to = {1, 2, 0, 3, 0, 1, 0};
  net.weight = {0.5, 0.3, 0.2, 0.1, 0.2, 0.8, 0.9};
  net.weight_start = {0, 4, 5, 6, 7};
  net.capacity = {100, 0, 5, 0};
  net.stated_need = {10, 20, 30, 0};
  EdgeProblem pb = buildEdgeProblem(net);
  // Provider 0: tier 1 to 1 (MR 0.2) and itself (0.2); tier 2 to 2 (0.3);
  // not to 3 (no need). Provider 2 recognises 1, who does not recognise it.
  REQUIRE(pb.edges() == 4);
  CHECK(pb.recipient[0] == 1);
  CHECK(pb.weight[0] == 0.2);
  CHECK(pb.recipient[1] == 0);
  CHECK(pb.weight[1] == 0.2);
  CHECK(pb.provider_split[0] == 2);
  CHECK(pb.recipient[2] == 2);
  CHECK(pb.tier[2] == 2);
  CHECK(pb.weight[2] == 0.3);
  CHECK(pb.provider[3] == 2);
  CHECK(pb.recipient[3] == 1);
  CHECK(pb.tier[3] == 2);

  EdgeFilters filters{{Json{{"required_attributes", {{"location", "SF"}}}}, nullptr, nullptr, nullptr},
                      {nullptr, Json{{"location", "SF"}}, Json{{"location", "NYC"}}, nullptr}};
  EdgeProblem filtered = buildEdgeProblem(net, filters);
  REQUIRE(filtered.edges() == 2);  // 0 -> 1 only (0 itself has no attributes, 2 is in NYC); 2 -> 1
  CHECK(filtered.recipient[0] == 1);
  CHECK(filtered.provider[1] == 2);

  net.capacity[0] = 1e308;
  net.capacity[2] = 1e308;
  CHECK_THROWS_AS(buildEdgeProblem(net), ms::InputError);
}

TEST_CASE("centralAllocation: progressive filling, tier 1 before tier 2") {
  // P0 (capacity 10) and P1 (capacity 4) both serve R2 (need 6) mutually; P0
  // also R3 (need 100) mutually and R4 (need 100) one-way.
  EdgeProblem pb = makeEdgeProblem({10, 4, 0, 0, 0}, {0, 0, 6, 100, 100},
                                   {{0, 2, 1, 1}, {0, 3, 1, 1}, {0, 4, 2, 1}, {1, 2, 1, 1}});
  std::vector<double> x = centralAllocation(pb);
  // Level 3: R2 fills (3 from each); P1 has 1 left, P0 gives R3 the other 7.
  CHECK(x[0] == Approx(3));
  CHECK(x[1] == Approx(7));
  CHECK(x[2] == 0);
  CHECK(x[3] == Approx(3));
  testing::checkTwoTierMeaning(pb, x, 1e-9);
}

TEST_CASE("a chain of depth L settles in exactly L rounds (phased)") {
  for (uint32_t depth = 1; depth <= 8; ++depth) {
    EdgeProblem pb = chain(depth);
    std::vector<double> central = centralAllocation(pb);
    WaterFillResult settled = runChecked(pb, {.max_rounds = double(depth), .epsilon = 0});
    CHECK(largestDifference(settled.transfer, central) < 1e-12);
    if (depth > 1) {
      WaterFillResult before = simulateWaterFill(pb, {.max_rounds = double(depth - 1), .epsilon = 0});
      CHECK(largestDifference(before.transfer, central) > 0.1);
    }
  }
}

TEST_CASE("distributed equals central on random instances with ties, zero needs and capacities, filters, self") {
  testing::Random rand(14);
  for (int i = 0; i < 300; ++i) {
    testing::RandomCase c = testing::randomCase(rand);
    EdgeProblem pb = buildEdgeProblem(c.network, c.filters);
    std::vector<double> central = centralAllocation(pb);
    testing::checkTwoTierMeaning(pb, central, 1e-9);
    for (Schedule schedule : {Schedule::Phased, Schedule::Merged}) {
      WaterFillResult result = runChecked(pb, {.max_rounds = 400, .epsilon = 1e-12, .schedule = schedule});
      INFO("case " << i << (schedule == Schedule::Phased ? " phased" : " merged"));
      CHECK(result.converged_at.has_value());
      CHECK(largestDifference(result.transfer, central) < 1e-6);
    }
  }
}

TEST_CASE("distributed equals central on generated networks of 100, 1,000 and 10,000") {
  for (double n : {100.0, 1000.0, 10000.0}) {
    INFO("n = " << n);
    EdgeProblem pb = buildEdgeProblem(generateNetwork({.n = n, .k = 20, .seed = 7}));
    std::vector<double> central = centralAllocation(pb);
    for (Schedule schedule : {Schedule::Phased, Schedule::Merged}) {
      if (n > 1000 && schedule == Schedule::Merged) continue;  // twice the rounds, same rule
      WaterFillResult result = runChecked(pb, {.max_rounds = 60, .epsilon = 1e-9, .schedule = schedule});
      REQUIRE(result.converged_at.has_value());
      CHECK(largestDifference(result.transfer, central) < 1e-6);
      testing::checkTwoTierMeaning(pb, result.transfer, 1e-6);
    }
    WaterFillResult coarse = simulateWaterFill(pb, {.epsilon = 0.001});
    CHECK(*coarse.converged_at <= 10);
  }
}

TEST_CASE("merged is the phased rule at half speed") {
  EdgeProblem pb = buildEdgeProblem(generateNetwork({.n = 300, .k = 10, .seed = 5}));
  WaterFillResult phased = simulateWaterFill(pb, {.max_rounds = 100, .epsilon = 1e-9});
  WaterFillResult merged = simulateWaterFill(pb, {.max_rounds = 100, .epsilon = 1e-9, .schedule = Schedule::Merged});
  REQUIRE(phased.converged_at.has_value());
  CHECK(*merged.converged_at == 2 * *phased.converged_at);
  CHECK(largestDifference(phased.transfer, merged.transfer) < 1e-9);
}

TEST_CASE("dropped, late and duplicated documents never break the invariants") {
  testing::Random rand(99);
  for (int i = 0; i < 60; ++i) {
    testing::RandomCase c = testing::randomCase(rand);
    EdgeProblem pb = buildEdgeProblem(c.network, c.filters);
    for (Schedule schedule : {Schedule::Phased, Schedule::Merged}) {
      DocumentFaults faults{.drop = 0.2, .late = 0.2, .duplicate = 0.3, .seed = uint32_t(i + 1)};
      runChecked(pb, {.max_rounds = 40, .epsilon = 0, .schedule = schedule, .faults = faults});
    }
  }
  EdgeProblem big = buildEdgeProblem(generateNetwork({.n = 2000, .k = 20, .seed = 3}));
  for (Schedule schedule : {Schedule::Phased, Schedule::Merged}) {
    runChecked(big, {.max_rounds = 30, .epsilon = 0, .schedule = schedule,
                     .faults = {.drop = 0.1, .late = 0.3, .duplicate = 0.3, .seed = 8}});
  }
}

TEST_CASE("a trace records every round; zero rounds give no allocation") {
  EdgeProblem pb = buildEdgeProblem(generateNetwork({.n = 50, .k = 5, .seed = 2}));
  WaterFillResult traced = simulateWaterFill(pb, {.max_rounds = 30, .epsilon = 0.001, .trace = true});
  REQUIRE(traced.trace.size() == traced.rounds);
  CHECK(traced.trace.back().max_delta == traced.max_delta);
  CHECK(traced.trace.front().total > 0);
  WaterFillResult none = simulateWaterFill(pb, {.max_rounds = 0});
  CHECK(none.rounds == 0);
  CHECK_FALSE(none.converged_at.has_value());
  CHECK(none.max_delta == kInf);
}

TEST_CASE("bad water-filling options are refused") {
  EdgeProblem pb = makeEdgeProblem({1}, {1}, {{0, 0, 1, 1}});
  CHECK_THROWS_AS(simulateWaterFill(pb, {.max_rounds = 1.5}), ms::InputError);
  CHECK_THROWS_AS(simulateWaterFill(pb, {.epsilon = -1}), ms::InputError);
  CHECK_THROWS_AS(simulateWaterFill(pb, {.faults = {.drop = 2}}), ms::InputError);
  CHECK_THROWS_AS(makeEdgeProblem({1}, {1}, {{0, 1, 1, 1}}), ms::InputError);
  CHECK_THROWS_AS(makeEdgeProblem({1}, {1}, {{0, 0, 3, 1}}), ms::InputError);
}
