#pragma once
// Reading the documents other participants publish (commitments, recognition
// weights, allocation states, round states) into the small pieces the live
// network keeps. Each document is checked against its built-in schema
// (core/schema/builtin_schemas.cpp) first, so what the network sends is
// refused with the field named before anything is stored.
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"

namespace ms::allocation {

// A level nobody has published yet: no limit (water_fill.h).
inline constexpr double kUnanswered = std::numeric_limits<double>::infinity();

// What a recipient accepted of one provider's offers, per tier (water-filling).
struct Acceptance {
  double mutual = 0;
  double non_mutual = 0;
};

// What allocation reads of a commitment; the rest is validated and dropped.
struct LiveCommitment {
  double residual_need = 0;
  double stated_need = 0;
  double damping_factor = 1.0;  // absent means 1.0
  double timestamp = 0;
  Json attributes;              // null when absent; only capacity filters read it
  // Water-filling (convergence.md): a recipient's levels (absent: +infinity,
  // it has not answered), its tier-2 budget (absent: the stated need), and
  // what it accepted of my offers (absent: nothing).
  double mu1 = kUnanswered;
  double mu2 = kUnanswered;
  double budget2 = 0;
  Acceptance accepted_from_me;
};

// One offer a provider's allocation state makes me (water-filling).
struct OfferToMe {
  std::string capacity_id;
  int tier = 1;  // 1 mutual, 2 one-way
  double weight = 0;
  double amount = 0;
};

// The amounts one provider's allocation state gives one recipient, summed
// over its capacity ids in the state's key order, and its offers to me.
struct AllocationToMe {
  double mutual = 0;
  double non_mutual = 0;
  std::vector<OfferToMe> offers;
};

using WeightList = std::vector<std::pair<std::string, double>>;

// Throws InputError (Type for a wrong type, Range otherwise) naming the
// first problem as `field` + its path, e.g. commitments.bob.residual_need.
void requireBuiltinSchema(const char* schemaName, const Json& document, const std::string& field);

// `me`: whose offers the acceptances are read for.
LiveCommitment readCommitment(const Json& document, const std::string& me, const std::string& field);
// What a commitment, already read by readCommitment, accepts of each provider.
std::vector<std::pair<std::string, Acceptance>> readAcceptances(const Json& commitment);
// All entries in key order (zeros kept: they matter to nobody, but the key
// order must stay that of the document).
WeightList readWeightList(const Json& document, const std::string& field);
// Only the weight the document gives `me` (0 when it names nobody by that key).
double readWeightTo(const Json& document, const std::string& me, const std::string& field);
AllocationToMe readAllocationTo(const Json& document, const std::string& me, const std::string& field);
// What the live network keeps of a RoundState whose pubKey must be `pub`.
struct LiveRoundState {
  double round = 0;
  bool settled = false;
  Json vector_clock;  // an object of whole numbers <= 2^53
};
LiveRoundState readRoundState(const Json& document, const std::string& pub, const std::string& field);

}  // namespace ms::allocation
