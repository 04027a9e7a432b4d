// Graph values (graph/graph_value.h): which JSON is a value, its canonical
// form, and the type-aware total order that breaks ties between writes.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "common/input_error.h"
#include "graph/graph_value.h"

using namespace ms::graph;
using ms::Json;

namespace {

// The error a value raises, or nothing.
struct Refusal {
  bool thrown = false;
  ms::InputError::Kind kind = ms::InputError::Kind::Type;
  std::string field, message;
};

Refusal refusalOf(const Json& value, const std::string& field) {
  try {
    validateGraphValue(value, field);
  } catch (const ms::InputError& error) {
    return {true, error.kind(), error.field(), error.what()};
  }
  return {};
}

// Values in strictly ascending tie-break order, covering every type.
std::vector<Json> ascendingValues() {
  return {nullptr,
          false,
          true,
          -1e308,
          -5,
          -0.5,
          0,
          0.25,
          5,
          5.5,
          1e300,
          "",
          std::string("\0", 1),  // a NUL byte sorts above the empty string
          "5",
          "A",  // uppercase before lowercase: plain bytes
          "a",
          std::string("a\0", 2),  // a prefix sorts first
          "ab",
          "z",
          "\xC3\xA9",  // "é": bytes above ASCII sort above it (UTF-8 code point order)
          Json{{"#", "5"}},
          Json{{"#", "a"}},
          Json{{"#", "b"}}};
}

}  // namespace

TEST_CASE("graph values: null, booleans, finite numbers, strings and links are values") {
  for (const Json& value : ascendingValues()) {
    INFO(value.dump());
    CHECK_FALSE(refusalOf(value, "f").thrown);
  }
  CHECK_FALSE(refusalOf(std::string("ctl\x01\x1f\0end", 9), "f").thrown);
  CHECK(isLink(Json{{"#", "people/ada"}}));
  CHECK(linkedSoul(Json{{"#", "people/ada"}}) == "people/ada");
  CHECK_FALSE(isLink("people/ada"));
  CHECK_FALSE(isLink(Json{{"#", "a"}, {">", 1}}));
}

TEST_CASE("graph values: arrays, plain objects, malformed links and non-finite numbers are refused, naming the field") {
  struct Case {
    Json value;
    ms::InputError::Kind kind;
    const char* says;
  };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<Case> cases = {
      {Json::array(), ms::InputError::Kind::Type, "array"},
      {Json::array({1, 2}), ms::InputError::Kind::Type, "array"},
      {Json::object(), ms::InputError::Kind::Type, "link"},
      {Json{{"name", "x"}}, ms::InputError::Kind::Type, "link"},
      {Json{{"#", 5}}, ms::InputError::Kind::Type, "link"},
      {Json{{"#", ""}}, ms::InputError::Kind::Type, "link"},
      {Json{{"#", "a"}, {"extra", 1}}, ms::InputError::Kind::Type, "link"},
      {Json{{"#", Json{{"#", "a"}}}}, ms::InputError::Kind::Type, "link"},
      {Json(std::nan("")), ms::InputError::Kind::Range, "finite"},
      {Json(inf), ms::InputError::Kind::Range, "finite"},
      {Json(-inf), ms::InputError::Kind::Range, "finite"},
  };
  for (const Case& c : cases) {
    INFO(c.value.dump());
    Refusal refusal = refusalOf(c.value, "profile.tags");
    REQUIRE(refusal.thrown);
    CHECK(refusal.kind == c.kind);
    CHECK(refusal.field == "profile.tags");
    CHECK_THAT(refusal.message, Catch::StartsWith("profile.tags") && Catch::Contains(c.says));
    CHECK_THROWS_AS(canonicalGraphValue(c.value, "profile.tags"), ms::InputError);
  }
}

