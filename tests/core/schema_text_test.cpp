// Validating JSON text directly: strict syntax, escapes, deep nesting, and
// the JS layer's marker for NaN/Infinity.
#include <catch2/catch.hpp>

#include "common/input_error.h"
#include <cmath>
#include <cstdlib>

#include "schema/compiled_schema.h"
#include "schema/json_number.h"

using ms::schema::CompiledSchema;
using ms::Json;

namespace {

CompiledSchema schemaOf(const char* text) { return CompiledSchema::compile(Json::parse(text)); }

std::string syntaxErrorOf(const CompiledSchema& schema, std::string_view text) {
  try {
    schema.validateText(text);
  } catch (const ms::InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("text that is not strict JSON is refused with the byte offset") {
  auto anything = schemaOf("{}");
  for (std::string_view bad : {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "+1", "NaN", "nul", "\"abc", "\"\\x\"",
                               "\"\\u12G4\"", "{'a': 1}", "[1] x", "{\"a\":1,}", "\"tab\there\""}) {
    INFO(bad);
    CHECK_THAT(syntaxErrorOf(anything, bad), Catch::Contains("is not valid JSON"));
  }
  CHECK_THAT(syntaxErrorOf(anything, "[1, }"), Catch::Contains("at byte 4"));
  CHECK(syntaxErrorOf(anything, " { \"a\" : [ 1 , -0.5e-3 , true , null , \"\\u00e9\\n\" ] } ").empty());
}

TEST_CASE("nesting beyond 1,000 levels is refused instead of exhausting the stack") {
  auto anything = schemaOf("{}");
  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  CHECK_THAT(syntaxErrorOf(anything, deep), Catch::Contains("nesting deeper"));
}

TEST_CASE("escaped keys are compared by their decoded text") {
  auto schema = schemaOf(R"({"type": "object", "properties": {"a": {"type": "number"}}, "required": ["a"], "additionalProperties": false})");
  CHECK(schema.validateText(R"({"\u0061": 1})").ok());
  auto issues = schema.validateText(R"({"\u0061": "x", "b\nc": 1})").issues;
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].path == Json::array({"a"}));
  CHECK(issues[1].details["keys"] == Json::array({"b\nc"}));
}

TEST_CASE("string lengths count escapes and surrogate pairs as one character") {
  auto schema = schemaOf(R"({"type": "string", "maxLength": 2})");
  CHECK(schema.validateText(R"("\ud83d\ude00\n")").ok());       // emoji + newline
  CHECK(schema.validateText("\"\xF0\x9F\x98\x80\\n\"").ok());       // the same, raw UTF-8
  CHECK_FALSE(schema.validateText(R"("\ud83d\ude00ab")").ok());
  CHECK(schema.validateText(R"("\ud800x")").ok());               // a lone surrogate is one character
}

TEST_CASE("the NaN/Infinity marker is only recognised in its exact form") {
  auto number = schemaOf(R"({"type": "number"})");
  CHECK(number.validateText(R"({"$nonfinite":"NaN"})").issues.at(0).message == "Invalid input: expected number, received NaN");
  CHECK(number.validateText(R"({"$nonfinite":"-Infinity"})").issues.at(0).message == "Invalid input: expected number, received -Infinity");
  CHECK(number.validateText(R"({"$nonfinite":"nan"})").issues.at(0).message == "Invalid input: expected number, received object");
  auto record = schemaOf(R"({"type": "object", "additionalProperties": {"type": "number"}})");
  auto issues = record.validateText(R"({"a":1,"b":{"$nonfinite":"Infinity"},"c":[]})").issues;
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].path == Json::array({"b"}));
  CHECK(issues[1].path == Json::array({"c"}));
}

TEST_CASE("issues follow the order of the text") {
  auto schema = schemaOf(R"({"type": "object", "additionalProperties": {"type": "number"}})");
  auto issues = schema.validateText(R"({"z": "1", "a": "2", "m": "3"})").issues;
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].path == Json::array({"z"}));
  CHECK(issues[1].path == Json::array({"a"}));
  CHECK(issues[2].path == Json::array({"m"}));
}

TEST_CASE("a wrong type inside a union or reference is reported once") {
  auto schema = schemaOf(R"({"type": "string", "enum": ["a"], "anyOf": [{"minLength": 1}]})");
  auto issues = schema.validateText("5").issues;
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "invalid_type");
}

TEST_CASE("numbers decide bounds and integrality by their exact value") {
  using ms::schema::JsonNumber;
  auto read = [](std::string_view text) {
    JsonNumber number;
    std::size_t pos = 0;
    REQUIRE(ms::schema::readJsonNumber(text, pos, number));
    CHECK(pos == text.size());
    return number;
  };
  // Every number compares like the double strtod gives, whichever path read it.
  for (std::string_view text : {"0", "-0", "1", "0.1", "0.30000000000000004", "123456789012345678901234567890",
                                "1e22", "1e23", "4.9e-324", "1.7976931348623157e308", "0.12345678901234567",
                                "9007199254740993", "2.5e-7", "-17.25"}) {
    INFO(text);
    JsonNumber number = read(text);
    double exact = std::strtod(std::string(text).c_str(), nullptr);
    CHECK(number.exactValue() == exact);
    CHECK_FALSE(number.lessThan(exact));
    CHECK_FALSE(number.greaterThan(exact));
    CHECK(number.isIntegral() == (std::floor(exact) == exact));
  }
  auto schema = schemaOf(R"({"type": "integer", "exclusiveMaximum": 1e21})");
  CHECK(schema.validateText("1.0e2").ok());
  CHECK_FALSE(schema.validateText("1.0000000000000002").ok());
  CHECK_FALSE(schema.validateText("1e21").ok());
  CHECK(schema.validateText("999999999999999900000").ok());
}
