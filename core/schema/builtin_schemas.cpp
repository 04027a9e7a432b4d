// Built from small shared pieces so the same rule (e.g. "a share is a number
// in [0, 1]") is written once.
#include "schema/builtin_schemas.h"

#include <map>

namespace ms::schema {
namespace {

const Json kDraft = "https://json-schema.org/draft/2020-12/schema";

Json nonNegative() { return {{"type", "number"}, {"minimum", 0}}; }
Json share() { return {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}; }
// Integers stay exact doubles (at most 2^53 - 1, as z.number().int()): a
// timestamp of 1e300 or a clock at 2^53 + 2 could never move on.
constexpr double kMaxSafeInteger = 9007199254740991.0;
Json wholeNumber() { return {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxSafeInteger}}; }
Json positiveWhole() { return {{"type", "integer"}, {"exclusiveMinimum", 0}, {"maximum", kMaxSafeInteger}}; }
Json recordOf(Json values) {
  return {{"type", "object"}, {"propertyNames", {{"type", "string"}}}, {"additionalProperties", std::move(values)}};
}
Json objectWith(Json properties, Json required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

Json vectorClock() { return recordOf(wholeNumber()); }
Json recognitionWeights() { return recordOf(share()); }

// A value a filter can match: a scalar or an array of scalars.
Json attributeValue() {
  Json scalar = {{"type", Json::array({"string", "number", "boolean"})}};
  return {{"anyOf", Json::array({scalar, {{"type", "array"}, {"items", scalar}}})}};
}

Json capacityFilter() {
  // The predicates of core/allocation/filter.h; a test keeps the two lists equal.
  Json schema = objectWith(
      {{"filter_fn", {{"type", "string"}, {"enum", Json::array({"all", "any"})}}},
       {"required_attributes", recordOf(attributeValue())}},
      Json::array({"filter_fn"}));
  schema["additionalProperties"] = false;
  return schema;
}

Json roundState() {
  return objectWith(
      {{"pubKey", {{"type", "string"}, {"minLength", 1}}},
       {"round", wholeNumber()},
       {"vectorClock", vectorClock()},
       {"timestamp", positiveWhole()},
       {"settled", {{"type", "boolean"}}}},
      Json::array({"pubKey", "round", "vectorClock", "timestamp"}));
}

// Water-filling (convergence.md): what a recipient accepted of one provider's offers.
Json acceptance() {
  Json schema = objectWith({{"mutual", nonNegative()}, {"nonMutual", nonNegative()}}, Json::array());
  schema["additionalProperties"] = false;
  return schema;
}

// Water-filling: a provider's offer to one recipient, in tier 1 (mutual) or 2, with the edge's weight.
Json offer() {
  Json schema = objectWith({{"tier", {{"type", "integer"}, {"enum", Json::array({1, 2})}}},
                            {"weight", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}}},
                            {"amount", nonNegative()}},
                           Json::array({"tier", "weight", "amount"}));
  schema["additionalProperties"] = false;
  return schema;
}

Json commitment() {
  return objectWith(
      {{"residual_need", nonNegative()},
       {"stated_need", nonNegative()},
       {"capacity", nonNegative()},
       {"mr_values", recognitionWeights()},
       {"recognition_weights", recognitionWeights()},
       {"capacity_filters", recordOf(capacityFilter())},
       {"damping_factor", share()},
       {"over_allocation_history", {{"type", "array"}, {"items", nonNegative()}, {"maxItems", 3}}},
       {"attributes", recordOf(attributeValue())},
       {"timestamp", positiveWhole()},
       {"vectorClock", vectorClock()},
       {"round", wholeNumber()},
       {"mu1", nonNegative()},
       {"mu2", nonNegative()},
       {"budget2", nonNegative()},
       {"acceptances", recordOf(acceptance())}},
      Json::array({"residual_need", "stated_need", "timestamp"}));
}

Json twoTierAllocationState() {
  Json perCapacity = recordOf(nonNegative());
  Json perCapacityPerRecipient = recordOf(recordOf(nonNegative()));
  return objectWith(
      {{"mutualDenominator", perCapacity},
       {"nonMutualDenominator", perCapacity},
       {"mutualAllocations", perCapacityPerRecipient},
       {"nonMutualAllocations", perCapacityPerRecipient},
       {"offers", recordOf(recordOf(offer()))},
       {"timestamp", positiveWhole()}},
      Json::array({"mutualDenominator", "nonMutualDenominator", "mutualAllocations", "nonMutualAllocations", "timestamp"}));
}

struct Builtin {
  Json source;
  CompiledSchema compiled;
};

const std::map<std::string, Builtin>& builtins() {
  static const std::map<std::string, Builtin> table = [] {
    std::map<std::string, Builtin> result;
    auto add = [&](const std::string& name, Json schema) {
      Json document = {{"$schema", kDraft}, {"title", name}};
      for (auto& [key, value] : schema.items()) document[key] = value;
      result.emplace(name, Builtin{document, CompiledSchema::compile(document)});
    };
    add("VectorClock", vectorClock());
    add("RoundState", roundState());
    add("Commitment", commitment());
    add("TwoTierAllocationState", twoTierAllocationState());
    add("CapacityFilter", capacityFilter());
    add("RecognitionWeights", recognitionWeights());
    return result;
  }();
  return table;
}

}  // namespace

const std::vector<std::string>& builtinSchemaNames() {
  static const std::vector<std::string> names = {"VectorClock", "RoundState", "Commitment",
                                                 "TwoTierAllocationState", "CapacityFilter", "RecognitionWeights"};
  return names;
}

const Json& builtinJsonSchema(const std::string& name) { return builtins().at(name).source; }
const CompiledSchema& builtinSchema(const std::string& name) { return builtins().at(name).compiled; }

}  // namespace ms::schema
