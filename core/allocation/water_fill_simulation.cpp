#include "allocation/water_fill_simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "allocation/network.h"
#include "allocation/water_fill.h"
#include "common/input_error.h"
#include "common/json_fields.h"

namespace ms::allocation {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// What a provider knows of a recipient (per edge): the level of the edge's
// tier and the tier-2 budget, from the recipient document of `round`.
struct AnswerSeen {
  double mu;
  double budget2;
  uint32_t round;
};
struct OfferDelivered {
  double offer;
  uint32_t round;
};

// Delivers documents to their readers, per edge, with the configured faults.
// A reader keeps the newest document of each publisher.
template <class Seen>
class Delivery {
 public:
  Delivery(std::vector<Seen>& seen, const DocumentFaults& faults, uint32_t salt)
      : seen_(seen), faults_(faults), random_(faults.seed * 2654435761u + salt),
        faulty_(faults.drop > 0 || faults.late > 0 || faults.duplicate > 0) {}

  // Starts a delivery: documents held back earlier that are due now arrive.
  void begin() {
    ++tick_;
    size_t kept = 0;
    for (const Held& h : held_) {
      if (h.due == tick_) {
        receive(h.edge, h.doc);
      } else {
        held_[kept++] = h;
      }
    }
    held_.resize(kept);
  }

  void send(uint32_t edge, const Seen& doc) {
    if (!faulty_) return receive(edge, doc);
    const double u = random_.next();
    if (u < faults_.drop) return;
    if (u < faults_.drop + faults_.late) {
      held_.push_back({edge, tick_ + 1, doc});
    } else {
      receive(edge, doc);
    }
    if (random_.next() < faults_.duplicate) held_.push_back({edge, tick_ + 2, doc});
  }

 private:
  struct Held {
    uint32_t edge;
    uint64_t due;
    Seen doc;
  };
  void receive(uint32_t edge, const Seen& doc) {
    if (doc.round > seen_[edge].round) seen_[edge] = doc;
  }

  std::vector<Seen>& seen_;
  DocumentFaults faults_;
  Mulberry32 random_;
  bool faulty_;
  uint64_t tick_ = 0;
  std::vector<Held> held_;
};

// The latest documents of everyone and what each reader has of them.
class Rounds {
 public:
  Rounds(const EdgeProblem& pb, const DocumentFaults& faults)
      : pb_(pb),
        offer_(pb.edges(), 0.0),
        accepted_(pb.edges(), 0.0),
        answerSeen_(pb.edges()),
        offerSeen_(pb.edges(), OfferDelivered{0, 0}),
        weightByRecipient_(pb.edges()),
        answers_(answerSeen_, faults, 1),
        offers_(offerSeen_, faults, 2),
        mu1_(pb.n, kInfinity),
        mu2_(pb.n, kInfinity),
        budget2_(pb.need) {
    for (uint32_t e = 0; e < pb.edges(); ++e) answerSeen_[e] = {kInfinity, pb.need[pb.recipient[e]], 0};
    for (uint32_t k = 0; k < pb.edges(); ++k) weightByRecipient_[k] = pb.weight[pb.recipient_edges[k]];
  }

  void providersAct() {
    for (uint32_t p = 0; p < pb_.n; ++p) {
      const uint32_t s = pb_.provider_start[p], split = pb_.provider_split[p], end = pb_.provider_start[p + 1];
      if (s == end) continue;
      tier1_.resize(split - s);
      tier2_.resize(end - split);
      for (uint32_t e = s; e < split; ++e) tier1_[e - s] = {pb_.weight[e], answerSeen_[e].mu, pb_.need[pb_.recipient[e]]};
      for (uint32_t e = split; e < end; ++e) tier2_[e - split] = {pb_.weight[e], answerSeen_[e].mu, answerSeen_[e].budget2};
      std::span<double> offers(offer_);
      providerStep(pb_.capacity[p], tier1_, tier2_, offers.subspan(s, split - s), offers.subspan(split, end - split));
    }
  }

  void recipientsAct() {
    for (uint32_t r = 0; r < pb_.n; ++r) {
      const uint32_t s = pb_.recipient_start[r], split = pb_.recipient_split[r], end = pb_.recipient_start[r + 1];
      if (s == end) continue;
      seen1_.resize(split - s);
      seen2_.resize(end - split);
      for (uint32_t k = s; k < split; ++k) seen1_[k - s] = {weightByRecipient_[k], offerSeen_[k].offer};
      for (uint32_t k = split; k < end; ++k) seen2_[k - split] = {weightByRecipient_[k], offerSeen_[k].offer};
      took1_.resize(seen1_.size());
      took2_.resize(seen2_.size());
      const RecipientAnswer answer = recipientStep(pb_.need[r], seen1_, seen2_, took1_, took2_);
      for (uint32_t k = s; k < end; ++k) {
        accepted_[pb_.recipient_edges[k]] = k < split ? took1_[k - s] : took2_[k - split];
      }
      mu1_[r] = answer.mu1;
      mu2_[r] = answer.mu2;
      budget2_[r] = answer.budget2;
    }
  }

