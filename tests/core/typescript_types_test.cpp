// The TypeScript types generated for the built-in schemas (tools/boundary):
// what each keyword becomes, and that a keyword it cannot say stops the build.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "schema/builtin_schemas.h"
#include "schema/typescript_types.h"

using ms::Json;
using ms::schema::typeScriptOf;

TEST_CASE("scalars, enums, unions, arrays and records") {
  CHECK(typeScriptOf(Json::parse(R"({"type": "integer", "minimum": 0})")) == "number");
  CHECK(typeScriptOf(Json::parse(R"({"type": "string", "enum": ["all", "any"]})")) == R"("all" | "any")");
  CHECK(typeScriptOf(Json::parse(R"({"type": ["string", "number", "boolean"]})")) == "string | number | boolean");
  CHECK(typeScriptOf(Json::parse(R"({"type": "array", "items": {"type": "number"}})")) == "number[]");
  CHECK(typeScriptOf(Json::parse(R"({"type": "array", "items": {"type": ["string", "number"]}})")) == "Array<string | number>");
  CHECK(typeScriptOf(Json::parse(R"({"type": "object", "additionalProperties": {"type": "number"}})")) ==
        "Record<string, number>");
  CHECK(typeScriptOf(Json::parse(R"({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})")) ==
        "string | string[]");
  CHECK(typeScriptOf(Json(true)) == "unknown");
}

TEST_CASE("objects: required and optional members, descriptions, open or closed") {
  Json open = Json::parse(R"({"type": "object", "properties": {"a": {"type": "number", "description": "The a."},
                             "b": {"type": "string"}}, "required": ["a"]})");
  CHECK(typeScriptOf(open) == "{\n  /** The a. */\n  a: number;\n  b?: string;\n  [extra: string]: unknown;\n}");
  Json closed = Json::parse(R"({"type": "object", "properties": {"a": {"type": "boolean"}}, "additionalProperties": false})");
  CHECK(typeScriptOf(closed, "  ") == "{\n    a?: boolean;\n  }");
  // A description cannot end the doc comment early.
  Json sly = Json::parse(R"({"type": "object", "properties": {"a": {"type": "null", "description": "x */ y"}}, "additionalProperties": false})");
  CHECK(typeScriptOf(sly).find("x *\\/ y") != std::string::npos);
}

TEST_CASE("a keyword the generator cannot express fails instead of widening the type") {
  CHECK_THROWS_AS(typeScriptOf(Json::parse(R"({"type": "string", "pattern": "^a"})")), std::invalid_argument);
  CHECK_THROWS_AS(typeScriptOf(Json::parse(R"({"oneOf": [{"type": "string"}]})")), std::invalid_argument);
}

TEST_CASE("every built-in schema has a type") {
  for (const std::string& name : ms::schema::builtinSchemaNames()) {
    INFO(name);
    CHECK_NOTHROW(typeScriptOf(ms::schema::builtinJsonSchema(name)));
  }
  const std::string commitment = typeScriptOf(ms::schema::builtinJsonSchema("Commitment"));
  CHECK(commitment.find("  residual_need: number;\n") != std::string::npos);
  CHECK(commitment.find("  over_allocation_history?: number[];\n") != std::string::npos);
  CHECK(commitment.find("  [extra: string]: unknown;\n") != std::string::npos);
}
