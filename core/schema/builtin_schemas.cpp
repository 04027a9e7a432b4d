// Built from small shared pieces so the same rule (e.g. "a share is a number
// in [0, 1]") is written once.
#include "schema/builtin_schemas.h"

#include <map>

#include "allocation/constants.h"

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

// A "description" is only an annotation for validation; it becomes the
// doc comment of the generated TypeScript type (tools/boundary).
Json described(Json schema, const char* text) {
  schema["description"] = text;
  return schema;
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
      {{"filter_fn", described({{"type", "string"}, {"enum", Json::array({"all", "any"})}},
                               "A predicate from the fixed registry: \"all\" or \"any\". Never code.")},
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
       {"settled", described({{"type", "boolean"}}, "Nothing I publish changed over my last tick.")}},
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
  Json schema = objectWith({{"tier", described({{"type", "integer"}, {"enum", Json::array({1, 2})}}, "1: mutual, weight MR; 2: one-way, weight w.")},
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
       {"damping_factor", described(share(), "In [0, 1]; absent means 1.")},
       {"over_allocation_history", {{"type", "array"}, {"items", nonNegative()}, {"maxItems", allocation::kDampingHistoryLength}}},
       {"attributes", recordOf(attributeValue())},
       {"timestamp", positiveWhole()},
       {"vectorClock", vectorClock()},
       {"round", wholeNumber()},
       {"mu1", described(nonNegative(), "Water-filling: my tier-1 level (absent: +Infinity, I take more from anyone).")},
       {"mu2", described(nonNegative(), "Water-filling: my tier-2 level (absent: +Infinity).")},
       {"budget2", described(nonNegative(), "Water-filling: stated need less what tier 1 accepted (absent: the stated need).")},
       {"acceptances", described(recordOf(acceptance()), "Water-filling: what I accept of each provider's offers.")}},
      Json::array({"residual_need", "stated_need", "timestamp"}));
}

Json twoTierAllocationState() {
  Json perCapacity = recordOf(nonNegative());
  Json perCapacityPerRecipient = recordOf(recordOf(nonNegative()));
  return objectWith(
      {{"mutualDenominator", described(perCapacity, "0 under water-filling (that rule has no denominator).")},
       {"nonMutualDenominator", perCapacity},
       {"mutualAllocations", described(perCapacityPerRecipient, "What moves: under water-filling min(offer, the recipient's acceptance).")},
       {"nonMutualAllocations", perCapacityPerRecipient},
       {"offers", described(recordOf(recordOf(offer())), "Water-filling: capacityId → recipient → offer.")},
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
    add("VectorClock", described(vectorClock(), "Public key string → counter."));
    add("RoundState", roundState());
    add("Commitment", commitment());
    add("TwoTierAllocationState", twoTierAllocationState());
    add("CapacityFilter", capacityFilter());
    add("RecognitionWeights", described(recognitionWeights(), "Public key string → recognition share (normally summing to 1)."));
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
