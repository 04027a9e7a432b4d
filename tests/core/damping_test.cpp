// Damping of oscillating recipients: the worked example 5 of allocation.md.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "allocation/constants.h"
#include "allocation/damping.h"
#include "allocation/simulation.h"
#include "common/json.h"
#include "schema/builtin_schemas.h"

using ms::allocation::dampingFactor;
using ms::allocation::updateDamping;

namespace {
double factorOf(std::vector<double> history) { return dampingFactor(history); }
}  // namespace

TEST_CASE("damping factors of the worked examples") {
  CHECK(factorOf({100, 200, 150}) == 0.5);  // up then down
  CHECK(factorOf({200, 100, 150}) == 0.5);  // down then up
  CHECK(factorOf({300, 200, 100}) == 1.0);  // steadily falling
  CHECK(factorOf({100, 150, 200}) == 0.8);  // steadily rising
  CHECK(factorOf({5}) == 1.0);
  CHECK(factorOf({}) == 1.0);
  CHECK(factorOf({5, 5}) == 1.0);
}

TEST_CASE("only the last three entries count") {
  CHECK(factorOf({0, 0, 0, 100, 200, 150}) == 0.5);
  CHECK(factorOf({100, 200, 150, 300, 200, 100}) == 1.0);
  CHECK(factorOf({7, 7, 7}) == 1.0);  // flat is non-increasing
}

TEST_CASE("updateDamping appends this round's over-allocation and keeps the last three") {
  std::vector<double> history = {10, 20, 30};
  auto update = updateDamping(500, history, 600);
  CHECK(update.over_allocation_history == std::vector<double>{20, 30, 100});
  CHECK(update.damping_factor == 0.8);
  CHECK(history == std::vector<double>{10, 20, 30});  // the input is not changed
  auto under = updateDamping(500, {}, 400);
  CHECK(under.over_allocation_history == std::vector<double>{0});  // never negative
  CHECK(under.damping_factor == 1.0);
}

// The history length is one constant: what updateDamping keeps, what the
// whole-network simulation keeps and what the Commitment schema allows.
TEST_CASE("the damping history keeps kDampingHistoryLength rounds everywhere") {
  using namespace ms::allocation;
  std::vector<double> history;
  for (int round = 1; round <= 5; ++round) {
    history = updateDamping(0, history, round).over_allocation_history;
    CHECK(history.size() == std::min<size_t>(round, kDampingHistoryLength));
    CHECK(history.back() == round);
  }
  CHECK(ParticipantCommitment{}.history.size() == kDampingHistoryLength);
  const ms::Json& commitment = ms::schema::builtinJsonSchema("Commitment");
  CHECK(commitment["properties"]["over_allocation_history"]["maxItems"] == kDampingHistoryLength);
}
