// Equality without regard to key order, and sorted keys (common/json_key_order.h).
#include <catch2/catch.hpp>

#include <string>

#include "common/json_key_order.h"

using ms::Json;
using ms::equalIgnoringKeyOrder;
using ms::withSortedKeys;

TEST_CASE("objects with the same members in another order are equal") {
  const Json ab = Json::parse(R"({"a": 1, "b": 2})");
  const Json ba = Json::parse(R"({"b": 2, "a": 1})");
  REQUIRE_FALSE(ab == ba);  // the core's Json compares keys in the order they were written
  CHECK(equalIgnoringKeyOrder(ab, ba));
  CHECK(equalIgnoringKeyOrder(Json::parse(R"([{"x": {"a": 1, "b": [1, {"c": 0, "d": 1}]}}])"),
                              Json::parse(R"([{"x": {"b": [1, {"d": 1, "c": 0}], "a": 1}}])")));
}

TEST_CASE("everything but key order still counts") {
  CHECK_FALSE(equalIgnoringKeyOrder(Json::parse(R"({"a": 1, "b": 2})"), Json::parse(R"({"a": 1, "b": 3})")));
  CHECK_FALSE(equalIgnoringKeyOrder(Json::parse(R"({"a": 1, "b": 2})"), Json::parse(R"({"a": 1, "c": 2})")));
  CHECK_FALSE(equalIgnoringKeyOrder(Json::parse(R"({"a": 1})"), Json::parse(R"({"a": 1, "b": 2})")));
  CHECK_FALSE(equalIgnoringKeyOrder(Json::parse(R"({"a": 1, "b": 2})"), Json::parse(R"({"a": 1})")));
  CHECK_FALSE(equalIgnoringKeyOrder(Json::parse("[1, 2]"), Json::parse("[2, 1]")));  // arrays keep their order
  CHECK_FALSE(equalIgnoringKeyOrder(Json::parse(R"({"a": 1})"), Json::parse(R"([["a", 1]])")));
  CHECK_FALSE(equalIgnoringKeyOrder(Json::parse(R"("1")"), Json::parse("1")));
  CHECK(equalIgnoringKeyOrder(Json::parse("1"), Json::parse("1.0")));  // numbers by value
  CHECK(equalIgnoringKeyOrder(Json::object(), Json::object()));
  CHECK_FALSE(equalIgnoringKeyOrder(Json::object(), Json::array()));
}

TEST_CASE("large objects are compared through an index, with the same answers") {
  Json forward = Json::object();
  Json backward = Json::object();
  for (int i = 0; i < 1000; ++i) forward["k" + std::to_string(i)] = i;
  for (int i = 999; i >= 0; --i) backward["k" + std::to_string(i)] = i;
  CHECK(equalIgnoringKeyOrder(forward, backward));
  backward["k500"] = -1;
  CHECK_FALSE(equalIgnoringKeyOrder(forward, backward));
}

TEST_CASE("sorted keys: every object, at every depth, in byte order") {
  const Json value = Json::parse(R"({"b": [{"z": 1, "Z": 2, "é": 3}], "a": {"y": null, "x": true}, "A": 0})");
  const Json sorted = withSortedKeys(value);
  CHECK(sorted.dump() == R"({"A":0,"a":{"x":true,"y":null},"b":[{"Z":2,"z":1,"é":3}]})");
  CHECK(equalIgnoringKeyOrder(sorted, value));
  CHECK(withSortedKeys(Json::parse("[3, 1, 2]")) == Json::parse("[3, 1, 2]"));
}
