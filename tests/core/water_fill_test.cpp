// The per-participant steps of the water-filling rule (convergence.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <vector>

#include "allocation/water_fill.h"

using namespace ms::allocation;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

TEST_CASE("waterLevel: the level at which capped items add up to the total") {
  std::vector<LevelItem> items{{1, 3}, {1, 100}};
  CHECK(waterLevel(10, items) == Approx(7));  // 3 + 7
  std::vector<LevelItem> weighted{{1, 10}, {2, 10}};
  CHECK(waterLevel(6, weighted) == Approx(2));  // 2 + 4
  CHECK(waterLevel(0, weighted) == 0);
}

TEST_CASE("waterLevel: +infinity when every limit fits, or with nothing to fill") {
  std::vector<LevelItem> items{{1, 3}, {1, 4}};
  CHECK(waterLevel(7, items) == kInf);
  CHECK(waterLevel(8, items) == kInf);
  CHECK(waterLevel(5, std::span<const LevelItem>{}) == kInf);
  std::vector<LevelItem> zero{{1, 0}, {0.5, 0}};
  CHECK(waterLevel(0, zero) == kInf);
}

TEST_CASE("saturatingWaterLevel: offers that fill the need exactly give the highest offer level") {
  std::vector<LevelItem> items{{1, 3}, {0.5, 4}};  // keys 3 and 8
  CHECK(saturatingWaterLevel(7, items) == 8);
  CHECK(saturatingWaterLevel(7 * (1 + 1e-13), items) == 8);  // within the relative 1e-12
  CHECK(saturatingWaterLevel(7 * (1 + 1e-9), items) == kInf);  // room left: no limit
  CHECK(saturatingWaterLevel(8, items) == kInf);
  CHECK(saturatingWaterLevel(5, items) == Approx(4));  // 3 + 0.5 * 4
}

TEST_CASE("providerStep: tier 1 first, tier 2 from what tier 1 left") {
  std::vector<Tier1Edge> tier1{{0.4, kInf, 500}, {0.25, kInf, 400}};
  std::vector<Tier2Edge> tier2{{0.2, kInf, 300}, {0.1, kInf, 200}};
  std::vector<double> offers1(2), offers2(2);
  ProviderLevels levels = providerStep(1000, tier1, tier2, offers1, offers2);
  CHECK(levels.level1 == kInf);
  CHECK(offers1[0] == 500);
  CHECK(offers1[1] == 400);
  CHECK(levels.level2 == Approx(1000.0 / 3));
  CHECK(offers2[0] == Approx(200.0 / 3));
  CHECK(offers2[1] == Approx(100.0 / 3));
}

TEST_CASE("providerStep: recipients' levels cap their offers and the rest is shared out") {
  // R0 answered mu1 = 100 (takes at most 0.5 * 100 = 50); R1 has not answered.
  std::vector<Tier1Edge> tier1{{0.5, 100, 500}, {0.5, kInf, 500}};
  std::vector<Tier2Edge> tier2{{1, kInf, 10}};
  std::vector<double> offers1(2), offers2(1);
  ProviderLevels levels = providerStep(300, tier1, tier2, offers1, offers2);
  CHECK(offers1[0] == 50);
  CHECK(offers1[1] == Approx(250));
  CHECK(levels.level1 == Approx(500));
  CHECK(offers2[0] == 0);  // tier 1 took the whole capacity
  CHECK(levels.level2 == 0);
}

TEST_CASE("providerStep: no capacity, no offers") {
  std::vector<Tier1Edge> tier1{{1, kInf, 5}};
  std::vector<Tier2Edge> tier2{{1, kInf, 5}};
  std::vector<double> offers1(1, -1), offers2(1, -1);
  providerStep(0, tier1, tier2, offers1, offers2);
  CHECK(offers1[0] == 0);
  CHECK(offers2[0] == 0);
}

TEST_CASE("recipientStep: more offered than needed, taken at one level") {
  std::vector<OfferSeen> tier1{{1, 6}, {1, 8}};
  std::vector<OfferSeen> tier2{{1, 4}};
  std::vector<double> accepted1(2), accepted2(1);
  RecipientAnswer answer = recipientStep(10, tier1, tier2, accepted1, accepted2);
  CHECK(answer.mu1 == Approx(5));
  CHECK(accepted1[0] == Approx(5));
  CHECK(accepted1[1] == Approx(5));
  CHECK(answer.budget2 == Approx(0).margin(1e-12));
  CHECK(answer.mu2 == 0);
  CHECK(accepted2[0] == 0);  // one-way gifts only once mutual providers are exhausted
}

TEST_CASE("recipientStep: tier 2 fills what tier 1 left") {
  std::vector<OfferSeen> tier1{{1, 3}};
  std::vector<OfferSeen> tier2{{1, 20}, {2, 20}};
  std::vector<double> accepted1(1), accepted2(2);
  RecipientAnswer answer = recipientStep(10, tier1, tier2, accepted1, accepted2);
  CHECK(answer.mu1 == kInf);
  CHECK(accepted1[0] == 3);
  CHECK(answer.budget2 == 7);
  CHECK(answer.mu2 == Approx(7.0 / 3));
  CHECK(accepted2[0] == Approx(7.0 / 3));
  CHECK(accepted2[1] == Approx(14.0 / 3));
}

TEST_CASE("recipientStep: offers that exactly fill the need keep a finite level") {
  std::vector<OfferSeen> tier1{{1, 4}, {0.5, 6}};  // 10 offered for a need of 10
  std::vector<double> accepted1(2), accepted2(0);
  RecipientAnswer answer = recipientStep(10, tier1, {}, accepted1, accepted2);
  CHECK(answer.mu1 == 12);  // the highest offer level, 6 / 0.5
  CHECK(accepted1[0] == 4);
  CHECK(accepted1[1] == 6);
  CHECK(answer.budget2 == 0);
}

TEST_CASE("recipientStep: no need, nothing accepted") {
  std::vector<OfferSeen> tier1{{1, 4}};
  std::vector<OfferSeen> tier2{{1, 4}};
  std::vector<double> accepted1(1), accepted2(1);
  RecipientAnswer answer = recipientStep(0, tier1, tier2, accepted1, accepted2);
  CHECK(accepted1[0] == 0);
  CHECK(accepted2[0] == 0);
  CHECK(answer.mu1 == 0);
  CHECK(answer.budget2 == 0);
}

TEST_CASE("waterLevel: a participant with many edges (sorted another way) gets the same level") {
  // 50 items, limits in no order; the level solves sum(min(w L, limit)) = total.
  std::vector<LevelItem> items;
  for (int i = 0; i < 50; ++i) items.push_back({double(1 + i % 3), double((i * 37) % 50)});
  for (double total : {10.0, 300.0, 1000.0}) {
    const double level = waterLevel(total, items);
    double placed = 0;
    for (const LevelItem& item : items) placed += std::min(item.weight * level, item.limit);
    CHECK(placed == Approx(total));
    std::vector<LevelItem> few(items.begin(), items.begin() + 20);
    const double fewLevel = waterLevel(total / 10, few);
    double fewPlaced = 0;
    for (const LevelItem& item : few) fewPlaced += std::min(item.weight * fewLevel, item.limit);
    CHECK(fewPlaced == Approx(total / 10));
  }
}
