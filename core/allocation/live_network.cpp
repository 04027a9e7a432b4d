#include "allocation/live_network.h"

#include <algorithm>
#include <cmath>

#include "allocation/constants.h"
#include "allocation/filter.h"
#include "allocation/freshness.h"
#include "allocation/mutual_recognition.h"
#include "allocation/rounds.h"
#include "allocation/vector_clock.h"
#include "common/input_error.h"
#include "common/json_fields.h"
#include "common/number_checks.h"

namespace ms::allocation {

namespace {
// Keys added here are distinct public keys, so the ordered map's linear
// duplicate search (quadratic over a 10,000-entry object) is skipped.
void appendKey(Json& object, const std::string& key, Json value) {
  static_cast<Json::object_t::Container&>(object.get_ref<Json::object_t&>()).emplace_back(key, std::move(value));
}

void requireFinite(double value, const char* field) {
  if (!std::isfinite(value)) throwRangeError(field, "must be a finite number (got " + describeNumber(value) + ")");
}

// My clock with my entry incremented; a counter at 2^53 cannot grow exactly.
Json nextClock(const Json& clock, const std::string& me) {
  auto mine = clock.find(me);
  if (mine != clock.end() && mine->get<double>() >= kMaxExactInteger) throwRangeError("vectorClock", "my counter has reached 2^53");
  return incrementVectorClock(clock, me);
}

bool hasRequiredAttributes(const Json& filter) {
  if (filter.is_null()) return false;
  auto it = filter.find("required_attributes");
  return it != filter.end() && !it->is_null();
}
}  // namespace

LiveNetwork::LiveNetwork(std::string myPub) {
  requirePub(myPub);
  intern(myPub);
}

void LiveNetwork::requirePub(const std::string& pub) {
  if (pub.empty()) throwRangeError("pub", "must not be empty");
}

uint32_t LiveNetwork::intern(const std::string& pub) {
  auto [it, added] = ids_.try_emplace(pub, static_cast<uint32_t>(slots_.size()));
  if (added) {
    Slot slot;
    slot.pub = pub;
    slots_.push_back(std::move(slot));
  }
  return it->second;
}

const LiveNetwork::Slot* LiveNetwork::find(const std::string& pub) const {
  auto it = ids_.find(pub);
  return it == ids_.end() ? nullptr : &slots_[it->second];
}

LiveNetwork::Slot* LiveNetwork::find(const std::string& pub) {
  auto it = ids_.find(pub);
  return it == ids_.end() ? nullptr : &slots_[it->second];
}

bool LiveNetwork::fresh(const Slot& slot, double now) const {
  return slot.commitment && isFresh(slot.commitment->timestamp, now);
}

// ---- updates: validate first, then change ----

void LiveNetwork::setMyWeights(const Json& weights) {
  WeightList list = readWeightList(weights, "myWeights");
  for (const auto& [id, _] : myWeights_) slots_[id].my_weight_to = 0;
  myWeights_.clear();
  myWeights_.reserve(list.size());
  for (const auto& [pub, weight] : list) {
    const uint32_t id = intern(pub);
    slots_[id].my_weight_to = weight;
    myWeights_.emplace_back(id, weight);
  }
}

void LiveNetwork::setCommitment(const std::string& pub, const Json& commitment) {
  requirePub(pub);
  LiveCommitment read = readCommitment(commitment, myPub(), pub == myPub() ? "myCommitment" : fieldPath("commitments", pub));
  if (pub == myPub()) setMyAcceptances(commitment);
  slots_[intern(pub)].commitment = std::move(read);
}

void LiveNetwork::setMyAcceptances(const Json& commitment) {
  for (Slot& slot : slots_) slot.my_acceptance = {};
  for (auto& [pub, accepted] : readAcceptances(commitment)) slots_[intern(pub)].my_acceptance = accepted;
}

void LiveNetwork::removeCommitment(const std::string& pub) {
  if (pub == myPub()) setMyAcceptances(Json::object());
  if (Slot* slot = find(pub)) slot->commitment.reset();
}

void LiveNetwork::setRecognitionWeights(const std::string& pub, const Json& weights) {
  requirePub(pub);
  if (pub == myPub()) return setMyWeights(weights);
  // Only their weight for me enters my view; the rest is checked and dropped.
  const double toMe = readWeightTo(weights, myPub(), fieldPath("recognitionWeights", pub));
  const uint32_t id = intern(pub);
  slots_[id].has_weights = true;
  slots_[id].weight_to_me = toMe;
  weightsOrder_.add(id);
}

void LiveNetwork::removeRecognitionWeights(const std::string& pub) {
  if (pub == myPub()) return setMyWeights(Json::object());
  Slot* slot = find(pub);
  if (!slot) return;
  slot->has_weights = false;
  slot->weight_to_me = 0;
  weightsOrder_.remove(ids_.at(pub));
}

void LiveNetwork::setAllocationState(const std::string& pub, const Json& state) {
  requirePub(pub);
  AllocationToMe toMe = readAllocationTo(state, myPub(), fieldPath("allocationStates", pub));
  slots_[intern(pub)].allocation = toMe;
}

void LiveNetwork::removeAllocationState(const std::string& pub) {
  if (Slot* slot = find(pub)) slot->allocation.reset();
}

void LiveNetwork::setRoundState(const std::string& pub, const Json& roundState) {
  requirePub(pub);
  LiveRoundState read = readRoundState(roundState, pub, fieldPath("roundStates", pub));
  Json clock = nextClock(mergeVectorClocks(clock_, read.vector_clock), myPub());
  Slot& slot = slots_[intern(pub)];
  slot.round = read.round;
  slot.settled = read.settled;
  clock_ = std::move(clock);
}

void LiveNetwork::removeRoundState(const std::string& pub) {
  if (Slot* slot = find(pub)) {
    slot->round.reset();
    slot->settled = false;
  }
}

void LiveNetwork::tickClock() { clock_ = nextClock(clock_, myPub()); }

void LiveNetwork::forget(const std::string& pub) {
  if (!find(pub)) return;
  removeRecognitionWeights(pub);
  removeCommitment(pub);
  removeAllocationState(pub);
  removeRoundState(pub);
}

// ---- reading the view ----

std::vector<std::string> LiveNetwork::myWeightKeys() const {
  std::vector<std::string> keys;
  keys.reserve(myWeights_.size());
  for (const auto& [id, _] : myWeights_) keys.push_back(slots_[id].pub);
  return keys;
}

bool LiveNetwork::checkFilter(const Json& filter, double now) {
  requireFinite(now, "now");
  validateFilter(filter);
  return hasRequiredAttributes(filter);
}

bool LiveNetwork::passes(const Slot& slot, const Json& filter, bool filtered) {
  return !filtered || passesFilter(slot.commitment->attributes, filter);
}

TwoTierOutcome LiveNetwork::allocateOutcome(double capacity, const Json& filter, double now) const {
  requireNonNegative(capacity, [] { return "capacity"; });
  const bool filtered = checkFilter(filter, now);

  // Recipients are my weights' entries by position: exactly the shares
  // computeTwoTierAllocation would see, in the same order.
  const uint32_t count = static_cast<uint32_t>(myWeights_.size());
  std::vector<Share> mr;
  std::vector<Share> weights;
  std::vector<RecipientState> recipients(count, RecipientState{0, 1.0, false, true});
  mr.reserve(count);
  weights.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const auto& [id, weight] = myWeights_[i];
    const Slot& slot = slots_[id];
    weights.push_back({i, weight});
    if (weight > 0) mr.push_back({i, mutualRecognitionOf(weight, slot.weight_to_me, id == kMe)});
    if (!fresh(slot, now)) continue;
    const LiveCommitment& c = *slot.commitment;
    recipients[i] = {c.residual_need, c.damping_factor, true, passes(slot, filter, filtered)};
  }
  return allocateTwoTier(capacity, mr, weights, recipients);
}

