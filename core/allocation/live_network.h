#pragma once
// One participant's view of the allocation network, held in the core and
// updated one participant at a time as their published data arrives, so an
// allocation round reads what is already here instead of having the whole
// network marshalled in again (architecture.md, principle 2).
//
// Participants are interned: each public key gets a dense id the first time
// it is named (by a setter, or as a key of my recognition weights), and all
// per-participant data lives in a slot by that id. Ids are never reused, so
// "first-seen order" below means the order of first mention.
//
// Key order (results must be bit-identical to the free functions, which sum
// in JS object key order):
//  - allocation sums run in the order of my recognition weights' keys, as
//    computeTwoTierAllocation(me, C, id, allMutualRecognition(me, myWeights,
//    networkWeights), myWeights, freshCommitments, filter) does for any
//    networkWeights (its MR entries beyond my weights are all 0 and take no
//    part in either tier);
//  - mutualRecognition() lists my weights' keys (weight > 0), then the others
//    whose weights I hold, in the order their weights were first set (a
//    participant whose weights were removed or forgotten goes to the end when
//    set again), which is allMutualRecognition's order for a networkWeights
//    object built by assigning each participant's weights as they arrive.
//  - received() and the coordinators group go in first-seen order.
//
// Staleness: a participant counts while its commitment is fresh
// (freshness.h, the one predicate); stale participants receive nothing,
// are offered nothing, and their allocation states count for nothing.
//
// Every setter validates the document against its built-in schema and
// throws InputError naming the field before changing anything.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "allocation/insertion_order.h"
#include "allocation/live_inputs.h"
#include "allocation/two_tier.h"
#include "common/json.h"

namespace ms::allocation {

struct ReceivedFrom {
  std::string provider;
  double mutual = 0;
  double non_mutual = 0;
};

// total = Σ over providers (first-seen order) of (mutual + non_mutual);
// mutual and non_mutual are the per-tier sums in the same order.
struct Received {
  double total = 0;
  double mutual = 0;
  double non_mutual = 0;
  std::vector<ReceivedFrom> by_provider;
};

// Whom to follow (spec: the seed's algorithm-driven subscriptions).
struct Groups {
  std::vector<std::string> mutual;         // I recognise them and they recognise me (my weights' order)
  std::vector<std::string> beneficiaries;  // I recognise them, they do not recognise me (my weights' order)
  std::vector<std::string> providers;      // they recognise me, I do not recognise them (weights-set order)
  // All of the above: whose round states to follow, since the round rule
  // counts every fresh commitment followed as an active participant.
  std::vector<std::string> coordinators;
};

// Water-filling, as a provider: one offer per eligible recipient (amount > 0),
// `recipient` indexing myWeightKeys(); what moves is min(offer, acceptance).
struct OfferMade {
  uint32_t recipient;
  int tier;  // 1 mutual (weight MR), 2 one-way (weight w)
  double weight;
  double amount;
  double transfer;
};
struct OfferRound {
  double level1;
  double level2;
  std::vector<OfferMade> offers;
};

// Water-filling, as a recipient: my levels and what I accept of each fresh
// provider's offers (first-seen order; only providers with an offer > 0).
struct AcceptanceMade {
  std::string provider;
  double mutual = 0;
  double non_mutual = 0;
};
struct AnswerRound {
  double mu1;  // +infinity: not filled, I take more from anyone
  double mu2;
  double budget2;
  double accepted = 0;  // the sum of the acceptances
  std::vector<AcceptanceMade> acceptances;
};

class LiveNetwork {
 public:
  // Throws InputError when myPub is empty.
  explicit LiveNetwork(std::string myPub);
  const std::string& myPub() const { return slots_[kMe].pub; }

  // My data. setRecognitionWeights(myPub, …) and setCommitment(myPub, …) are the same.
  void setMyWeights(const Json& weights);
  void setMyCommitment(const Json& commitment) { setCommitment(myPub(), commitment); }

