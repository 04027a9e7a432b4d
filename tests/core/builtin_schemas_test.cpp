// The allocation data's built-in schemas: each constraint, valid and invalid.
#include <catch2/catch.hpp>

#include "allocation/filter.h"
#include "schema/builtin_schemas.h"

using ms::Json;
using ms::schema::builtinSchema;

namespace {

std::vector<ms::schema::Issue> issuesOf(const char* name, const Json& value) { return builtinSchema(name).validate(value).issues; }

Json paths(const std::vector<ms::schema::Issue>& issues) {
  Json list = Json::array();
  for (const auto& issue : issues) list.push_back(issue.path);
  return list;
}

Json minimalCommitment() { return {{"residual_need", 500}, {"stated_need", 1000}, {"timestamp", 1732000000000}}; }

}  // namespace

TEST_CASE("every built-in name resolves to a compiled schema with a JSON Schema document") {
  for (const auto& name : ms::schema::builtinSchemaNames()) {
    CHECK(ms::schema::builtinJsonSchema(name)["title"] == name);
    CHECK_NOTHROW(builtinSchema(name));
  }
  CHECK_THROWS_AS(builtinSchema("Nope"), std::out_of_range);
}

TEST_CASE("Commitment: the seed's minimal commitment is valid, a negative need is not") {
  CHECK(issuesOf("Commitment", minimalCommitment()).empty());
  Json invalid = minimalCommitment();
  invalid["residual_need"] = -100;
  auto issues = issuesOf("Commitment", invalid);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].path == Json::array({"residual_need"}));
  CHECK(issues[0].code == "too_small");
}

TEST_CASE("Commitment: every field's constraint") {
  Json full = minimalCommitment();
  full["capacity"] = 0;
  full["mr_values"] = {{"bob", 0.5}, {"carol", 1}};
  full["recognition_weights"] = {{"bob", 0}};
  full["capacity_filters"] = {{"food", {{"filter_fn", "all"}, {"required_attributes", {{"location", "SF"}, {"skills", {"a", 1, true}}}}}}};
  full["damping_factor"] = 0.8;
  full["over_allocation_history"] = {0, 20.5, 3};
  full["attributes"] = {{"location", "SF"}, {"age", 30}, {"tags", {"x"}}};
  full["vectorClock"] = {{"alice", 3}};
  full["round"] = 2;
  CHECK(issuesOf("Commitment", full).empty());

  struct Case { const char* field; Json bad; Json path; };
  const std::vector<Case> cases = {
      {"stated_need", -1, {"stated_need"}},
      {"capacity", -0.1, {"capacity"}},
      {"mr_values", {{"bob", 1.5}}, {"mr_values", "bob"}},
      {"recognition_weights", {{"bob", -0.1}}, {"recognition_weights", "bob"}},
      {"capacity_filters", {{"food", {{"filter_fn", "eval('x')"}}}}, {"capacity_filters", "food", "filter_fn"}},
      {"damping_factor", 1.2, {"damping_factor"}},
      {"over_allocation_history", {1, 2, 3, 4}, Json::array({"over_allocation_history"})},
      {"over_allocation_history", {1, -2}, {"over_allocation_history", 1}},
      {"attributes", {{"where", {{"nested", 1}}}}, {"attributes", "where"}},
      {"timestamp", 0, {"timestamp"}},
      {"timestamp", 1.5, {"timestamp"}},
      {"vectorClock", {{"alice", -1}}, {"vectorClock", "alice"}},
      {"round", 1.5, {"round"}},
  };
  for (const auto& c : cases) {
    Json value = full;
    value[c.field] = c.bad;
    INFO(c.field << " = " << c.bad.dump());
    CHECK(paths(issuesOf("Commitment", value)) == Json::array({c.path}));
  }
}

TEST_CASE("Commitment: missing required fields are each reported") {
  auto issues = issuesOf("Commitment", Json::object());
  CHECK(paths(issues) == Json::parse(R"([["residual_need"], ["stated_need"], ["timestamp"]])"));
  CHECK(issues[0].message == "Invalid input: expected number, received undefined");
}

TEST_CASE("VectorClock and RecognitionWeights are records with bounded values") {
  CHECK(issuesOf("VectorClock", {{"a", 0}, {"b", 12}}).empty());
  CHECK(paths(issuesOf("VectorClock", {{"a", 1.5}, {"b", -1}})) == Json::parse(R"([["a"], ["b"]])"));
  CHECK(issuesOf("RecognitionWeights", {{"a", 0.25}, {"b", 0.75}}).empty());
  CHECK(issuesOf("RecognitionWeights", {{"a", 2}})[0].code == "too_big");
  CHECK(issuesOf("RecognitionWeights", Json::array())[0].code == "invalid_type");
}

TEST_CASE("RoundState") {
  Json valid = {{"pubKey", "alice"}, {"round", 0}, {"vectorClock", {{"alice", 1}}}, {"timestamp", 5}};
  CHECK(issuesOf("RoundState", valid).empty());
  Json invalid = {{"pubKey", ""}, {"round", -1}, {"vectorClock", {{"alice", "1"}}}, {"timestamp", 0}};
  // Issues come in key order.
  CHECK(paths(issuesOf("RoundState", invalid)) == Json::parse(R"([["pubKey"], ["round"], ["timestamp"], ["vectorClock", "alice"]])"));
}

TEST_CASE("TwoTierAllocationState") {
  Json valid = {{"mutualDenominator", {{"c", 1.5}}}, {"nonMutualDenominator", {{"c", 0}}},
                {"mutualAllocations", {{"c", {{"bob", 10}}}}}, {"nonMutualAllocations", {{"c", Json::object()}}},
                {"timestamp", 1}};
  CHECK(issuesOf("TwoTierAllocationState", valid).empty());
  Json invalid = valid;
  invalid["mutualAllocations"]["c"]["bob"] = -3;
  invalid.erase("timestamp");
  CHECK(paths(issuesOf("TwoTierAllocationState", invalid)) == Json::parse(R"([["mutualAllocations", "c", "bob"], ["timestamp"]])"));
}

TEST_CASE("CapacityFilter names exactly the predicates the allocation engine knows") {
  for (const auto& name : ms::schema::builtinJsonSchema("CapacityFilter")["properties"]["filter_fn"]["enum"]) {
    CHECK_NOTHROW(ms::allocation::validateFilter(ms::Json{{"filter_fn", name.get<std::string>()}}));
  }
  CHECK(issuesOf("CapacityFilter", {{"filter_fn", "any"}}).empty());
  CHECK(paths(issuesOf("CapacityFilter", {{"filter_fn", "all"}, {"code", "x"}})) == Json::parse(R"([[]])"));
  CHECK(issuesOf("CapacityFilter", Json::object())[0].path == Json::array({"filter_fn"}));
}

TEST_CASE("integers beyond 2^53 - 1 fail the built-ins, as z.number().int() refuses them") {
  Json far = minimalCommitment();
  far["timestamp"] = 1e300;
  CHECK(paths(issuesOf("Commitment", far)) == Json::parse(R"([["timestamp"]])"));
  Json clock = {{"alice", 9007199254740994.0}};
  CHECK(paths(issuesOf("VectorClock", clock)) == Json::parse(R"([["alice"]])"));
  CHECK(issuesOf("VectorClock", Json{{"alice", 9007199254740991.0}}).empty());
  Json round = {{"pubKey", "p"}, {"round", 1e17}, {"vectorClock", Json::object()}, {"timestamp", 1}};
  CHECK(paths(issuesOf("RoundState", round)) == Json::parse(R"([["round"]])"));
}
