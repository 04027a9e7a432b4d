#pragma once
// The offer/accept water-filling rule of one participant (spec: convergence.md).
// Pure functions on plain numbers: the simulation calls them for a whole
// network, the live network for one participant at a time.
//
// A level of +infinity means "no limit yet" (a recipient that has not
// answered, or one whose offers all fit): weight * level is then +infinity
// and every min() with it picks the other side. Weights must be > 0.
#include <cstddef>
#include <span>

namespace ms::allocation {

// Offers that fill a need to within this relative amount count as filling it
// exactly (the spec's exact-tie convention; without it small networks cycle).
inline constexpr double kExactFitTolerance = 1e-12;

struct LevelItem {
  double weight;  // > 0
  double limit;   // >= 0
};

// WF(total; weights, limits): the level L with sum_i min(weight_i * L, limit_i)
// = total, or +infinity when the limits sum to <= total (also with no items).
double waterLevel(double total, std::span<const LevelItem> items);

// WFsat: as waterLevel, but when the limits fill `total` to within
// kExactFitTolerance (relative) it returns the highest limit level
// max_i(limit_i / weight_i) instead of +infinity.
double saturatingWaterLevel(double total, std::span<const LevelItem> items);

// ---- Provider step ----

// A mutual edge: MR(P, R), and R's last published mu1 and stated need.
struct Tier1Edge {
  double weight;
  double mu1;          // +infinity before R has answered
  double stated_need;
};

// A one-way edge: w_P[R], and R's last published mu2 and budget2.
struct Tier2Edge {
  double weight;
  double mu2;          // +infinity before R has answered
  double budget2;      // the stated need before R has answered
};

struct ProviderLevels {
  double level1;  // lambda1 (+infinity: every tier-1 limit fits)
  double level2;  // lambda2 (0 when tier 1 left nothing)
};

// Offers per edge, in the order of the edges: tier 1 from the capacity,
// tier 2 from what tier 1 did not offer. The offers sum to <= capacity.
// offers1/offers2 must be as long as tier1/tier2.
ProviderLevels providerStep(double capacity, std::span<const Tier1Edge> tier1, std::span<const Tier2Edge> tier2,
                            std::span<double> offers1, std::span<double> offers2);

// ---- Recipient step ----

// An offer made to the recipient: the edge weight (MR in tier 1, w_P[R] in
// tier 2) and the amount offered.
struct OfferSeen {
  double weight;
  double offer;
};

struct RecipientAnswer {
  double mu1;
  double mu2;
  double budget2;  // stated need less what tier 1 accepted
};

// Acceptances per offer, in the order of the offers: tier 1 up to the stated
// need, tier 2 up to what tier 1 left. Each acceptance is <= its offer.
// accepted1/accepted2 must be as long as tier1/tier2.
RecipientAnswer recipientStep(double stated_need, std::span<const OfferSeen> tier1, std::span<const OfferSeen> tier2,
                              std::span<double> accepted1, std::span<double> accepted2);

}  // namespace ms::allocation
