#include "allocation/water_fill.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <vector>

namespace ms::allocation {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct Keyed {
  double key;  // limit / weight: the level at which the item is capped
  double weight;
  double limit;
};

// Reused between calls: a provider or recipient has few edges, and the
// simulation calls this once per participant per round.
thread_local std::vector<Keyed> scratch;

double sumOfLimits(std::span<const LevelItem> items) {
  double sum = 0;
  for (const LevelItem& item : items) sum += item.limit;
  return sum;
}

// Fills `scratch` sorted by key; returns the sum of the weights. Most
// participants have few edges: insertion sort, std::sort beyond that.
double sortByKey(std::span<const LevelItem> items) {
  constexpr size_t kInsertionSortUpTo = 32;
  std::vector<Keyed>& sorted = scratch;  // one thread-local lookup, not one per access
  sorted.resize(items.size());
  double sumWeight = 0;
  size_t filled = 0;
  for (const LevelItem& item : items) {
    const Keyed next{item.limit / item.weight, item.weight, item.limit};
    sumWeight += item.weight;
    size_t at = filled++;
    if (items.size() <= kInsertionSortUpTo) {
      for (; at > 0 && sorted[at - 1].key > next.key; --at) sorted[at] = sorted[at - 1];
    }
    sorted[at] = next;
  }
  if (items.size() > kInsertionSortUpTo) {
    std::sort(sorted.begin(), sorted.end(), [](const Keyed& a, const Keyed& b) { return a.key < b.key; });
  }
  return sumWeight;
}

// The level once the limits are known not to fit: walk up the sorted keys,
// capping every item whose key lies below the level the rest would reach.
double levelThatFits(double total, double sumWeight) {
  double rest = total;
  double restWeight = sumWeight;
  const std::vector<Keyed>& sorted = scratch;
  for (const Keyed& item : sorted) {
    const double level = rest / restWeight;
    if (item.key > level) return level > 0 ? level : 0;
    rest -= item.limit;
    restWeight -= item.weight;
  }
  // Only reached through rounding: every item capped, the highest cap level.
  return sorted.back().key;
}

}  // namespace

double waterLevel(double total, std::span<const LevelItem> items) {
  if (items.empty() || sumOfLimits(items) <= total) return kInfinity;
  return levelThatFits(total, sortByKey(items));
}

double saturatingWaterLevel(double total, std::span<const LevelItem> items) {
  if (items.empty()) return kInfinity;
  const double sumLimit = sumOfLimits(items);
  if (sumLimit <= total) {
    // Offers that (just) fill the need: stay at the highest offer level, so
    // that providers are not invited to raise offers that cannot be taken.
    if (sumLimit < total * (1 - kExactFitTolerance)) return kInfinity;
    double highest = 0;
    for (const LevelItem& item : items) highest = std::max(highest, item.limit / item.weight);
    return highest;
  }
  return levelThatFits(total, sortByKey(items));
}

ProviderLevels providerStep(double capacity, std::span<const Tier1Edge> tier1, std::span<const Tier2Edge> tier2,
                            std::span<double> offers1, std::span<double> offers2) {
  assert(offers1.size() == tier1.size() && offers2.size() == tier2.size());
  thread_local std::vector<LevelItem> reused;
  std::vector<LevelItem>& items = reused;  // one thread-local lookup, not one per access
  items.resize(tier1.size());
  for (size_t i = 0; i < tier1.size(); ++i) items[i] = {tier1[i].weight, std::min(tier1[i].weight * tier1[i].mu1, tier1[i].stated_need)};
  const double level1 = waterLevel(capacity, items);
  double offered = 0;
  for (size_t i = 0; i < tier1.size(); ++i) {
    offers1[i] = std::min(tier1[i].weight * level1, items[i].limit);
    offered += offers1[i];
  }
  const double left = std::max(0.0, capacity - offered);
  if (!(left > 0)) {
    std::fill(offers2.begin(), offers2.end(), 0.0);
    return {level1, 0};
  }
  items.resize(tier2.size());
  for (size_t i = 0; i < tier2.size(); ++i) items[i] = {tier2[i].weight, std::min(tier2[i].weight * tier2[i].mu2, tier2[i].budget2)};
  const double level2 = waterLevel(left, items);
  for (size_t i = 0; i < tier2.size(); ++i) offers2[i] = std::min(tier2[i].weight * level2, items[i].limit);
  return {level1, level2};
}

RecipientAnswer recipientStep(double stated_need, std::span<const OfferSeen> tier1, std::span<const OfferSeen> tier2,
                              std::span<double> accepted1, std::span<double> accepted2) {
  assert(accepted1.size() == tier1.size() && accepted2.size() == tier2.size());
  thread_local std::vector<LevelItem> reused;
  std::vector<LevelItem>& items = reused;  // one thread-local lookup, not one per access
  items.resize(tier1.size());
  for (size_t i = 0; i < tier1.size(); ++i) items[i] = {tier1[i].weight, tier1[i].offer};
  const double mu1 = saturatingWaterLevel(stated_need, items);
  double taken = 0;
  for (size_t i = 0; i < tier1.size(); ++i) {
    accepted1[i] = std::min(tier1[i].offer, tier1[i].weight * mu1);
    taken += accepted1[i];
  }
  const double budget2 = std::max(0.0, stated_need - taken);
  if (!(budget2 > 0)) {
    std::fill(accepted2.begin(), accepted2.end(), 0.0);
    return {mu1, 0, budget2};
  }
  items.resize(tier2.size());
  for (size_t i = 0; i < tier2.size(); ++i) items[i] = {tier2[i].weight, tier2[i].offer};
  const double mu2 = saturatingWaterLevel(budget2, items);
  for (size_t i = 0; i < tier2.size(); ++i) accepted2[i] = std::min(tier2[i].offer, tier2[i].weight * mu2);
  return {mu1, mu2, budget2};
}

}  // namespace ms::allocation
