// Compiling schemas: what is supported compiles, anything we could not
// enforce is refused with the location of the problem.
#include <catch2/catch.hpp>

#include "common/input_error.h"
#include "schema/compiled_schema.h"

using ms::Json;
using ms::schema::CompiledSchema;

namespace {

std::string compileError(const char* schemaText) {
  try {
    CompiledSchema::compile(Json::parse(schemaText));
  } catch (const ms::InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("schemas using the supported subset compile") {
  const char* schema = R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "t", "description": "d",
    "type": "object", "required": ["a"], "additionalProperties": false,
    "properties": {
      "a": {"type": ["integer", "null"], "minimum": 0, "maximum": 9, "exclusiveMinimum": -1, "exclusiveMaximum": 10},
      "b": {"type": "string", "minLength": 1, "maxLength": 3, "enum": ["x", "yy"], "format": "email", "pattern": "^x"},
      "c": {"type": "array", "items": {"$ref": "#/$defs/leaf"}, "minItems": 0, "maxItems": 2},
      "d": {"anyOf": [{"const": 1}, {"oneOf": [{"type": "string"}, {"type": "boolean"}]}]},
      "e": {"type": "object", "propertyNames": {"minLength": 2}, "additionalProperties": {"type": "number"}},
      "f": {"default": 5},
      "g": true, "h": false
    },
    "$defs": {"leaf": {"type": "number"}}
  })";
  REQUIRE_NOTHROW(CompiledSchema::compile(Json::parse(schema)));
}

TEST_CASE("unsupported assertion keywords are refused, naming the place") {
  std::string message = compileError(R"({"properties": {"name": {"type": "number", "multipleOf": 2}}})");
  CHECK_THAT(message, Catch::Contains("#/properties/name/multipleOf"));
  CHECK_THAT(message, Catch::Contains("keyword \"multipleOf\""));
  CHECK_THAT(compileError(R"({"prefixItems": [true]})"), Catch::Contains("prefixItems"));
}

TEST_CASE("malformed keyword values are refused") {
  CHECK_THAT(compileError(R"({"type": "text"})"), Catch::Contains("#/type"));
  CHECK_THAT(compileError(R"({"type": []})"), Catch::Contains("#/type"));
  CHECK_THAT(compileError(R"({"minimum": "3"})"), Catch::Contains("#/minimum"));
  CHECK_THAT(compileError(R"({"minLength": -1})"), Catch::Contains("#/minLength"));
  CHECK_THAT(compileError(R"({"maxItems": 1.5})"), Catch::Contains("#/maxItems"));
  CHECK_THAT(compileError(R"({"required": "a"})"), Catch::Contains("#/required"));
  CHECK_THAT(compileError(R"({"enum": 3})"), Catch::Contains("#/enum"));
  CHECK_THAT(compileError(R"({"anyOf": []})"), Catch::Contains("#/anyOf"));
  CHECK_THAT(compileError(R"({"properties": []})"), Catch::Contains("#/properties"));
  CHECK_THAT(compileError(R"(42)"), Catch::Contains("object or a boolean"));
}

TEST_CASE("references must be within the schema and must exist") {
  CHECK_THAT(compileError(R"({"$ref": "https://example.com/s.json"})"), Catch::Contains("remote references are not supported"));
  CHECK_THAT(compileError(R"({"$ref": "#/$defs/missing"})"), Catch::Contains("does not exist"));
}

TEST_CASE("recursive references compile and validate nested data") {
  auto schema = CompiledSchema::compile(Json::parse(R"({
    "$ref": "#/$defs/tree",
    "$defs": {"tree": {"type": "object", "properties": {"value": {"type": "number"},
      "children": {"type": "array", "items": {"$ref": "#/$defs/tree"}}}, "required": ["value"]}}
  })"));
  CHECK(schema.validate(Json::parse(R"({"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]})")).ok());
  auto result = schema.validate(Json::parse(R"({"value": 1, "children": [{"value": 2, "children": [{"value": "x"}]}]})"));
  REQUIRE(result.issues.size() == 1);
  CHECK(result.issues[0].path == Json::parse(R"(["children", 0, "children", 0, "value"])"));
}

TEST_CASE("a reference to the root recurses without hanging") {
  auto schema = CompiledSchema::compile(Json::parse(R"({"type": "array", "items": {"$ref": "#"}})"));
  CHECK(schema.validate(Json::parse("[[[]], []]")).ok());
  CHECK_FALSE(schema.validate(Json::parse("[[[1]]]")).ok());
}
