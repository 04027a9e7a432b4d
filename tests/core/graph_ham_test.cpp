// HAM for one field (graph/ham.h): higher state wins, lower is ignored, the
// same write changes nothing, ties go to the greater value in either
// arrival order, future states wait or are dropped, broken states are rejected.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "graph/graph_value.h"
#include "graph/ham.h"

using namespace ms::graph;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;
constexpr double kHour = 3'600'000;

// The value a field ends with when `first` is there and `second` arrives.
Json settle(const FieldWrite& first, const FieldWrite& second) {
  switch (decide(second, &first, kNow)) {
    case Decision::Apply: return second.value;
    case Decision::IgnoreOlder:
    case Decision::IgnoreSame: return first.value;
    default: FAIL("unexpected decision"); return nullptr;
  }
}

std::vector<Json> oneOfEachKind() {
  return {nullptr, false, true, -1, 0, 5, 5.5, "", "5", "a", Json{{"#", "5"}}, Json{{"#", "a"}}};
}

}  // namespace

TEST_CASE("HAM: a first write applies") {
  CHECK(decide({"x", 1}, nullptr, kNow) == Decision::Apply);
  CHECK(decide({nullptr, kNow}, nullptr, kNow) == Decision::Apply);
  CHECK(decide({"x", -5}, nullptr, kNow) == Decision::Apply);  // states are any finite number
}

TEST_CASE("HAM: the higher state wins and the lower one is ignored, whatever the values") {
  for (const Json& a : oneOfEachKind()) {
    for (const Json& b : oneOfEachKind()) {
      INFO(a.dump() << " then " << b.dump());
      FieldWrite current{a, 10};
      CHECK(decide({b, 11}, &current, kNow) == Decision::Apply);
      CHECK(decide({b, 9}, &current, kNow) == Decision::IgnoreOlder);
      CHECK(decide({b, 10 - 1.0 / 1024}, &current, kNow) == Decision::IgnoreOlder);  // one clock tick apart
      CHECK(decide({b, 10 + 1.0 / 1024}, &current, kNow) == Decision::Apply);
    }
  }
}

TEST_CASE("HAM: the same state and value changes nothing") {
  for (const Json& a : oneOfEachKind()) {
    INFO(a.dump());
    FieldWrite current{a, 10};
    CHECK(decide({a, 10}, &current, kNow) == Decision::IgnoreSame);
  }
  FieldWrite five{5, 10};
  CHECK(decide({5.0, 10}, &five, kNow) == Decision::IgnoreSame);  // one number, two spellings
  FieldWrite zero{0, 10};
  CHECK(decide({-0.0, 10}, &zero, kNow) == Decision::IgnoreSame);
}

TEST_CASE("HAM: equal states go to the greater value, the same winner in either arrival order") {
  std::vector<Json> values = oneOfEachKind();
  for (const Json& a : values) {
    for (const Json& b : values) {
      INFO(a.dump() << " vs " << b.dump());
      Json ab = settle({a, 10}, {b, 10});
      Json ba = settle({b, 10}, {a, 10});
      CHECK(ab == ba);
      CHECK(compareGraphValues(ab, compareGraphValues(a, b) >= 0 ? a : b) == 0);
      if (compareGraphValues(a, b) != 0) {
        // Exactly one direction applies.
        FieldWrite wa{a, 10}, wb{b, 10};
        bool aOverB = decide(wa, &wb, kNow) == Decision::Apply;
        bool bOverA = decide(wb, &wa, kNow) == Decision::Apply;
        CHECK(aOverB != bOverA);
      }
    }
  }
}

TEST_CASE("HAM: \"5\" and 5 at the same state are different writes, and the string wins both ways") {
  FieldWrite number{5, 10}, text{"5", 10};
  CHECK(decide(text, &number, kNow) == Decision::Apply);
  CHECK(decide(number, &text, kNow) == Decision::IgnoreOlder);
  CHECK(settle(number, text) == "5");
  CHECK(settle(text, number) == "5");
  // And a deletion (null) at the same state loses to any value.
  FieldWrite tombstone{nullptr, 10};
  CHECK(settle(tombstone, number) == 5);
  CHECK(settle(number, tombstone) == 5);
}

TEST_CASE("HAM: states from the future apply within the tolerance, wait within the window, drop beyond") {
  HamLimits limits;  // the defaults: 100 ms tolerance, 24 h window
  CHECK(limits.toleranceMs == 100);
  CHECK(limits.deferWindowMs == 24 * kHour);
  CHECK(decide({"x", kNow + 100}, nullptr, kNow) == Decision::Apply);
  CHECK(decide({"x", kNow + 101}, nullptr, kNow) == Decision::Defer);
  CHECK(decide({"x", kNow + 24 * kHour}, nullptr, kNow) == Decision::Defer);
  CHECK(decide({"x", kNow + 24 * kHour + 1}, nullptr, kNow) == Decision::Drop);
  CHECK(decide({"x", 1e300}, nullptr, kNow) == Decision::Drop);
  // The future is judged before the current value: a future write is never
  // applied early because it would win.
  FieldWrite current{"old", 10};
  CHECK(decide({"new", kNow + kHour}, &current, kNow) == Decision::Defer);
  // When its time comes, it is an ordinary write.
  CHECK(decide({"new", kNow + kHour}, &current, kNow + kHour) == Decision::Apply);
  // Limits are a parameter.
  HamLimits strict{0, 1000};
  CHECK(decide({"x", kNow + 1}, nullptr, kNow, strict) == Decision::Defer);
  CHECK(decide({"x", kNow + 1001}, nullptr, kNow, strict) == Decision::Drop);
  CHECK(decide({"x", kNow}, nullptr, kNow, strict) == Decision::Apply);
}

TEST_CASE("HAM: NaN or infinite states (or now) are rejected, never compared") {
  const double inf = std::numeric_limits<double>::infinity();
  FieldWrite current{"old", 10};
  for (double state : {std::nan(""), inf, -inf}) {
    INFO(state);
    CHECK(decide({"x", state}, nullptr, kNow) == Decision::Reject);
    CHECK(decide({"x", state}, &current, kNow) == Decision::Reject);
    CHECK(decide({"x", 10}, &current, state) == Decision::Reject);
  }
}