Json LiveNetwork::allocate(const std::string& capacityId, double capacity, const Json& filter, double now) const {
  const TwoTierOutcome outcome = allocateOutcome(capacity, filter, now);
  auto amounts = [&](const TierOutcome& tier) {
    Json byRecipient = Json::object();
    for (const Share& a : tier.allocations) appendKey(byRecipient, slots_[myWeights_[a.recipient].first].pub, a.value);
    Json perCapacity = Json::object();
    perCapacity[capacityId] = std::move(byRecipient);
    return perCapacity;
  };
  Json state = Json::object();
  state["mutualDenominator"] = {{capacityId, outcome.mutual.denominator}};
  state["nonMutualDenominator"] = {{capacityId, outcome.nonMutual.denominator}};
  state["mutualAllocations"] = amounts(outcome.mutual);
  state["nonMutualAllocations"] = amounts(outcome.nonMutual);
  state["timestamp"] = now;
  return state;
}

Json LiveNetwork::mutualRecognition() const {
  Json mr = Json::object();
  for (const auto& [id, weight] : myWeights_) {
    if (weight > 0) appendKey(mr, slots_[id].pub, mutualRecognitionOf(weight, slots_[id].weight_to_me, id == kMe));
  }
  weightsOrder_.forEach([&](uint32_t id) {
    const Slot& slot = slots_[id];
    // Listed above when I recognise them; otherwise their MR is 0.
    if (!(slot.my_weight_to > 0) && slot.weight_to_me > 0) {
      appendKey(mr, slot.pub, mutualRecognitionOf(slot.my_weight_to, slot.weight_to_me, false));
    }
  });
  return mr;
}

