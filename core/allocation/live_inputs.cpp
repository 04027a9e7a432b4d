#include "allocation/live_inputs.h"

#include "allocation/constants.h"
#include "common/input_error.h"
#include "common/json_fields.h"
#include "schema/builtin_schemas.h"

namespace ms::allocation {

namespace {
std::string issueField(const std::string& field, const Json& path) {
  std::string named = field;
  for (const Json& step : path) {
    named = step.is_string() ? fieldPath(named, step.get<std::string>()) : named + "[" + step.dump() + "]";
  }
  return named;
}

// The value an issue's path leads to (null when the path ends at a missing key).
const Json& valueAt(const Json& document, const Json& path) {
  static const Json kMissing;
  const Json* at = &document;
  for (const Json& step : path) {
    if (step.is_string() && at->is_object() && at->contains(step.get<std::string>())) {
      at = &at->at(step.get<std::string>());
    } else if (step.is_number_integer() && at->is_array() && step.get<size_t>() < at->size()) {
      at = &at->at(step.get<size_t>());
    } else {
      return kMissing;
    }
  }
  return *at;
}
}  // namespace

void requireBuiltinSchema(const char* schemaName, const Json& document, const std::string& field) {
  const schema::ValidationResult result = schema::builtinSchema(schemaName).validate(document);
  if (result.ok()) return;
  const schema::Issue& issue = result.issues.front();
  const std::string named = issueField(field, issue.path);
  const std::string problem = "is invalid (" + issue.message + ")";
  // NaN and ±Infinity are numbers out of range, as everywhere in the engine,
  // though the schema (like Zod) calls them the wrong type.
  if (issue.code == "invalid_type" && !isNonFiniteMarker(valueAt(document, issue.path))) throwTypeError(named, problem);
  throwRangeError(named, problem);
}

LiveCommitment readCommitment(const Json& document, const std::string& me, const std::string& field) {
  requireBuiltinSchema("Commitment", document, field);
  LiveCommitment c;
  c.residual_need = document.at("residual_need").get<double>();
  c.stated_need = document.at("stated_need").get<double>();
  c.timestamp = document.at("timestamp").get<double>();
  if (c.timestamp > kMaxExactInteger) throwRangeError(field + ".timestamp", "must be at most 2^53");
  if (auto d = document.find("damping_factor"); d != document.end()) c.damping_factor = d->get<double>();
  if (auto a = document.find("attributes"); a != document.end()) c.attributes = *a;
  auto numberOr = [&](const char* key, double absent) {
    auto it = document.find(key);
    return it == document.end() ? absent : it->get<double>();
  };
  c.mu1 = numberOr("mu1", kUnanswered);
  c.mu2 = numberOr("mu2", kUnanswered);
  c.budget2 = numberOr("budget2", c.stated_need);
  if (auto all = document.find("acceptances"); all != document.end()) {
    if (auto mine = all->find(me); mine != all->end()) {
      c.accepted_from_me.mutual = mine->value("mutual", 0.0);
      c.accepted_from_me.non_mutual = mine->value("nonMutual", 0.0);
    }
  }
  return c;
}

std::vector<std::pair<std::string, Acceptance>> readAcceptances(const Json& commitment) {
  std::vector<std::pair<std::string, Acceptance>> all;
  if (auto it = commitment.find("acceptances"); it != commitment.end()) {
    for (const auto& [pub, a] : it->items()) all.push_back({pub, {a.value("mutual", 0.0), a.value("nonMutual", 0.0)}});
  }
  return all;
}

WeightList readWeightList(const Json& document, const std::string& field) {
  requireBuiltinSchema("RecognitionWeights", document, field);
  WeightList list;
  list.reserve(document.size());
  for (const auto& [pub, weight] : document.items()) list.emplace_back(pub, weight.get<double>());
  return list;
}

double readWeightTo(const Json& document, const std::string& me, const std::string& field) {
  requireBuiltinSchema("RecognitionWeights", document, field);
  auto it = document.find(me);
  return it == document.end() ? 0.0 : it->get<double>();
}

AllocationToMe readAllocationTo(const Json& document, const std::string& me, const std::string& field) {
  requireBuiltinSchema("TwoTierAllocationState", document, field);
  if (document.at("timestamp").get<double>() > kMaxExactInteger) throwRangeError(field + ".timestamp", "must be at most 2^53");
  std::vector<OfferToMe> offers;
  if (auto all = document.find("offers"); all != document.end()) {
    for (const auto& [capacityId, recipients] : all->items()) {
      auto offer = recipients.find(me);
      if (offer == recipients.end()) continue;
      offers.push_back({capacityId, offer->at("tier").get<int>(), offer->at("weight").get<double>(),
                        offer->at("amount").get<double>()});
    }
  }
  auto sumFor = [&](const Json& perCapacity) {
    double sum = 0;
    for (const auto& [capacityId, recipients] : perCapacity.items()) {
      if (auto it = recipients.find(me); it != recipients.end()) sum += it->get<double>();
    }
    return sum;
  };
  return {sumFor(document.at("mutualAllocations")), sumFor(document.at("nonMutualAllocations")), std::move(offers)};
}

LiveRoundState readRoundState(const Json& document, const std::string& pub, const std::string& field) {
  requireBuiltinSchema("RoundState", document, field);
  const std::string& claimed = document.at("pubKey").get_ref<const std::string&>();
  if (claimed != pub) throwRangeError(field + ".pubKey", "names \"" + claimed + "\", not the participant it came from");
  LiveRoundState state;
  state.round = readCount(document.at("round"), field + ".round");
  readCount(document.at("timestamp"), field + ".timestamp");
  state.vector_clock = document.at("vectorClock");
  for (const auto& [key, value] : state.vector_clock.items()) readCount(value, fieldPath(field + ".vectorClock", key));
  state.settled = document.value("settled", false);
  return state;
}

}  // namespace ms::allocation
