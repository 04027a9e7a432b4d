// Validation: Zod-style issues ({path, code, message}) for every problem.
#include <catch2/catch.hpp>

#include "schema/compiled_schema.h"

using ms::Json;
using ms::schema::CompiledSchema;
using ms::schema::Issue;

namespace {

std::vector<Issue> issuesOf(const char* schemaText, const Json& value) {
  return CompiledSchema::compile(Json::parse(schemaText)).validate(value).issues;
}

std::vector<Issue> issuesOf(const char* schemaText, const char* valueText) {
  return issuesOf(schemaText, Json::parse(valueText));
}

Json nonFinite(const char* which) { return Json{{"$nonfinite", which}}; }

}  // namespace

TEST_CASE("types, including integer and lists of types") {
  CHECK(issuesOf(R"({"type": "number"})", "1.5").empty());
  CHECK(issuesOf(R"({"type": "integer"})", "3").empty());
  CHECK(issuesOf(R"({"type": "integer"})", "3.0").empty());
  CHECK(issuesOf(R"({"type": ["string", "null"]})", "null").empty());
  auto issues = issuesOf(R"({"type": "integer"})", "3.5");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "invalid_type");
  CHECK(issues[0].message == "Invalid input: expected integer, received number");
  CHECK(issuesOf(R"({"type": "number"})", R"("5")")[0].message == "Invalid input: expected number, received string");
  CHECK(issuesOf(R"({"type": "object"})", "[]")[0].message == "Invalid input: expected object, received array");
  CHECK(issuesOf(R"({"type": ["string", "null"]})", "1")[0].message == "Invalid input: expected null|string, received number");
}

TEST_CASE("NaN and Infinity (as the JS layer marks them) are never numbers") {
  for (const char* which : {"NaN", "Infinity", "-Infinity"}) {
    auto issues = issuesOf(R"({"type": "number"})", nonFinite(which));
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].message == std::string("Invalid input: expected number, received ") + which);
    CHECK(issuesOf(R"({"type": "object"})", nonFinite(which)).size() == 1);
  }
}

TEST_CASE("number bounds, inclusive and exclusive") {
  const char* schema = R"({"type": "number", "minimum": 0, "maximum": 1})";
  CHECK(issuesOf(schema, "0").empty());
  CHECK(issuesOf(schema, "1").empty());
  auto low = issuesOf(schema, "-0.5");
  REQUIRE(low.size() == 1);
  CHECK(low[0].code == "too_small");
  CHECK(low[0].message == "Too small: expected number to be >=0");
  CHECK(issuesOf(schema, "1.25")[0].message == "Too big: expected number to be <=1");
  const char* exclusive = R"({"exclusiveMinimum": 0, "exclusiveMaximum": 0.5})";
  CHECK(issuesOf(exclusive, "0")[0].message == "Too small: expected number to be >0");
  CHECK(issuesOf(exclusive, "0.5")[0].message == "Too big: expected number to be <0.5");
  CHECK(issuesOf(exclusive, "0.25").empty());
}

TEST_CASE("string lengths count characters, not bytes") {
  const char* schema = R"({"type": "string", "minLength": 2, "maxLength": 3})";
  CHECK(issuesOf(schema, R"("né")").empty());
  CHECK(issuesOf(schema, R"("日本語")").empty());
  CHECK(issuesOf(schema, R"("x")")[0].message == "Too small: expected string to have >=2 characters");
  CHECK(issuesOf(schema, R"("abcd")")[0].message == "Too big: expected string to have <=3 characters");
}

TEST_CASE("arrays: item counts and items, with indices in the path") {
  const char* schema = R"({"type": "array", "maxItems": 3, "minItems": 1, "items": {"type": "number", "minimum": 0}})";
  CHECK(issuesOf(schema, "[1, 2, 3]").empty());
  CHECK(issuesOf(schema, "[]")[0].message == "Too small: expected array to have >=1 items");
  auto issues = issuesOf(schema, R"([1, -2, "x", 4])");
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].code == "too_big");
  CHECK(issues[0].path == Json::array());
  CHECK(issues[1].path == Json::array({1}));
  CHECK(issues[2].path == Json::array({2}));
}

TEST_CASE("objects: every problem is listed, not just the first") {
  const char* schema = R"({"type": "object", "required": ["a", "b"], "additionalProperties": false,
    "properties": {"a": {"type": "number"}, "b": {"type": "string"}, "c": {"type": "boolean"}}})";
  auto issues = issuesOf(schema, R"({"a": "1", "c": 3, "x": 1, "y": 2})");
  REQUIRE(issues.size() == 4);
  CHECK(issues[0].path == Json::array({"a"}));
  CHECK(issues[1].path == Json::array({"c"}));
  CHECK(issues[2].path == Json::array({"b"}));
  CHECK(issues[2].message == "Invalid input: expected string, received undefined");
  CHECK(issues[3].code == "unrecognized_keys");
  CHECK(issues[3].message == R"(Unrecognized keys: "x", "y")");
  CHECK(issues[3].details["keys"] == Json::array({"x", "y"}));
}

TEST_CASE("records: additionalProperties and propertyNames") {
  const char* schema = R"({"type": "object", "propertyNames": {"minLength": 2}, "additionalProperties": {"type": "number", "maximum": 1}})";
  CHECK(issuesOf(schema, R"({"ab": 0.5, "cd": 1})").empty());
  auto issues = issuesOf(schema, R"({"a": 0.5, "cd": 2})");
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].code == "invalid_key");
  CHECK(issues[0].path == Json::array({"a"}));
  CHECK(issues[1].path == Json::array({"cd"}));
  CHECK(issues[1].code == "too_big");
}

