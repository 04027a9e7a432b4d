#pragma once
// Reading the documents other participants publish (commitments, recognition
// weights, allocation states, round states) into the small pieces the live
// network keeps. Each document is checked against its built-in schema
// (core/schema/builtin_schemas.cpp) first, so what the network sends is
// refused with the field named before anything is stored.
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"

namespace ms::allocation {

// What allocation reads of a commitment; the rest is validated and dropped.
struct LiveCommitment {
  double residual_need = 0;
  double damping_factor = 1.0;  // absent means 1.0
  double timestamp = 0;
  Json attributes;              // null when absent; only capacity filters read it
};

// The amounts one provider's allocation state gives one recipient, summed
// over its capacity ids in the state's key order.
struct AllocationToMe {
  double mutual = 0;
  double non_mutual = 0;
};

using WeightList = std::vector<std::pair<std::string, double>>;

// Throws InputError (Type for a wrong type, Range otherwise) naming the
// first problem as `field` + its path, e.g. commitments.bob.residual_need.
void requireBuiltinSchema(const char* schemaName, const Json& document, const std::string& field);

LiveCommitment readCommitment(const Json& document, const std::string& field);
// All entries in key order (zeros kept: they matter to nobody, but the key
// order must stay that of the document).
WeightList readWeightList(const Json& document, const std::string& field);
// Only the weight the document gives `me` (0 when it names nobody by that key).
double readWeightTo(const Json& document, const std::string& me, const std::string& field);
AllocationToMe readAllocationTo(const Json& document, const std::string& me, const std::string& field);
// The round of a RoundState whose pubKey must be `pub`.
double readRound(const Json& document, const std::string& pub, const std::string& field);

}  // namespace ms::allocation
