// The hybrid clock (graph/hybrid_clock.h): local write states strictly
// increase whatever the wall clock does. Wall time is passed in: no timing.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <set>

#include "common/input_error.h"
#include "graph/hybrid_clock.h"

using ms::graph::HybridClock;

namespace {
constexpr double kNow = 1'700'000'000'000;  // Nov 2023, in ms
constexpr double kTick = 1.0 / 1024;
}  // namespace

TEST_CASE("clock: while the wall clock moves on, a state is the wall time") {
  HybridClock clock;
  CHECK(clock.next(kNow) == kNow);
  CHECK(clock.next(kNow + 1) == kNow + 1);
  CHECK(clock.next(kNow + 7.5) == kNow + 7.5);
  CHECK(clock.last() == kNow + 7.5);
}

TEST_CASE("clock: many writes in one millisecond still order, by exact 1/1024 ms steps") {
  HybridClock clock;
  double previous = clock.next(kNow);
  std::set<double> states{previous};
  for (int i = 1; i <= 5000; ++i) {
    double state = clock.next(kNow);
    REQUIRE(state > previous);
    CHECK(state - previous == kTick);  // exact: no rounding at this magnitude
    states.insert(state);
    previous = state;
  }
  CHECK(states.size() == 5001);
  // 5000 ticks ran about 4.9 ms ahead; the clock waits for the wall clock.
  CHECK(clock.next(kNow + 2) > previous);
  CHECK(clock.next(kNow + 10) == kNow + 10);
}

TEST_CASE("clock: when the wall clock goes backwards, states keep increasing") {
  HybridClock clock;
  double a = clock.next(kNow);
  double b = clock.next(kNow - 60'000);  // NTP stepped back a minute
  double c = clock.next(kNow - 120'000);
  double d = clock.next(0);
  CHECK(b > a);
  CHECK(c > b);
  CHECK(d > c);
  CHECK(d - a == 3 * kTick);
  CHECK(clock.next(kNow + 1) == kNow + 1);
}

TEST_CASE("clock: observing accepted states moves it forward, never back") {
  HybridClock clock;
  clock.next(kNow);
  clock.observe(kNow + 50);
  CHECK(clock.next(kNow) > kNow + 50);
  double last = clock.last();
  clock.observe(kNow - 1000);  // older: no effect
  clock.observe(std::nan(""));
  clock.observe(std::numeric_limits<double>::infinity());
  CHECK(clock.last() == last);
}

TEST_CASE("clock: a remote state counts only within the tolerance of now") {
  HybridClock clock;
  clock.next(kNow);
  clock.observe(kNow + 80, kNow, 100);  // honest skew: followed
  CHECK(clock.last() == kNow + 80);
  clock.observe(kNow + 3'600'000, kNow, 100);  // an hour ahead: would drag our writes into the future
  CHECK(clock.last() == kNow + 80);
  clock.observe(kNow + 200, kNow + 150, 100);  // later, the same kind of state is near enough
  CHECK(clock.last() == kNow + 200);
  clock.observe(kNow + 300, std::nan(""), 100);
  CHECK(clock.last() == kNow + 200);
}

TEST_CASE("clock: strictly increasing even where 1/1024 ms is below a double's resolution") {
  HybridClock clock;
  clock.observe(std::ldexp(1.0, 60));  // a tick there would round away
  double a = clock.next(0);
  double b = clock.next(0);
  double c = clock.next(0);
  CHECK(a > std::ldexp(1.0, 60));
  CHECK(b > a);
  CHECK(c > b);
  HybridClock end;
  end.observe(std::numeric_limits<double>::max());
  CHECK_THROWS_AS(end.next(0), ms::InputError);  // no state left above DBL_MAX: said, not wrapped
}

TEST_CASE("clock: a non-finite wall time is refused") {
  HybridClock clock;
  CHECK_THROWS_AS(clock.next(std::nan("")), ms::InputError);
  CHECK_THROWS_AS(clock.next(std::numeric_limits<double>::infinity()), ms::InputError);
  CHECK(clock.last() == 0);
}