TEST_CASE("enum and const compare JSON values, numbers by value") {
  CHECK(issuesOf(R"({"enum": ["a", 1, null]})", "1.0").empty());
  CHECK(issuesOf(R"({"enum": ["a", 1, null]})", "null").empty());
  auto issues = issuesOf(R"({"enum": ["a", "b"]})", R"("c")");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "invalid_value");
  CHECK(issues[0].message == R"(Invalid option: expected one of "a"|"b")");
  CHECK(issuesOf(R"({"const": {"k": [1]}})", R"({"k": [1]})").empty());
  CHECK(issuesOf(R"({"const": "x"})", R"("y")")[0].message == R"(Invalid input: expected "x")");
  CHECK(issuesOf(R"({"enum": ["5"]})", "5").size() == 1);  // "5" is not 5
}

TEST_CASE("anyOf needs one match; oneOf exactly one") {
  const char* any = R"({"anyOf": [{"type": "string"}, {"type": "number", "minimum": 0}]})";
  CHECK(issuesOf(any, R"("x")").empty());
  CHECK(issuesOf(any, "3").empty());
  auto issues = issuesOf(any, "-1");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "invalid_union");
  CHECK(issues[0].details["errors"].size() == 2);
  const char* one = R"({"oneOf": [{"type": "number"}, {"type": "integer"}]})";
  CHECK(issuesOf(one, "1.5").empty());
  CHECK(issuesOf(one, "2")[0].message == "Invalid input: matches 2 options, expected exactly one");
  CHECK(issuesOf(one, "true")[0].code == "invalid_union");
}

TEST_CASE("false accepts nothing, true and {} accept everything") {
  CHECK(issuesOf("false", "1")[0].message == "Invalid input: expected never, received number");
  CHECK(issuesOf("true", R"({"a": [1, null]})").empty());
  CHECK(issuesOf("{}", "null").empty());
}

TEST_CASE("defaults satisfy required and are filled into the output") {
  auto schema = CompiledSchema::compile(Json::parse(R"({"type": "object", "required": ["n", "tags"],
    "properties": {"n": {"type": "number", "default": 3}, "tags": {"type": "array", "default": []},
    "inner": {"type": "object", "properties": {"on": {"default": true}}}}})"));
  REQUIRE(schema.reshapes());
  Json value = Json::parse(R"({"inner": {}})");
  CHECK(schema.validate(value).ok());
  Json filled = schema.output(value);
  CHECK(filled == Json::parse(R"({"inner": {"on": true}, "n": 3, "tags": []})"));
  CHECK(value == Json::parse(R"({"inner": {}})"));  // the input is untouched
  CHECK_FALSE(CompiledSchema::compile(Json::parse(R"({"type": "number"})")).reshapes());
}

TEST_CASE("values nested deeper than the limit are refused, not recursed into") {
  Json value = Json::array();
  for (int i = 0; i < 400; ++i) value = Json::array({value});
  auto issues = issuesOf(R"({"type": "array", "items": {"$ref": "#"}})", value);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "too_deep");
}

TEST_CASE("enum and const compare objects whatever the order of their keys") {
  auto valid = [](const char* schemaText, const char* valueText) {  // the value as written, keys in its order
    return CompiledSchema::compile(Json::parse(schemaText)).validateText(valueText).ok();
  };
  CHECK(valid(R"({"const": {"a": 1, "b": 2}})", R"({"b": 2, "a": 1})"));
  CHECK(valid(R"({"const": {"b": 2, "a": 1}})", R"({"a": 1, "b": 2})"));
  CHECK(valid(R"({"enum": [0, {"b": 2, "a": [{"c": 1, "d": 2}]}]})", R"({"a": [{"d": 2, "c": 1}], "b": 2})"));
  CHECK_FALSE(valid(R"({"const": {"a": 1, "b": 2}})", R"({"b": 2, "a": 3})"));
  CHECK_FALSE(valid(R"({"const": {"a": 1, "b": 2}})", R"({"b": 2, "a": 1, "c": 3})"));
  CHECK_FALSE(valid(R"({"enum": [[1, 2]]})", "[2, 1]"));
}

TEST_CASE("parse output and schema sources list keys in sorted order, however they were written") {
  auto schema = CompiledSchema::compile(Json::parse(R"({"type": "object", "x-stripUnknown": true, "properties":
    {"z": {"type": "number"}, "m": {"type": "object", "properties": {"y": {}, "x": {"default": 2}}}, "a": {"default": "d"}}})"));
  CHECK(schema.source().dump() ==
        R"({"properties":{"a":{"default":"d"},"m":{"properties":{"x":{"default":2},"y":{}},"type":"object"},"z":{"type":"number"}},"type":"object","x-stripUnknown":true})");
  CHECK(schema.output(Json::parse(R"({"z": 1, "gone": 0, "m": {"y": 1}})")).dump() == R"({"a":"d","m":{"x":2,"y":1},"z":1})");
}

TEST_CASE("x-stripUnknown keeps the declared members of a large object") {
  auto schema = CompiledSchema::compile(Json::parse(R"({"type": "object", "x-stripUnknown": true, "properties": {"k7": {}, "k900": {}}})"));
  Json value = Json::object();
  for (int i = 0; i < 2000; ++i) value["k" + std::to_string(i)] = i;
  CHECK(schema.output(value) == Json::parse(R"({"k7": 7, "k900": 900})"));
}
