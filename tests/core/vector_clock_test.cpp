// Vector clocks: compare, merge, increment.
#include <catch2/catch.hpp>

#include "allocation/vector_clock.h"
#include "common/input_error.h"

using ms::Json;
using namespace ms::allocation;

namespace {
Json clock(const char* text) { return Json::parse(text); }
}  // namespace

TEST_CASE("compare: after, before, equal, concurrent; missing entries are 0") {
  CHECK(compareVectorClocks(clock(R"({"a": 2, "b": 1})"), clock(R"({"a": 1, "b": 1})")) == 1);
  CHECK(compareVectorClocks(clock(R"({"a": 1})"), clock(R"({"a": 1, "b": 1})")) == -1);
  CHECK(compareVectorClocks(clock(R"({"a": 1, "b": 0})"), clock(R"({"a": 1})")) == 0);
  CHECK(compareVectorClocks(clock(R"({"a": 2})"), clock(R"({"b": 1})")) == 0);  // concurrent
  CHECK(compareVectorClocks(clock("{}"), clock("{}")) == 0);
}

TEST_CASE("merge is the pointwise maximum, keeping a's keys first") {
  Json merged = mergeVectorClocks(clock(R"({"a": 3, "b": 1})"), clock(R"({"b": 4, "c": 2})"));
  CHECK(merged.dump() == R"({"a":3,"b":4,"c":2})");
  CHECK(compareVectorClocks(merged, clock(R"({"a": 3, "b": 1})")) == 1);
}

TEST_CASE("increment returns a copy with one more for self") {
  Json before = clock(R"({"a": 1})");
  CHECK(incrementVectorClock(before, "a").dump() == R"({"a":2})");
  CHECK(incrementVectorClock(before, "b").dump() == R"({"a":1,"b":1})");
  CHECK(before.dump() == R"({"a":1})");
}

TEST_CASE("on receiving a peer's state: merge, then increment own entry, and we are after both") {
  Json mine = clock(R"({"me": 2, "peer": 1})");
  Json theirs = clock(R"({"me": 1, "peer": 5})");
  Json next = incrementVectorClock(mergeVectorClocks(mine, theirs), "me");
  CHECK(compareVectorClocks(next, mine) == 1);
  CHECK(compareVectorClocks(next, theirs) == 1);
}

TEST_CASE("counters must be whole numbers >= 0") {
  CHECK_THROWS_AS(validateVectorClock(clock(R"({"a": -1})"), "clock"), ms::InputError);
  CHECK_THROWS_AS(validateVectorClock(clock(R"({"a": 1.5})"), "clock"), ms::InputError);
  CHECK_THROWS_AS(validateVectorClock(clock(R"({"a": "1"})"), "clock"), ms::InputError);
  CHECK_THROWS_AS(validateVectorClock(clock("[]"), "clock"), ms::InputError);
  CHECK_NOTHROW(validateVectorClock(clock(R"({"a": 0, "b": 7})"), "clock"));
}
