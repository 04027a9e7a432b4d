// Whole-network simulation. Golden values were printed by the plain-JS oracle
// (tests/oracle/allocation.mjs):
// simulate(generateNetwork({n: 30, k: 5, seed: 3}), options).
#include <catch2/catch.hpp>

#include "allocation/network.h"
#include "allocation/residual_need.h"
#include "allocation/simulation.h"
#include "common/input_error.h"

using namespace ms::allocation;

namespace {
Network smallNetwork() { return generateNetwork({.n = 30, .k = 5, .seed = 3}); }
}  // namespace

TEST_CASE("five rounds with relaxation 0.5 match the plain-JS oracle") {
  SimulationResult result = simulate(smallNetwork(), {.max_rounds = 5, .relaxation = 0.5});
  CHECK(result.rounds == 5);
  CHECK(result.max_delta == Approx(9.10698509335026).epsilon(1e-12));
  CHECK(result.commitments[0].residual_need == 607);  // p0 received nothing
  CHECK_FALSE(result.received_any[0]);
  CHECK(result.commitments[7].residual_need == 480);
  CHECK(result.received[7] == Approx(480).epsilon(1e-12));
}

TEST_CASE("relaxation 0.2 converges; the seed's update (relaxation 1) does not") {
  SimulationResult slow = simulate(smallNetwork(), {.max_rounds = 200, .relaxation = 0.2});
  CHECK(slow.rounds == 45);
  CHECK(slow.max_delta == Approx(0.000879380711239719).epsilon(1e-9));
  CHECK(slow.max_delta < 0.001);
  SimulationResult seed = simulate(smallNetwork(), {.max_rounds = 30});
  CHECK(seed.rounds == 30);
  CHECK(seed.max_delta == 985);  // residual needs keep flipping
}

TEST_CASE("a trace records total residual need and maxDelta after every round") {
  SimulationResult result = simulate(smallNetwork(), {.max_rounds = 6, .relaxation = 0.5, .trace = true});
  REQUIRE(result.trace_total_residual.size() == result.rounds);
  REQUIRE(result.trace_max_delta.size() == result.rounds);
  CHECK(result.trace_max_delta.back() == result.max_delta);
  double total = 0;
  for (const auto& c : result.commitments) total += c.residual_need;
  CHECK(result.trace_total_residual.back() == Approx(total).epsilon(1e-12));
}

TEST_CASE("no participant ever receives more than it needs, and needs stay within [0, stated]") {
  Network network = generateNetwork({.n = 300, .k = 12, .seed = 11});
  SimulationResult result = simulate(network, {.max_rounds = 8, .relaxation = 0.7});
  for (uint32_t i = 0; i < network.size(); ++i) {
    CHECK(result.commitments[i].residual_need >= 0);
    CHECK(result.commitments[i].residual_need <= network.stated_need[i] + 1e-9);
    CHECK(result.received[i] >= 0);
  }
}

TEST_CASE("bad options are refused") {
  CHECK_THROWS_AS(validateSimulationOptions({.max_rounds = -1}), ms::InputError);
  CHECK_THROWS_AS(validateSimulationOptions({.max_rounds = 2.5}), ms::InputError);
  CHECK_THROWS_AS(validateSimulationOptions({.relaxation = 0}), ms::InputError);
  CHECK_THROWS_AS(validateSimulationOptions({.relaxation = 1.5}), ms::InputError);
  CHECK_THROWS_AS(validateSimulationOptions({.epsilon = -1}), ms::InputError);
}

// The one residual-need step of the seed rule (the simulation and the live
// round both take it).
TEST_CASE("the residual need moves towards max(0, stated - received) by the relaxation") {
  using ms::allocation::nextResidualNeed;
  CHECK(nextResidualNeed(100, 100, 30, 1.0) == 70);
  CHECK(nextResidualNeed(100, 100, 130, 1.0) == 0);  // over-allocated: never below 0
  CHECK(nextResidualNeed(100, 100, 30, 0.5) == 85);  // half way from 100 to 70
  CHECK(nextResidualNeed(40, 100, 100, 0.25) == 30);
}