Received LiveNetwork::received(double now) const {
  requireFinite(now, "now");
  Received total;
  for (const Slot& slot : slots_) {
    if (!slot.allocation || !fresh(slot, now)) continue;
    double mutual = slot.allocation->mutual;
    double nonMutual = slot.allocation->non_mutual;
    if (only_accepted_) {
      mutual = std::min(mutual, slot.my_acceptance.mutual);
      nonMutual = std::min(nonMutual, slot.my_acceptance.non_mutual);
    }
    total.by_provider.push_back({slot.pub, mutual, nonMutual});
    total.mutual += mutual;
    total.non_mutual += nonMutual;
    total.total += mutual + nonMutual;
  }
  return total;
}

Groups LiveNetwork::groups() const {
  Groups groups;
  for (const auto& [id, weight] : myWeights_) {
    if (id == kMe || !(weight > 0)) continue;
    (slots_[id].weight_to_me > 0 ? groups.mutual : groups.beneficiaries).push_back(slots_[id].pub);
  }
  weightsOrder_.forEach([&](uint32_t id) {
    if (slots_[id].weight_to_me > 0 && !(slots_[id].my_weight_to > 0)) groups.providers.push_back(slots_[id].pub);
  });
  for (const auto* group : {&groups.mutual, &groups.beneficiaries, &groups.providers}) {
    groups.coordinators.insert(groups.coordinators.end(), group->begin(), group->end());
  }
  return groups;
}

bool LiveNetwork::othersSettled(double now) const {
  requireFinite(now, "now");
  for (uint32_t id = kMe + 1; id < slots_.size(); ++id) {
    if (fresh(slots_[id], now) && !slots_[id].settled) return false;
  }
  return true;
}

bool LiveNetwork::shouldAdvanceRound(double myRound, double now) const {
  // rounds.h reads only timestamps and rounds, so only those are handed over.
  Json commitments = Json::object();
  Json roundStates = Json::object();
  for (uint32_t id = kMe + 1; id < slots_.size(); ++id) {
    const Slot& slot = slots_[id];
    if (slot.commitment) appendKey(commitments, slot.pub, Json{{"timestamp", slot.commitment->timestamp}});
    if (slot.round) appendKey(roundStates, slot.pub, Json{{"round", *slot.round}});
  }
  return allocation::shouldAdvanceRound(myPub(), myRound, roundStates, commitments, now);
}

}  // namespace ms::allocation
