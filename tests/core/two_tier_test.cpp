// Two-tier allocation: the worked examples of allocation.md and its
// invariants over seeded random inputs.
#include "allocation_support.h"

#include <cmath>

#include "common/input_error.h"

using namespace ms::allocation;
using testing::byRecipient;
using testing::Recipients;

TEST_CASE("worked example 1: mutual partners first, leftovers to one-way recognition") {
  Recipients r;
  r.add("R1", 500);
  r.add("R2", 400);
  r.add("R3", 300);
  r.add("R4", 200);
  std::vector<Share> mr = {{r["R1"], 0.4}, {r["R2"], 0.25}, {r["R3"], 0}, {r["R4"], 0}};
  std::vector<Share> weights = {{r["R1"], 0.4}, {r["R2"], 0.3}, {r["R3"], 0.2}, {r["R4"], 0.1}};
  auto out = allocateTwoTier(1000, mr, weights, r.states);
  CHECK(out.mutual.denominator == Approx(461.538461538).epsilon(1e-9));
  auto mutual = byRecipient(out.mutual.allocations);
  CHECK(mutual[r["R1"]] == Approx(500));  // capped from 666.7
  CHECK(mutual[r["R2"]] == Approx(1000.0 / 3).epsilon(1e-12));
  CHECK(out.nonMutual.denominator == Approx(800.0 / 3).epsilon(1e-12));
  auto leftover = byRecipient(out.nonMutual.allocations);
  CHECK(leftover[r["R3"]] == Approx(125).epsilon(1e-12));
  CHECK(leftover[r["R4"]] == Approx(125.0 / 3).epsilon(1e-12));
}

TEST_CASE("worked example 2: capped mutual needs leave more for the leftover tier") {
  Recipients r;
  r.add("R1", 300);
  r.add("R2", 200);
  r.add("R3", 300);
  r.add("R4", 200);
  std::vector<Share> mr = {{r["R1"], 0.4}, {r["R2"], 0.25}};
  std::vector<Share> weights = {{r["R1"], 0.4}, {r["R2"], 0.3}, {r["R3"], 0.2}, {r["R4"], 0.1}};
  auto out = allocateTwoTier(1000, mr, weights, r.states);
  CHECK(out.mutual.denominator == Approx(261.538461538).epsilon(1e-9));
  auto mutual = byRecipient(out.mutual.allocations);
  CHECK(mutual[r["R1"]] == 300);
  CHECK(mutual[r["R2"]] == 200);
  auto leftover = byRecipient(out.nonMutual.allocations);
  CHECK(leftover[r["R3"]] == 300);  // capped from 375
  CHECK(leftover[r["R4"]] == Approx(125).epsilon(1e-12));
}

TEST_CASE("worked example 3: self-recognition puts the provider in its own mutual tier") {
  Recipients r;
  r.add("alice", 500);
  r.add("bob", 500);
  r.add("carol", 500);
  std::vector<Share> mr = {{r["alice"], 0.3}, {r["bob"], 0.4}, {r["carol"], 0.2}};
  std::vector<Share> weights = {{r["alice"], 0.3}, {r["bob"], 0.4}, {r["carol"], 0.3}};
  auto out = allocateTwoTier(1000, mr, weights, r.states);
  CHECK(out.mutual.denominator == Approx(500).epsilon(1e-12));
  auto mutual = byRecipient(out.mutual.allocations);
  CHECK(mutual[r["alice"]] == Approx(1000.0 / 3).epsilon(1e-12));
  CHECK(mutual[r["bob"]] == Approx(4000.0 / 9).epsilon(1e-12));
  CHECK(mutual[r["carol"]] == Approx(2000.0 / 9).epsilon(1e-12));
  CHECK(out.nonMutual.allocations.empty());
}

TEST_CASE("worked example 4: a recipient failing the filter gets nothing and leaves the denominator") {
  Recipients r;
  r.add("R1", 500);
  r.add("R2", 400, 1.0, /*passes=*/false);
  r.add("R3", 300);
  std::vector<Share> mr = {{r["R1"], 0.5}, {r["R2"], 0.3}, {r["R3"], 0.2}};
  auto out = allocateTwoTier(1000, mr, mr, r.states);
  CHECK(out.mutual.denominator == Approx(310).epsilon(1e-12));
  auto mutual = byRecipient(out.mutual.allocations);
  CHECK(mutual[r["R1"]] == 500);  // capped from 806.45
  CHECK(mutual.count(r["R2"]) == 0);
  CHECK(mutual[r["R3"]] == Approx(60000.0 / 310).epsilon(1e-12));
}

TEST_CASE("damping scales the active need, not the cap") {
  Recipients r;
  r.add("A", 100, 0.5);
  r.add("B", 100, 1.0);
  std::vector<Share> mr = {{r["A"], 0.5}, {r["B"], 0.5}};
  auto out = allocateTwoTier(90, mr, mr, r.states);
  auto mutual = byRecipient(out.mutual.allocations);
  // numerators: A 0.5 × 100 × 0.5 = 25, B 0.5 × 100 = 50
  CHECK(out.mutual.denominator == Approx(75));
  CHECK(mutual[r["A"]] == Approx(30));
  CHECK(mutual[r["B"]] == Approx(60));
}