  // Others' data, one participant at a time; `remove…` of data never set does nothing.
  void setCommitment(const std::string& pub, const Json& commitment);
  void removeCommitment(const std::string& pub);
  void setRecognitionWeights(const std::string& pub, const Json& weights);
  void removeRecognitionWeights(const std::string& pub);
  void setAllocationState(const std::string& pub, const Json& state);
  void removeAllocationState(const std::string& pub);
  void setRoundState(const std::string& pub, const Json& roundState);
  void removeRoundState(const std::string& pub);
  // Drops everything held about `pub` (for myPub: my weights and commitment too).
  void forget(const std::string& pub);

  // My weights' keys in order: the recipient indices of allocateOutcome.
  std::vector<std::string> myWeightKeys() const;

  // My two-tier allocation of one capacity; Share::recipient indexes
  // myWeightKeys(). Throws InputError for a bad capacity, filter or now.
  TwoTierOutcome allocateOutcome(double capacity, const Json& filter, double now) const;
  // The same as a TwoTierAllocationState (timestamp = now).
  Json allocate(const std::string& capacityId, double capacity, const Json& filter, double now) const;

  // Water-filling (convergence.md), the provider step of one capacity over
  // the fresh recipients' last answers, and its allocation state document:
  // offers (tier, weight, amount) and, as allocations, the transfers; the
  // denominators are 0 (this rule has none). live_network_water_fill.cpp.
  OfferRound offerRound(double capacity, const Json& filter, double now) const;
  Json offerState(const std::string& capacityId, const OfferRound& round, double now) const;
  // The recipient step: my answer to the fresh providers' offers of `capacityId`.
  AnswerRound answerRound(const std::string& capacityId, double statedNeed, double now) const;

  // MR with everyone I recognise and everyone who recognises me (order above).
  Json mutualRecognition() const;
  // What fresh providers' latest states give me. Under water-filling
  // (countOnlyAccepted), each provider's amount per tier is capped at what
  // my own latest commitment accepts of it: a provider may still hold an
  // older answer of mine, and answers of different ages, each within my
  // need, can add up to more than it (convergence.md, section 1).
  Received received(double now) const;
  // Set by the water-filling round while it runs; off by default (the seed's
  // rule has no acceptances).
  void countOnlyAccepted(bool on) { only_accepted_ = on; }
  Groups groups() const;
  // rounds.h's rule over the round states and commitments held.
  bool shouldAdvanceRound(double myRound, double now) const;
  // Whether every other participant with a fresh commitment says, in its
  // round state, that it has settled (none: true).
  bool othersSettled(double now) const;

  // My vector clock: each round state received is merged in, then my entry
  // is incremented (allocation.md); tick() increments it before I gossip.
  const Json& vectorClock() const { return clock_; }
  void tickClock();

 private:
  static constexpr uint32_t kMe = 0;

  struct Slot {
    std::string pub;
    std::optional<LiveCommitment> commitment;
    bool has_weights = false;
    double weight_to_me = 0;    // the only part of their weights my view needs
    double my_weight_to = 0;    // mirror of my weights, for O(1) group tests
    std::optional<AllocationToMe> allocation;
    Acceptance my_acceptance;  // what my commitment accepts of their offers
    std::optional<double> round;
    bool settled = false;  // from its round state
  };

  uint32_t intern(const std::string& pub);
  const Slot* find(const std::string& pub) const;
  Slot* find(const std::string& pub);
  static void requirePub(const std::string& pub);
  bool fresh(const Slot& slot, double now) const;
  // Checks `filter` and `now`; true when the filter has required attributes to test.
  static bool checkFilter(const Json& filter, double now);
  static bool passes(const Slot& slot, const Json& filter, bool filtered);

  void setMyAcceptances(const Json& commitment);

  bool only_accepted_ = false;
  Json clock_ = Json::object();
  std::vector<Slot> slots_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::pair<uint32_t, double>> myWeights_;  // in key order
  InsertionOrder weightsOrder_;                          // others whose weights I hold
};

}  // namespace ms::allocation