  void deliverOffers(uint32_t round) {
    offers_.begin();
    for (uint32_t k = 0; k < pb_.edges(); ++k) offers_.send(k, {offer_[pb_.recipient_edges[k]], round});
  }

  void deliverAnswers(uint32_t round) {
    answers_.begin();
    for (uint32_t e = 0; e < pb_.edges(); ++e) {
      const uint32_t r = pb_.recipient[e];
      answers_.send(e, {pb_.tier[e] == 1 ? mu1_[r] : mu2_[r], budget2_[r], round});
    }
  }

  const std::vector<double>& offer() const { return offer_; }
  const std::vector<double>& accepted() const { return accepted_; }

 private:
  const EdgeProblem& pb_;
  std::vector<double> offer_;     // providers' published offers
  std::vector<double> accepted_;  // recipients' published acceptances
  std::vector<AnswerSeen> answerSeen_;
  std::vector<OfferDelivered> offerSeen_;  // in recipient order (recipient_edges)
  std::vector<double> weightByRecipient_;
  Delivery<AnswerSeen> answers_;
  Delivery<OfferDelivered> offers_;
  std::vector<double> mu1_, mu2_, budget2_;
  std::vector<Tier1Edge> tier1_;
  std::vector<Tier2Edge> tier2_;
  std::vector<OfferSeen> seen1_, seen2_;
  std::vector<double> took1_, took2_;
};

// Largest excess of any recipient over its need and of any provider over its
// capacity (given or offered), and the total transferred.
WaterFillRound measure(const EdgeProblem& pb, const std::vector<double>& offer, const std::vector<double>& transfer,
                       double maxDelta) {
  std::vector<double> received(pb.n, 0.0), given(pb.n, 0.0), offered(pb.n, 0.0);
  double total = 0;
  for (uint32_t e = 0; e < pb.edges(); ++e) {
    received[pb.recipient[e]] += transfer[e];
    given[pb.provider[e]] += transfer[e];
    offered[pb.provider[e]] += offer[e];
    total += transfer[e];
  }
  double over = 0, overCapacity = 0;
  for (uint32_t i = 0; i < pb.n; ++i) {
    over = std::max(over, received[i] - pb.need[i]);
    overCapacity = std::max({overCapacity, given[i] - pb.capacity[i], offered[i] - pb.capacity[i]});
  }
  return {maxDelta, total, over, overCapacity};
}

}  // namespace

void validateWaterFillOptions(const WaterFillOptions& options) {
  readCount(Json(options.max_rounds), "maxRounds");
  readNonNegative(Json(options.epsilon), "epsilon");
  readInRange(Json(options.faults.drop), "faults.drop", 0, 1);
  readInRange(Json(options.faults.late), "faults.late", 0, 1);
  readInRange(Json(options.faults.duplicate), "faults.duplicate", 0, 1);
}

WaterFillResult simulateWaterFill(const EdgeProblem& pb, const WaterFillOptions& options) {
  validateWaterFillOptions(options);
  const bool merged = options.schedule == Schedule::Merged;
  const uint32_t m = pb.edges();
  Rounds rounds(pb, options.faults);
  WaterFillResult result;
  result.transfer.assign(m, 0.0);
  result.max_delta = kInfinity;
  std::vector<double> previous(m, 0.0), beforePrevious(m, 0.0);
  for (uint32_t round = 1; round <= options.max_rounds; ++round) {
    if (merged) {
      rounds.providersAct();
      rounds.recipientsAct();
      rounds.deliverOffers(round);
      rounds.deliverAnswers(round);
    } else {
      rounds.providersAct();
      rounds.deliverOffers(round);
      rounds.recipientsAct();
      rounds.deliverAnswers(round);
    }
    const std::vector<double>& offer = rounds.offer();
    const std::vector<double>& accepted = rounds.accepted();
    double maxDelta = 0;
    for (uint32_t e = 0; e < m; ++e) {
      const double x = std::min(offer[e], accepted[e]);
      double delta = std::abs(x - previous[e]);
      if (merged) delta = std::max(delta, std::abs(x - beforePrevious[e]));
      maxDelta = std::max(maxDelta, delta);
      beforePrevious[e] = previous[e];
      previous[e] = result.transfer[e] = x;
    }
    const WaterFillRound measured = measure(pb, offer, result.transfer, maxDelta);
    result.rounds = round;
    result.max_delta = maxDelta;
    result.max_over_allocation = std::max(result.max_over_allocation, measured.over_allocation);
    result.max_over_capacity = std::max(result.max_over_capacity, measured.over_capacity);
    if (options.trace) result.trace.push_back(measured);
    if (options.on_round) options.on_round({round, offer, accepted, result.transfer});
    // Under 'merged' the first round transfers nothing (no offer seen yet)
    // and the second compares against it: neither says anything settled.
    if (maxDelta < options.epsilon && !(merged && round <= 2)) {
      result.converged_at = round;
      break;
    }
  }
  return result;
}

}  // namespace ms::allocation
