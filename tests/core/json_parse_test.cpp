// parseJson: the same values nlohmann's parser gives, object keys in the
// order written, repeated keys as JavaScript's JSON.parse treats them, and
// bad text refused.
#include <catch2/catch.hpp>

#include <string>

#include "common/json_parse.h"

using ms::Json;
using ms::parseJson;

TEST_CASE("parseJson agrees with nlohmann's parser on ordinary documents") {
  for (const char* text : {
           "null", "true", "false", "0", "-0", "12", "-7", "18446744073709551615", "1.5e300", "3.25", "\"text\"",
           "[]", "{}", R"({"b": 1, "a": [1, 2, {"z": null, "y": "\u0000 \n"}], "c": {"d": {"e": -1.25}}})",
           R"([{"#": "soul", "put": {"x": {"_": {"#": "x", ">": {"f": 1700000000000.5}}, "f": "v"}}}])",
       }) {
    INFO(text);
    Json ours = parseJson(text);
    Json theirs = Json::parse(text);
    CHECK(ours == theirs);
    CHECK(ours.dump() == theirs.dump());
  }
}

TEST_CASE("parseJson keeps keys in the order written") {
  Json value = parseJson(R"({"zeta": 1, "alpha": 2, "mid": {"y": 1, "x": 2}})");
  std::string order;
  for (const auto& [key, _] : value.items()) order += key + ",";
  CHECK(order == "zeta,alpha,mid,");
  CHECK(value["mid"].dump() == R"({"y":1,"x":2})");
}

TEST_CASE("a repeated key keeps its first position and its last value") {
  Json value = parseJson(R"({"a": 1, "b": 2, "a": 3, "c": {"k": 1, "k": 2}})");
  CHECK(value.dump() == R"({"a":3,"b":2,"c":{"k":2}})");
  CHECK(value.size() == 3);
}

TEST_CASE("bad text is refused as discarded") {
  for (const char* text : {"", "{", "[1,", R"({"a" 1})", "nul", "{\"a\":1}x", "\"\\x\""}) {
    INFO(text);
    CHECK(parseJson(text).is_discarded());
  }
}

TEST_CASE("large and deep documents parse whole") {
  std::string many = "{";
  for (int i = 0; i < 100000; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  many += "}";
  Json value = parseJson(many);
  REQUIRE(value.size() == 100000);
  CHECK(value.begin().key() == "k0");
  CHECK(value["k99999"] == 99999);

  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  Json nested = parseJson(deep);
  CHECK(nested.is_array());
}