TEST_CASE("graph values: a number is its double, with one canonical form") {
  CHECK(canonicalGraphValue(5.0, "f").dump() == "5");
  CHECK(canonicalGraphValue(5, "f").dump() == "5");
  CHECK(canonicalGraphValue(std::uint64_t{5}, "f").dump() == "5");
  CHECK(canonicalGraphValue(-0.0, "f").dump() == "0");
  CHECK(canonicalGraphValue(-3.0, "f").dump() == "-3");
  CHECK(canonicalGraphValue(0.1, "f").dump() == "0.1");
  CHECK(canonicalGraphValue(9007199254740992.0, "f").dump() == "9007199254740992");  // 2^53: still an integer
  // Beyond 2^53 an integer literal is rounded to the double every peer (and JS) sees.
  Json big = canonicalGraphValue(std::uint64_t{9007199254740993}, "f");
  CHECK(big.get<double>() == 9007199254740992.0);
  CHECK(big.dump() == "9007199254740992");
  CHECK(canonicalGraphValue(1e300, "f").get<double>() == 1e300);
  // Non-numbers come back as they are.
  CHECK(canonicalGraphValue("5.0", "f") == "5.0");
  CHECK(canonicalGraphValue(Json{{"#", "x"}}, "f") == Json{{"#", "x"}});
  CHECK(canonicalGraphValue(nullptr, "f").is_null());
  // Spellings of one number are the same value: equal canonical forms, order 0.
  std::vector<std::pair<Json, Json>> same = {{5, 5.0}, {0, -0.0}, {std::uint64_t{7}, std::int64_t{7}},
                                             {std::uint64_t{9007199254740993}, 9007199254740992.0}};
  for (const auto& [a, b] : same) {
    INFO(a.dump() << " vs " << b.dump());
    CHECK(compareGraphValues(a, b) == 0);
    CHECK(canonicalGraphValue(a, "f").dump() == canonicalGraphValue(b, "f").dump());
  }
}

TEST_CASE("graph values: the tie-break is a total order on types, then values") {
  std::vector<Json> values = ascendingValues();
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < values.size(); ++j) {
      INFO(values[i].dump() << " vs " << values[j].dump());
      int expected = i < j ? -1 : i > j ? 1 : 0;
      CHECK(compareGraphValues(values[i], values[j]) == expected);
      // Antisymmetric, and zero only for the same value.
      CHECK(compareGraphValues(values[j], values[i]) == -expected);
    }
  }
  // Transitive over every triple (implied by the above, checked anyway: a
  // non-transitive tie-break lets peers disagree).
  for (const Json& a : values) {
    for (const Json& b : values) {
      for (const Json& c : values) {
        if (compareGraphValues(a, b) < 0 && compareGraphValues(b, c) < 0) CHECK(compareGraphValues(a, c) < 0);
      }
    }
  }
}

TEST_CASE("graph values: the string \"5\" and the number 5 are distinct, whatever looks alike") {
  CHECK(compareGraphValues("5", 5) == 1);
  CHECK(compareGraphValues(5, "5") == -1);
  CHECK(compareGraphValues("5", 5.0) == 1);
  // Numbers compare by value, not as text ("10" < "9" as text, 9 < 10 as numbers).
  CHECK(compareGraphValues(9, 10) == -1);
  CHECK(compareGraphValues("9", "10") == 1);
  // Every type pair ranks the same way whatever the values.
  CHECK(compareGraphValues(nullptr, false) == -1);
  CHECK(compareGraphValues(true, -1e308) == -1);
  CHECK(compareGraphValues(1e308, "") == -1);
  CHECK(compareGraphValues("\xF4\x8F\xBF\xBF", Json{{"#", "\x01"}}) == -1);
  // A link and a string naming the same soul differ.
  CHECK(compareGraphValues("a", Json{{"#", "a"}}) == -1);
  CHECK(compareGraphValues(false, 0) == -1);
  CHECK(compareGraphValues(nullptr, 0) == -1);
  CHECK(compareGraphValues(nullptr, "") == -1);
}
