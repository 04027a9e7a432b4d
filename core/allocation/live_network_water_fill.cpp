// The water-filling steps (water_fill.h) over what the live network holds:
// one participant's provider step and recipient step, read from the other
// participants' last published documents (convergence.md, "The rule").
#include <algorithm>
#include <cmath>

#include "allocation/live_network.h"
#include "allocation/mutual_recognition.h"
#include "allocation/water_fill.h"
#include "common/number_checks.h"

namespace ms::allocation {

namespace {
// Keys added here are distinct public keys (see live_network.cpp).
void appendKey(Json& object, const std::string& key, Json value) {
  static_cast<Json::object_t::Container&>(object.get_ref<Json::object_t&>()).emplace_back(key, std::move(value));
}
}  // namespace

OfferRound LiveNetwork::offerRound(double capacity, const Json& filter, double now) const {
  requireNonNegative(capacity, [] { return "capacity"; });
  const bool filtered = checkFilter(filter, now);
  // Edges in my weights' order: tier 1 where MR > 0 (weight MR), tier 2
  // where only I recognise them (weight w); eligible as for the seed's rule.
  std::vector<Tier1Edge> tier1;
  std::vector<Tier2Edge> tier2;
  std::vector<uint32_t> at1, at2;  // positions in my weights
  for (uint32_t i = 0; i < myWeights_.size(); ++i) {
    const auto& [id, weight] = myWeights_[i];
    const Slot& slot = slots_[id];
    if (!(weight > 0) || !fresh(slot, now) || !passes(slot, filter, filtered)) continue;
    const LiveCommitment& c = *slot.commitment;
    const double mr = mutualRecognitionOf(weight, slot.weight_to_me, id == kMe);
    if (mr > 0) {
      tier1.push_back({mr, c.mu1, c.stated_need});
      at1.push_back(i);
    } else {
      tier2.push_back({weight, c.mu2, c.budget2});
      at2.push_back(i);
    }
  }
  std::vector<double> offers1(tier1.size()), offers2(tier2.size());
  const ProviderLevels levels = providerStep(capacity, tier1, tier2, offers1, offers2);
  OfferRound round{levels.level1, levels.level2, {}};
  auto add = [&](uint32_t position, int tier, double weight, double amount) {
    if (!(amount > 0)) return;
    const Acceptance& accepted = slots_[myWeights_[position].first].commitment->accepted_from_me;
    const double transfer = std::min(amount, tier == 1 ? accepted.mutual : accepted.non_mutual);
    round.offers.push_back({position, tier, weight, amount, transfer});
  };
  for (size_t k = 0; k < tier1.size(); ++k) add(at1[k], 1, tier1[k].weight, offers1[k]);
  for (size_t k = 0; k < tier2.size(); ++k) add(at2[k], 2, tier2[k].weight, offers2[k]);
  return round;
}

Json LiveNetwork::offerState(const std::string& capacityId, const OfferRound& round, double now) const {
  Json offers = Json::object();
  Json mutual = Json::object();
  Json nonMutual = Json::object();
  for (const OfferMade& offer : round.offers) {
    const std::string& pub = slots_[myWeights_[offer.recipient].first].pub;
    appendKey(offers, pub, {{"tier", offer.tier}, {"weight", offer.weight}, {"amount", offer.amount}});
    if (offer.transfer > 0) appendKey(offer.tier == 1 ? mutual : nonMutual, pub, offer.transfer);
  }
  Json state = Json::object();
  state["mutualDenominator"] = {{capacityId, 0}};
  state["nonMutualDenominator"] = {{capacityId, 0}};
  state["mutualAllocations"] = {{capacityId, std::move(mutual)}};
  state["nonMutualAllocations"] = {{capacityId, std::move(nonMutual)}};
  state["offers"] = {{capacityId, std::move(offers)}};
  state["timestamp"] = now;
  return state;
}

AnswerRound LiveNetwork::answerRound(const std::string& capacityId, double statedNeed, double now) const {
  requireNonNegative(statedNeed, [] { return "stated_need"; });
  if (!std::isfinite(now)) throwRangeError("now", "must be a finite number");
  std::vector<OfferSeen> tier1, tier2;
  std::vector<uint32_t> from1, from2;
  for (uint32_t id = 0; id < slots_.size(); ++id) {
    const Slot& slot = slots_[id];
    if (!slot.allocation || !fresh(slot, now)) continue;
    for (const OfferToMe& offer : slot.allocation->offers) {
      if (offer.capacity_id != capacityId || !(offer.amount > 0)) continue;
      (offer.tier == 1 ? tier1 : tier2).push_back({offer.weight, offer.amount});
      (offer.tier == 1 ? from1 : from2).push_back(id);
    }
  }
  std::vector<double> accepted1(tier1.size()), accepted2(tier2.size());
  const RecipientAnswer answer = recipientStep(statedNeed, tier1, tier2, accepted1, accepted2);
  AnswerRound round{answer.mu1, answer.mu2, answer.budget2, 0, {}};
  // One entry per provider, in first-seen order.
  std::vector<int> entryOf(slots_.size(), -1);
  auto accept = [&](uint32_t id, double amount, bool mutual) {
    if (entryOf[id] < 0) {
      entryOf[id] = static_cast<int>(round.acceptances.size());
      round.acceptances.push_back({slots_[id].pub, 0, 0});
    }
    (mutual ? round.acceptances[entryOf[id]].mutual : round.acceptances[entryOf[id]].non_mutual) += amount;
    round.accepted += amount;
  };
  for (size_t k = 0; k < tier1.size(); ++k) accept(from1[k], accepted1[k], true);
  for (size_t k = 0; k < tier2.size(); ++k) accept(from2[k], accepted2[k], false);
  std::stable_sort(round.acceptances.begin(), round.acceptances.end(),
                   [&](const AcceptanceMade& a, const AcceptanceMade& b) { return ids_.at(a.provider) < ids_.at(b.provider); });
  return round;
}

}  // namespace ms::allocation
