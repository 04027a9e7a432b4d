// $id scoping, percent-encoded $ref fragments, empty enums, pattern and
// format, x-stripUnknown, and the dialect: each a finding of issue 16.
#include <catch2/catch.hpp>

#include "common/input_error.h"
#include "schema/compiled_schema.h"
#include "schema/formats.h"
#include "schema/schema_uri.h"

using namespace ms::schema;
using ms::Json;

namespace {

bool valid(const char* schema, const char* value) {
  return CompiledSchema::compile(Json::parse(schema)).validateText(value).ok();
}

std::string refusal(const char* schema) {
  try {
    CompiledSchema::compile(Json::parse(schema));
  } catch (const ms::InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a $ref inside a subschema with its own $id resolves against that $id") {
  const char* schema = R"({"$defs": {"a": {"type": "integer"}},
    "properties": {"x": {"$id": "http://example.com/x.json", "$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a"}}})";
  CHECK(valid(schema, R"({"x": "text"})"));
  CHECK_FALSE(valid(schema, R"({"x": 1})"));
}

TEST_CASE("$ref reaches other resources of the document by URI, relative or absolute, and $anchors") {
  const char* schema = R"({"$id": "http://example.com/root.json",
    "$defs": {"B": {"$id": "other.json", "type": "string"}, "C": {"$anchor": "count", "type": "integer"}},
    "properties": {"b": {"$ref": "other.json"}, "c": {"$ref": "#count"}, "d": {"$ref": "http://example.com/other.json"}}})";
  CHECK(valid(schema, R"({"b": "x", "c": 2, "d": "y"})"));
  CHECK_FALSE(valid(schema, R"({"b": 1})"));
  CHECK_FALSE(valid(schema, R"({"c": 1.5})"));
  CHECK_FALSE(valid(schema, R"({"d": 1})"));
  CHECK(refusal(R"({"$ref": "http://example.com/elsewhere.json"})").find("reference \"http://example.com/elsewhere.json\"") != std::string::npos);
}

TEST_CASE("$ref fragments are percent-decoded, then read as JSON pointers with ~0 and ~1") {
  const char* schema = R"({"$defs": {"a%b": {"type": "string"}, "c/d": {"type": "integer"}, "e~f": {"type": "boolean"}},
    "properties": {"p": {"$ref": "#/$defs/a%25b"}, "s": {"$ref": "#/$defs/c~1d"}, "t": {"$ref": "#/$defs/e~0f"}}})";
  CHECK(valid(schema, R"({"p": "x", "s": 1, "t": true})"));
  CHECK_FALSE(valid(schema, R"({"p": 1})"));
  CHECK_FALSE(valid(schema, R"({"s": "x"})"));
  CHECK_FALSE(valid(schema, R"({"t": 1})"));
  CHECK(percentDecode("a%2") == std::nullopt);
  CHECK(resolveUri("http://a/b/c/d", "../g?q#f") == "http://a/b/g?q#f");
}

TEST_CASE("enum: [] is a schema that accepts nothing") {
  CHECK_FALSE(valid(R"({"enum": []})", "1"));
  CHECK_FALSE(valid(R"({"enum": []})", "null"));
}

TEST_CASE("pattern is searched for (not anchored), and refused when it is not a regular expression") {
  CHECK(valid(R"({"pattern": "b+"})", R"("abbc")"));
  CHECK_FALSE(valid(R"({"pattern": "^b+$"})", R"("abbc")"));
  CHECK(valid(R"({"pattern": "^b+$"})", "12"));  // applies to strings only
  CHECK_FALSE(valid(R"({"anyOf": [{"pattern": "^a"}, {"type": "number"}]})", R"("b")"));
  auto issues = CompiledSchema::compile(Json::parse(R"({"pattern": "^a"})")).validateText(R"("b")").issues;
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "invalid_format");
  CHECK(issues[0].message == "Invalid string: must match pattern /^a/");
  CHECK(refusal(R"({"pattern": "(unclosed"})").find("#/pattern") != std::string::npos);
}

TEST_CASE("format is enforced for the formats it names, and refused for others") {
  CHECK(valid(R"({"format": "email"})", R"("ann@example.com")"));
  CHECK_FALSE(valid(R"({"format": "email"})", R"("ann.example.com")"));
  CHECK_FALSE(valid(R"({"format": "date"})", R"("2023-02-29")"));
  CHECK(valid(R"({"format": "date"})", R"("2024-02-29")"));
  CHECK(valid(R"({"format": "date-time"})", R"("1990-12-31T15:59:60-08:00")"));
  CHECK_FALSE(valid(R"({"format": "date-time"})", R"("1990-12-31T15:59:59")"));
  CHECK(valid(R"({"format": "time"})", R"("08:30:06.283185Z")"));
  CHECK_FALSE(valid(R"({"format": "ipv4"})", R"("127.0.0.01")"));
  CHECK(valid(R"({"format": "ipv6"})", R"("::ffff:192.168.0.1")"));
  CHECK_FALSE(valid(R"({"format": "ipv6"})", R"("1:2:3:4:5:6:7:8:9")"));
  CHECK(valid(R"({"format": "uuid"})", R"("2eb8aa08-aa98-11ea-b4aa-73b441d16380")"));
  CHECK_FALSE(valid(R"({"format": "uri"})", R"("//example.com/no-scheme")"));
  CHECK_FALSE(valid(R"({"format": "hostname"})", R"("-bad.example")"));
  CHECK(valid(R"({"format": "hostname"})", "7"));  // applies to strings only
  CHECK(refusal(R"({"format": "iri"})").find("keyword \"format\"") != std::string::npos);
}

TEST_CASE("x-stripUnknown drops undeclared properties from the output, through unions and refs") {
  auto schema = CompiledSchema::compile(Json::parse(R"({"type": "object", "x-stripUnknown": true,
    "properties": {"a": {"type": "string"}, "n": {"anyOf": [{"$ref": "#/$defs/named"}, {"type": "number"}]}},
    "$defs": {"named": {"type": "object", "x-stripUnknown": true, "properties": {"name": {"type": "string"}}}}})"));
  Json value = Json::parse(R"({"a": "x", "extra": 1, "n": {"name": "b", "more": 2}})");
  REQUIRE(schema.validate(value).ok());
  CHECK(schema.output(value) == Json::parse(R"({"a": "x", "n": {"name": "b"}})"));
}

TEST_CASE("a $schema other than draft 2020-12 is refused: it could switch vocabularies off") {
  CHECK(refusal(R"({"$schema": "http://localhost:1234/metaschema-no-validation.json"})").find("keyword \"$schema\"") != std::string::npos);
  CHECK(refusal(R"({"$schema": "https://json-schema.org/draft/2020-12/schema"})").empty());
}

TEST_CASE("allOf applies every part; not refuses what its schema accepts") {
  const char* both = R"({"allOf": [{"pattern": "^x"}, {"pattern": "y$"}]})";
  CHECK(valid(both, R"("xay")"));
  CHECK_FALSE(valid(both, R"("xa")"));
  CHECK_FALSE(valid(both, R"("ay")"));
  CHECK(valid(R"({"not": {"type": "string"}})", "1"));
  CHECK_FALSE(valid(R"({"not": {"type": "string"}})", R"("s")"));
  CHECK_FALSE(valid(R"({"not": {}})", "null"));
}
