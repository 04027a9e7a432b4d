// Validating token streams (what the JS layer sends for app values) gives
// exactly the issues that validating the same value as JSON text gives.
#include <catch2/catch.hpp>

#include "allocation_support.h"
#include "common/input_error.h"
#include "schema/builtin_schemas.h"
#include "schema/token_reader.h"

using ms::schema::CompiledSchema;
using ms::Json;
using ms::schema::TokenStream;

namespace {

// A test-side encoder of the format documented in schema/token_reader.h.
struct Encoded {
  std::vector<std::uint32_t> tokens;
  std::vector<double> numbers;
  std::string bytes;
  std::vector<std::string> keys;

  void add(const Json& value) {
    if (value.is_null()) {
      tokens.push_back(0);
    } else if (value.is_boolean()) {
      tokens.push_back(value.get<bool>() ? 2 : 1);
    } else if (value.is_number()) {
      tokens.push_back(3);
      numbers.push_back(value.get<double>());
    } else if (value.is_string()) {
      tokens.insert(tokens.end(), {4, static_cast<std::uint32_t>(bytes.size()), static_cast<std::uint32_t>(value.get_ref<const std::string&>().size())});
      bytes += value.get<std::string>();
    } else if (value.is_array()) {
      tokens.insert(tokens.end(), {5, static_cast<std::uint32_t>(value.size())});
      for (const auto& item : value) add(item);
    } else if (value.size() == 1 && value.contains("$nonfinite")) {
      std::string name = value["$nonfinite"];
      tokens.push_back(name == "NaN" ? 7 : name == "Infinity" ? 8 : 9);
    } else {
      tokens.insert(tokens.end(), {6, static_cast<std::uint32_t>(value.size())});
      for (const auto& [key, item] : value.items()) {
        tokens.push_back(keyId(key));
        add(item);
      }
    }
  }
  std::uint32_t keyId(const std::string& key) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return static_cast<std::uint32_t>(i);
    }
    keys.push_back(key);
    return static_cast<std::uint32_t>(keys.size() - 1);
  }
  TokenStream stream() const { return {tokens, numbers, bytes, &keys}; }
};

Json issuesOf(const std::vector<ms::schema::Issue>& issues) { return ms::schema::issuesToJson(issues); }

void expectSameAsText(const CompiledSchema& schema, const Json& value) {
  Encoded encoded;
  encoded.add(value);
  INFO(value.dump());
  CHECK(issuesOf(schema.validateTokens(encoded.stream()).issues) == issuesOf(schema.validateText(value.dump()).issues));
}

Json randomValue(testing::Random& rand, int depth) {
  double r = rand.uniform();
  if (depth > 3 || r < 0.5) {
    double s = rand.uniform();
    if (s < 0.1) return nullptr;
    if (s < 0.2) return rand.chance(0.5);
    if (s < 0.3) return Json{{"$nonfinite", rand.chance(0.5) ? "NaN" : "-Infinity"}};
    if (s < 0.65) return (rand.uniform() - 0.2) * (rand.chance(0.5) ? 2 : 2000);
    return std::string(rand.chance(0.5) ? "SF" : "\xC3\xA9t\xC3\xA9 \n");
  }
  Json container = rand.chance(0.4) ? Json::array() : Json::object();
  int count = static_cast<int>(rand.uniform() * 5);
  static const char* names[] = {"residual_need", "stated_need", "timestamp", "mr_values", "attributes", "over_allocation_history", "x", "bob"};
  for (int i = 0; i < count; ++i) {
    if (container.is_array()) container.push_back(randomValue(rand, depth + 1));
    else container[names[static_cast<int>(rand.uniform() * 8)]] = randomValue(rand, depth + 1);
  }
  return container;
}

}  // namespace

TEST_CASE("token streams and text give the same issues on 500 seeded values, for every built-in") {
  for (std::uint64_t seed = 1; seed <= 500; ++seed) {
    testing::Random rand(seed);
    Json value = randomValue(rand, 0);
    for (const auto& name : ms::schema::builtinSchemaNames()) expectSameAsText(ms::schema::builtinSchema(name), value);
  }
}

TEST_CASE("unions, references, enums and key checks read token streams too") {
  auto schema = CompiledSchema::compile(Json::parse(R"({
    "type": "object", "propertyNames": {"minLength": 2}, "additionalProperties": {"$ref": "#/$defs/v"},
    "$defs": {"v": {"anyOf": [{"enum": ["a", 1, [true]]}, {"type": "array", "items": {"$ref": "#/$defs/v"}, "maxItems": 2}]}}
  })"));
  expectSameAsText(schema, Json::parse(R"({"ok": "a", "no": "b", "x": [1, [true], ["a", 2]], "nested": [[[1, 1, 1]]]})"));
  expectSameAsText(schema, Json::parse(R"({"fine": [1, "a"]})"));
}

TEST_CASE("malformed token streams are refused, not read past their end") {
  auto schema = CompiledSchema::compile(Json::parse("{}"));
  std::vector<std::string> keys = {"k"};
  auto refused = [&](std::vector<std::uint32_t> tokens, std::vector<double> numbers = {}, std::string bytes = "") {
    TokenStream stream{tokens, numbers, bytes, &keys};
    CHECK_THROWS_AS(schema.validateTokens(stream), ms::InputError);
  };
  refused({});
  refused({42});
  refused({3});                    // a number without its value
  refused({4, 0, 10}, {}, "abc");  // a string past the bytes
  refused({5, 3, 0});              // an array shorter than it says
  refused({6, 1, 7, 0});           // an unknown key id
  refused({0, 0});                 // tokens after the value
  refused({0}, {1.5});             // numbers left over
  CHECK(schema.validateTokens(TokenStream{std::vector<std::uint32_t>{6, 1, 0, 3}, std::vector<double>{2}, "", &keys}).ok());
}

TEST_CASE("enum and const match objects from token streams whatever the order of their keys") {
  auto schema = CompiledSchema::compile(Json::parse(R"({"anyOf": [{"const": {"a": 1, "b": {"c": 2, "d": 3}}}, {"enum": [[{"x": 1, "y": 2}]]}]})"));
  auto tokensOf = [](const char* text) {
    Encoded encoded;
    encoded.add(Json::parse(text));
    return encoded;
  };
  CHECK(schema.validateTokens(tokensOf(R"({"b": {"d": 3, "c": 2}, "a": 1})").stream()).ok());
  CHECK(schema.validateTokens(tokensOf(R"([{"y": 2, "x": 1}])").stream()).ok());
  CHECK_FALSE(schema.validateTokens(tokensOf(R"({"b": {"d": 3, "c": 2}, "a": 2})").stream()).ok());
  CHECK_FALSE(schema.validateTokens(tokensOf(R"({"b": {"d": 3, "c": 2}})").stream()).ok());
}