TEST_CASE("the denominator floor keeps tiny denominators from blowing up allocations") {
  Recipients r;
  r.add("A", 0.00001);
  std::vector<Share> mr = {{r["A"], 1}};
  auto out = allocateTwoTier(1000, mr, mr, r.states);
  CHECK(out.mutual.denominator == Approx(0.00001));
  // 1000 * 0.00001 / max(0.00001, 0.0001) = 100, capped at the need.
  CHECK(byRecipient(out.mutual.allocations)[r["A"]] == Approx(0.00001));
}

TEST_CASE("zero capacity still reports the mutual denominator and allocates nothing") {
  Recipients r;
  r.add("A", 10);
  r.add("B", 10);
  std::vector<Share> mr = {{r["A"], 1}};
  std::vector<Share> weights = {{r["A"], 0.5}, {r["B"], 0.5}};
  auto out = allocateTwoTier(0, mr, weights, r.states);
  CHECK(out.mutual.denominator == 10);
  CHECK(out.nonMutual.denominator == 0);
  for (const auto& share : out.mutual.allocations) CHECK(share.value == 0);
  CHECK(out.nonMutual.allocations.empty());
}

TEST_CASE("recipients without a commitment or with zero need are not eligible") {
  Recipients r;
  r.add("none", 100, 1.0, true, /*hasCommitment=*/false);
  r.add("zero", 0);
  r.add("needs", 100);
  std::vector<Share> mr = {{r["none"], 1}, {r["zero"], 1}, {r["needs"], 1}};
  auto out = allocateTwoTier(60, mr, mr, r.states);
  auto mutual = byRecipient(out.mutual.allocations);
  CHECK(mutual.count(r["none"]) == 0);
  CHECK(mutual.count(r["zero"]) == 0);
  CHECK(mutual[r["needs"]] == Approx(60));
}

TEST_CASE("invariants hold on 300 seeded random inputs") {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    testing::Random rand(seed);
    Recipients r;
    std::vector<Share> mr, weights;
    int count = 1 + static_cast<int>(rand.uniform() * 30);
    for (int i = 0; i < count; ++i) {
      double need = rand.chance(0.15) ? 0 : rand.uniform() * 1000;
      uint32_t id = r.add("r" + std::to_string(i), need, rand.chance(0.3) ? 0.5 : 1.0, !rand.chance(0.1), !rand.chance(0.1));
      if (rand.chance(0.5)) mr.push_back({id, rand.chance(0.2) ? 0 : rand.uniform()});
      if (rand.chance(0.7)) weights.push_back({id, rand.chance(0.1) ? 0 : rand.uniform()});
    }
    double capacity = rand.chance(0.1) ? 0 : rand.uniform() * 5000;
    INFO("seed " << seed);
    auto out = allocateTwoTier(capacity, mr, weights, r.states);
    double total = 0;
    auto mutual = byRecipient(out.mutual.allocations);
    for (const auto& [id, amount] : mutual) {
      CHECK(std::isfinite(amount));
      CHECK(amount >= 0);
      CHECK(amount <= r.states[id].residual_need);
      total += amount;
    }
    for (const auto& share : out.nonMutual.allocations) {
      CHECK(std::isfinite(share.value));
      CHECK(share.value >= 0);
      CHECK(share.value <= r.states[share.recipient].residual_need);
      CHECK(mutual.count(share.recipient) == 0);  // never in both tiers
      total += share.value;
    }
    CHECK(total <= capacity + 1e-9 * capacity);
    CHECK(std::isfinite(out.mutual.denominator));
    CHECK(std::isfinite(out.nonMutual.denominator));
  }
}

TEST_CASE("empty recognition and all-zero needs give no allocation and no NaN") {
  Recipients r;
  r.add("A", 0);
  auto none = allocateTwoTier(100, {}, {}, r.states);
  CHECK(none.mutual.allocations.empty());
  CHECK(none.mutual.denominator == 0);
  std::vector<Share> mr = {{r["A"], 1}};
  auto zero = allocateTwoTier(100, mr, mr, r.states);
  CHECK(zero.mutual.denominator == 0);
  for (const auto& share : zero.mutual.allocations) CHECK(share.value == 0);
}

TEST_CASE("bad inputs are refused, naming the field") {
  Recipients r;
  r.add("A", 10);
  std::vector<Share> ok = {{0, 1}};
  auto message = [&](double capacity, std::vector<Share> mr, std::vector<Share> weights, std::vector<RecipientState> states) {
    try {
      validateTwoTierInputs(capacity, mr, weights, states);
    } catch (const ms::InputError& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  CHECK_THAT(message(-1, ok, ok, r.states), Catch::Contains("capacity"));
  CHECK_THAT(message(std::nan(""), ok, ok, r.states), Catch::Contains("capacity"));
  CHECK_THAT(message(10, {{0, -0.5}}, ok, r.states), Catch::Contains("mrValues"));
  CHECK_THAT(message(10, ok, {{0, INFINITY}}, r.states), Catch::Contains("weights"));
  CHECK_THAT(message(10, ok, ok, {{-5, 1, true, true}}), Catch::Contains("commitments[#0].residual_need"));
  CHECK_THAT(message(10, ok, ok, {{5, 1.5, true, true}}), Catch::Contains("commitments[#0].damping_factor"));
  CHECK(message(10, ok, ok, r.states).empty());
}
