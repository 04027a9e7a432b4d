// Built from small shared pieces so the same rule (e.g. "a share is a number
// in [0, 1]") is written once.
#include "schema/builtin_schemas.h"

#include <map>
#include <string>

#include "allocation/constants.h"
#include "common/json_parse.h"

namespace ms::schema {
namespace {

// The pieces are JSON text, parsed once per schema: nlohmann's initializer
// lists compiled to some 20 KB of wasm for these few documents.
using Text = std::string;

Text nonNegative() { return R"({"type":"number","minimum":0})"; }
Text share() { return R"({"type":"number","minimum":0,"maximum":1})"; }
// Integers stay exact doubles (at most 2^53 - 1, as z.number().int()): a
// timestamp of 1e300 or a clock at 2^53 + 2 could never move on.
const Text kMaxSafeInteger = "9007199254740991.0";
Text wholeNumber() { return R"({"type":"integer","minimum":0,"maximum":)" + kMaxSafeInteger + "}"; }
Text positiveWhole() { return R"({"type":"integer","exclusiveMinimum":0,"maximum":)" + kMaxSafeInteger + "}"; }
Text recordOf(const Text& values) {
  return R"({"type":"object","propertyNames":{"type":"string"},"additionalProperties":)" + values + "}";
}
// `properties`: "name":schema pairs, comma-separated; `required`: a JSON array.
Text objectWith(const Text& properties, const Text& required) {
  return R"({"type":"object","properties":{)" + properties + R"(},"required":)" + required + "}";
}
Text closed(const Text& object) { return object.substr(0, object.size() - 1) + R"(,"additionalProperties":false})"; }
Text field(const char* name, const Text& schema) { return Text(",\"") + name + "\":" + schema; }
// The first field of a list, without the comma.
Text first(const char* name, const Text& schema) { return field(name, schema).substr(1); }

// A "description" is only an annotation for validation; it becomes the
// doc comment of the generated TypeScript type (tools/boundary).
Text described(const Text& schema, const char* text) {
  return schema.substr(0, schema.size() - 1) + R"(,"description":)" + Json(text).dump() + "}";
}

Text vectorClock() { return recordOf(wholeNumber()); }
Text recognitionWeights() { return recordOf(share()); }

// A value a filter can match: a scalar or an array of scalars.
Text attributeValue() {
  const Text scalar = R"({"type":["string","number","boolean"]})";
  return R"({"anyOf":[)" + scalar + R"(,{"type":"array","items":)" + scalar + "}]}";
}

Text capacityFilter() {
  // The predicates of core/allocation/filter.h; a test keeps the two lists equal.
  return closed(objectWith(
      first("filter_fn", described(R"({"type":"string","enum":["all","any"]})",
                                   "A predicate from the fixed registry: \"all\" or \"any\". Never code.")) +
          field("required_attributes", recordOf(attributeValue())),
      R"(["filter_fn"])"));
}

Text roundState() {
  return objectWith(first("pubKey", R"({"type":"string","minLength":1})") + field("round", wholeNumber()) +
                        field("vectorClock", vectorClock()) + field("timestamp", positiveWhole()) +
                        field("settled", described(R"({"type":"boolean"})", "Nothing I publish changed over my last tick.")),
                    R"(["pubKey","round","vectorClock","timestamp"])");
}

// Water-filling (convergence.md): what a recipient accepted of one provider's offers.
Text acceptance() { return closed(objectWith(first("mutual", nonNegative()) + field("nonMutual", nonNegative()), "[]")); }

// Water-filling: a provider's offer to one recipient, in tier 1 (mutual) or 2, with the edge's weight.
Text offer() {
  return closed(objectWith(
      first("tier", described(R"({"type":"integer","enum":[1,2]})", "1: mutual, weight MR; 2: one-way, weight w.")) +
          field("weight", R"({"type":"number","exclusiveMinimum":0,"maximum":1})") + field("amount", nonNegative()),
      R"(["tier","weight","amount"])"));
}

Text commitment() {
  return objectWith(
      first("residual_need", nonNegative()) + field("stated_need", nonNegative()) + field("capacity", nonNegative()) +
          field("mr_values", recognitionWeights()) + field("recognition_weights", recognitionWeights()) +
          field("capacity_filters", recordOf(capacityFilter())) +
          field("damping_factor", described(share(), "In [0, 1]; absent means 1.")) +
          field("over_allocation_history", R"({"type":"array","items":)" + nonNegative() + R"(,"maxItems":)" +
                                               std::to_string(allocation::kDampingHistoryLength) + "}") +
          field("attributes", recordOf(attributeValue())) + field("timestamp", positiveWhole()) +
          field("vectorClock", vectorClock()) + field("round", wholeNumber()) +
          field("mu1", described(nonNegative(), "Water-filling: my tier-1 level (absent: +Infinity, I take more from anyone).")) +
          field("mu2", described(nonNegative(), "Water-filling: my tier-2 level (absent: +Infinity).")) +
          field("budget2", described(nonNegative(), "Water-filling: stated need less what tier 1 accepted (absent: the stated need).")) +
          field("acceptances", described(recordOf(acceptance()), "Water-filling: what I accept of each provider's offers.")),
      R"(["residual_need","stated_need","timestamp"])");
}

Text twoTierAllocationState() {
  const Text perCapacity = recordOf(nonNegative());
  const Text perCapacityPerRecipient = recordOf(recordOf(nonNegative()));
  return objectWith(
      first("mutualDenominator", described(perCapacity, "0 under water-filling (that rule has no denominator).")) +
          field("nonMutualDenominator", perCapacity) +
          field("mutualAllocations", described(perCapacityPerRecipient, "What moves: under water-filling min(offer, the recipient's acceptance).")) +
          field("nonMutualAllocations", perCapacityPerRecipient) +
          field("offers", described(recordOf(recordOf(offer())), "Water-filling: capacityId → recipient → offer.")) +
          field("timestamp", positiveWhole()),
      R"(["mutualDenominator","nonMutualDenominator","mutualAllocations","nonMutualAllocations","timestamp"])");
}

const std::map<std::string, CompiledSchema>& builtins() {
  static const std::map<std::string, CompiledSchema> table = [] {
    std::map<std::string, CompiledSchema> result;
    auto add = [&](const std::string& name, const Text& schema) {
      Json document = ms::parseJson(schema);
      document["$schema"] = "https://json-schema.org/draft/2020-12/schema";
      document["title"] = name;
      result.emplace(name, CompiledSchema::compile(document));
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

const Json& builtinJsonSchema(const std::string& name) { return builtins().at(name).source(); }
const CompiledSchema& builtinSchema(const std::string& name) { return builtins().at(name); }

}  // namespace ms::schema
