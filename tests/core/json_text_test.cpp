// dumpText and dumpedSize: exactly what dump() gives, and its length, for
// every kind of value and every character the serializer escapes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/json_text.h"

using ms::Json;

namespace {

std::vector<Json> samples() {
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
  return {
      Json(), Json(true), Json(false), Json(0), Json(-7), Json(18446744073709551615ull), Json(1.5e300), Json(-0.0), Json(0.1),
      Json("plain"), Json(""), Json("quote \" backslash \\ slash /"), Json(controls), Json("\x7f é 中 😀"),
      Json("a long run of plain text, then a tab\tand more plain text after it, then é"),
      Json(std::string(1000, 'x') + "\"" + std::string(9, 'y') + "\n"),
      Json::array(), Json::object(), Json::array({1, "two", nullptr, Json::array({Json::object()})}),
      Json{{"a", 1}, {"b\n", Json{{"c", "d\"e"}, {"", Json::array()}}}, {"z", 2.5}, {"ключ", "значение"}},
  };
}

}  // namespace

TEST_CASE("dumpText gives what dump() gives") {
  for (const Json& value : samples()) {
    INFO(value.dump());
    CHECK(ms::dumpText(value) == value.dump());
  }
}

TEST_CASE("dumpedSize is the length of the compact text") {
  for (const Json& value : samples()) {
    INFO(value.dump());
    CHECK(ms::dumpedSize(value) == value.dump().size());
  }
}

TEST_CASE("a large value's text and size, escapes included") {
  Json big = std::string(1 << 20, 'x') + std::string(1 << 20, '\n') + std::string(3, '\x01');
  CHECK(ms::dumpedSize(big) == big.dump().size());
  CHECK(ms::dumpText(big) == big.dump());
}

TEST_CASE("dumpText refuses text that is not UTF-8, as dump() does") {
  Json bad = std::string("ok then \xff");
  CHECK_THROWS(bad.dump());
  CHECK_THROWS(ms::dumpText(bad));
}
