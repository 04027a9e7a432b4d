// Round advancement and the causally consistent snapshot.
#include <catch2/catch.hpp>

#include "allocation/rounds.h"

using ms::Json;
using ms::allocation::causallyConsistentCommitments;
using ms::allocation::shouldAdvanceRound;

namespace {

constexpr double kNow = 1'000'000;

// Round states and fresh commitments for the named participants.
struct Crowd {
  Json rounds = Json::object();
  Json commitments = Json::object();
  void add(const std::string& pub, double round, double commitmentAge = 1000) {
    rounds[pub] = {{"pubKey", pub}, {"round", round}, {"vectorClock", Json::object()}, {"timestamp", kNow}};
    commitments[pub] = {{"residual_need", 1}, {"stated_need", 1}, {"timestamp", kNow - commitmentAge}};
  }
};

}  // namespace

TEST_CASE("advance when at least half of the active others are on a later round") {
  Crowd crowd;
  crowd.add("me", 3);
  crowd.add("a", 4);
  crowd.add("b", 3);
  CHECK(shouldAdvanceRound("me", 3, crowd.rounds, crowd.commitments, kNow));  // 1 of 2 ahead: half
  crowd.add("c", 2);
  CHECK_FALSE(shouldAdvanceRound("me", 3, crowd.rounds, crowd.commitments, kNow));  // 1 of 3
  crowd.add("d", 5);
  CHECK(shouldAdvanceRound("me", 3, crowd.rounds, crowd.commitments, kNow));  // 2 of 4
}

TEST_CASE("stale participants (commitment 60 s old or more) do not count") {
  Crowd crowd;
  crowd.add("a", 9, /*age=*/60'000);
  crowd.add("b", 9, /*age=*/120'000);
  crowd.add("c", 1);
  CHECK_FALSE(shouldAdvanceRound("me", 1, crowd.rounds, crowd.commitments, kNow));
  crowd.add("d", 2, 59'999);
  CHECK(shouldAdvanceRound("me", 1, crowd.rounds, crowd.commitments, kNow));
}

TEST_CASE("with no active others there is nothing to follow") {
  Crowd crowd;
  crowd.add("me", 0);
  CHECK_FALSE(shouldAdvanceRound("me", 0, crowd.rounds, crowd.commitments, kNow));
  CHECK_FALSE(shouldAdvanceRound("me", 0, Json::object(), Json::object(), kNow));
}

TEST_CASE("the causally consistent snapshot keeps commitments whose clock is not after mine") {
  Json mine = Json::parse(R"({"me": 3, "a": 2})");
  Json commitments = Json::parse(R"({
    "a": {"residual_need": 1, "vectorClock": {"me": 3, "a": 2}},
    "b": {"residual_need": 2, "vectorClock": {"me": 1}},
    "c": {"residual_need": 3, "vectorClock": {"me": 4, "a": 2}},
    "d": {"residual_need": 4, "vectorClock": {"x": 1}},
    "e": {"residual_need": 5}
  })");
  Json kept = causallyConsistentCommitments(mine, commitments);
  std::vector<std::string> keys;
  for (const auto& [key, _] : kept.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"a", "b", "d", "e"});  // c is after mine; d is concurrent
}
