// The order key (graph/order_key.h): comparing two writes' keys as bytes
// gives HAM's decision, for every pair of states and values, so a store
// that only compares strings (the Redis merge script) picks the same winner.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "graph/graph_value.h"
#include "graph/ham.h"
#include "graph/order_key.h"

using namespace ms::graph;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;

// What comparing the keys says HAM would do with `incoming` over `current`.
Decision byKeys(const FieldWrite& incoming, const FieldWrite& current) {
  int order = orderKey(incoming.state, incoming.value).compare(orderKey(current.state, current.value));
  return order > 0 ? Decision::Apply : order == 0 ? Decision::IgnoreSame : Decision::IgnoreOlder;
}

// Values that sit next to each other in the tie-break, of every type.
std::vector<Json> edgeValues() {
  const double tiny = std::numeric_limits<double>::denorm_min();
  return {nullptr, false, true, -1e300, -5.5, -1, -tiny, 0, -0.0, tiny, 1, 5, 5.5, 9007199254740993.0, 1e300,
          "", "5", "a", "a\x01", "ab", "\x7f", "\xc3\xa9", "\xf0\x9f\x98\x80", Json{{"#", "5"}}, Json{{"#", "a"}}, Json{{"#", "ab"}}};
}

Json randomValue(std::mt19937_64& random) {
  std::uniform_int_distribution<int> kind(0, 5), small(-3, 3), letter(0, 3);
  const char letters[] = {'a', 'b', '\x01', '\xff'};
  switch (kind(random)) {
    case 0: return nullptr;
    case 1: return small(random) > 0;
    case 2: return canonicalGraphValue(small(random) * 0.5, "v");
    case 3:
    case 4: {
      std::string text;
      for (int n = letter(random); n > 0; --n) text += letters[letter(random)];
      // Invalid UTF-8 cannot reach the graph: keep bytes >= 0x80 as é.
      std::string utf8;
      for (char c : text) utf8 += c == '\xff' ? std::string("\xc3\xa9") : std::string(1, c);
      return kind(random) % 2 ? Json(utf8) : Json{{"#", utf8.empty() ? "s" : utf8}};
    }
    default: return "x";
  }
}

}  // namespace

TEST_CASE("order keys: comparing keys gives HAM's decision for every pair of edge values and states") {
  const std::vector<double> states = {-1e300, -1, 0, 1, kNow - 1, kNow};
  for (double sa : states) {
    for (double sb : states) {
      for (const Json& a : edgeValues()) {
        for (const Json& b : edgeValues()) {
          FieldWrite incoming{canonicalGraphValue(a, "a"), sa}, current{canonicalGraphValue(b, "b"), sb};
          INFO(a.dump() << "@" << sa << " over " << b.dump() << "@" << sb);
          CHECK(byKeys(incoming, current) == decide(incoming, &current, kNow));
        }
      }
    }
  }
}

TEST_CASE("order keys: seeded random writes merged by key end with HAM's winner") {
  std::mt19937_64 random(20261202);
  std::uniform_int_distribution<int> state(0, 3);
  for (int round = 0; round < 2000; ++round) {
    // One field, several writes in a random order: the greatest key is the value HAM ends with.
    FieldWrite byHam{randomValue(random), kNow - state(random)};
    std::string bestKey = orderKey(byHam.state, byHam.value);
    FieldWrite byKey = byHam;
    for (int i = 0; i < 5; ++i) {
      FieldWrite next{randomValue(random), kNow - state(random)};
      if (decide(next, &byHam, kNow) == Decision::Apply) byHam = next;
      std::string key = orderKey(next.state, next.value);
      if (key > bestKey) {
        bestKey = key;
        byKey = next;
      }
    }
    CHECK(byKey.value == byHam.value);
    CHECK(byKey.state == byHam.state);
  }
}

TEST_CASE("order keys: states and numbers are fixed-width hex; bad input is refused") {
  std::string key = orderKey(kNow, 5);
  CHECK(key.size() == 16 + 1 + 16);
  CHECK(key.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(orderKey(1, -0.0) == orderKey(1, 0));
  CHECK_THROWS(orderKey(std::nan(""), 1));
  CHECK_THROWS(orderKey(std::numeric_limits<double>::infinity(), 1));
  CHECK_THROWS(orderKey(1, Json::array()));
}
