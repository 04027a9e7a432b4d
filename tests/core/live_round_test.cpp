// The allocation loop's round (live_round.h) over a whole network held in
// one process: every participant has its own LiveNetwork and LiveRound, and
// the documents each publishes are delivered to the participants that read
// them, as the relay would, between rounds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "allocation/central_allocation.h"
#include "allocation/constants.h"
#include "allocation/edge_problem.h"
#include "allocation/freshness.h"
#include "allocation/live_round.h"
#include "allocation/network.h"
#include "allocation/water_fill.h"
#include "common/input_error.h"

using namespace ms::allocation;
using ms::Json;

namespace {

constexpr double kStart = 1.7e12;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string pubOf(uint32_t i) { return "p" + std::to_string(i); }

struct Person {
  explicit Person(const std::string& pub, LoopRule rule)
      : network(pub), round(network, LoopSettings{rule, "default", kInf, 1}, kStart) {}
  LiveNetwork network;
  LiveRound round;
  Json commitment;  // as last published (null: none)
  Json state;       // as last published (null: none)
};

// A network of LiveRounds; delivery is all-or-nothing per round unless a
// `drop` predicate says otherwise.
class World {
 public:
  World(const Network& network, LoopRule rule) : source_(network) {
    const uint32_t n = network.size();
    readers_.resize(n);
    for (uint32_t i = 0; i < n; ++i) people_.push_back(std::make_unique<Person>(pubOf(i), rule));
    for (uint32_t i = 0; i < n; ++i) {
      Json weights = Json::object();
      for (uint32_t k = network.weight_start[i]; k < network.weight_start[i + 1]; ++k) {
        weights[pubOf(network.weight_to[k])] = network.weight[k];
        if (network.weight_to[k] == i) continue;
        // Both ways: a provider reads its recipients' commitments, and a
        // recipient its providers' (they say whether a provider is fresh).
        readers_[network.weight_to[k]].push_back(i);
        readers_[i].push_back(network.weight_to[k]);
      }
      weights_.push_back(weights);
    }
    for (uint32_t i = 0; i < n; ++i) {
      people_[i]->network.setMyWeights(weights_[i]);
      for (uint32_t k = network.weight_start[i]; k < network.weight_start[i + 1]; ++k) {
        const uint32_t to = network.weight_to[k];
        if (to != i) people_[to]->network.setRecognitionWeights(pubOf(i), weights_[i]);
      }
      setNeeds(i, network.stated_need[i], network.capacity[i]);
    }
  }

  // The app sets a new commitment (as a user changing need or capacity would).
  void setNeeds(uint32_t i, double need, double capacity) {
    Json c = {{"residual_need", need}, {"stated_need", need}, {"timestamp", now_}};
    if (capacity > 0) c["capacity"] = capacity;
    people_[i]->round.setMyCommitment(c);
    deliverCommitment(i, c);
    source_.stated_need[i] = need;
    source_.capacity[i] = capacity;
  }

  // A participant leaves: its documents are removed everywhere.
  void remove(uint32_t i) {
    for (uint32_t to : readers_[i]) people_[to]->network.removeCommitment(pubOf(i));
    for (uint32_t k = source_.weight_start[i]; k < source_.weight_start[i + 1]; ++k) {
      const uint32_t to = source_.weight_to[k];
      if (to != i) people_[to]->network.removeAllocationState(pubOf(i));
    }
    people_[i]->round.setMyCommitment(nullptr);
    gone_.push_back(i);
    source_.stated_need[i] = 0;
    source_.capacity[i] = 0;
  }

  // One round: everyone steps from what it holds, then what was published is
  // delivered. Returns how many documents were published.
  size_t round(const std::function<bool(uint32_t)>& drop = [](uint32_t) { return false; }) {
    now_ += 1;
    std::vector<Publication> out;
    for (uint32_t i = 0; i < people_.size(); ++i) out.push_back(isGone(i) ? Publication{} : people_[i]->round.step(now_));
    size_t published = 0;
    for (uint32_t i = 0; i < people_.size(); ++i) {
      if (!out[i].commitment.is_null()) {
        ++published;
        people_[i]->commitment = out[i].commitment;
        if (!drop(i)) deliverCommitment(i, out[i].commitment);
      }
      if (!out[i].allocation_state.is_null()) {
        ++published;
        people_[i]->state = out[i].allocation_state;
        if (!drop(i)) deliverState(i, out[i].allocation_state);
      }
    }
    checkInvariants();
    return published;
  }

  // Rounds until one publishes nothing; the count of rounds that published.
  int settle(int limit = 200) {
    for (int rounds = 0; rounds < limit; ++rounds) {
      if (round() == 0) return rounds;
    }
    FAIL("did not settle in " << limit << " rounds");
    return limit;
  }

  // From now on each delivery to each reader is lost when `lost(from, to)`:
  // providers then hold answers of different ages from the same recipient.
  void losePerReader(std::function<bool(uint32_t, uint32_t)> lost) { lost_ = std::move(lost); }

  // Everyone's latest documents delivered again (late, after losses).
  void redeliver() {
    for (uint32_t i = 0; i < people_.size(); ++i) {
      if (isGone(i)) continue;
      if (!people_[i]->commitment.is_null()) deliverCommitment(i, people_[i]->commitment);
      if (!people_[i]->state.is_null()) deliverState(i, people_[i]->state);
    }
  }

  // What provider p's last published state moves to recipient r.
  double transfer(uint32_t p, uint32_t r) const {
    const Json& state = people_[p]->state;
    if (state.is_null()) return 0;
    double sum = 0;
    for (const char* tier : {"mutualAllocations", "nonMutualAllocations"}) {
      const Json& amounts = state.at(tier).at("default");
      if (auto it = amounts.find(pubOf(r)); it != amounts.end()) sum += it->get<double>();
    }
    return sum;
  }

  // Every edge carries what the central allocation gives it, to 1e-6.
  void checkAgainstCentral() const {
    const EdgeProblem problem = buildEdgeProblem(source_);
    const std::vector<double> central = centralAllocation(problem);
    for (uint32_t e = 0; e < problem.edges(); ++e) {
      const double got = transfer(problem.provider[e], problem.recipient[e]);
      INFO("edge " << pubOf(problem.provider[e]) << " -> " << pubOf(problem.recipient[e]) << " tier " << int(problem.tier[e]));
      REQUIRE(std::abs(got - central[e]) <= 1e-6 * std::max(1.0, central[e]));
    }
  }

  const Network& source() const { return source_; }
  Person& person(uint32_t i) { return *people_[i]; }
  double now() const { return now_; }

 private:
  bool isGone(uint32_t i) const { return std::find(gone_.begin(), gone_.end(), i) != gone_.end(); }

  // Commitments go to everyone on an edge with the publisher; states to those the provider recognises.
  void deliverCommitment(uint32_t i, const Json& c) {
    for (uint32_t to : readers_[i]) {
      if (!lost(i, to)) people_[to]->network.setCommitment(pubOf(i), c);
    }
  }
  void deliverState(uint32_t i, const Json& s) {
    for (uint32_t k = source_.weight_start[i]; k < source_.weight_start[i + 1]; ++k) {
      const uint32_t to = source_.weight_to[k];
      if (to != i && !lost(i, to)) people_[to]->network.setAllocationState(pubOf(i), s);
    }
  }
  bool lost(uint32_t from, uint32_t to) const { return lost_ && lost_(from, to); }

  // convergence.md, "What it guarantees", on the documents as published.
  void checkInvariants() const {
    std::vector<double> into(people_.size(), 0);
    for (uint32_t p = 0; p < people_.size(); ++p) {
      const Json& state = people_[p]->state;
      if (state.is_null() || !state.contains("offers") || isGone(p)) continue;
      double offered = 0;
      for (const auto& [pub, offer] : state.at("offers").at("default").items()) {
        const double amount = offer.at("amount").get<double>();
        offered += amount;
        const uint32_t r = static_cast<uint32_t>(std::stoul(pub.substr(1)));
        const double moved = transfer(p, r);
        REQUIRE(moved <= amount * (1 + 1e-12));
        into[r] += moved;
      }
      REQUIRE(offered <= source_.capacity[p] * (1 + 1e-12) + 1e-9);
    }
    for (uint32_t r = 0; r < people_.size(); ++r) {
      if (isGone(r)) continue;
      // What r counts as received, whatever its providers hold of it.
      REQUIRE(people_[r]->network.received(now_).total <= source_.stated_need[r] * (1 + 1e-12) + 1e-9);
      // When every reader gets the same documents, what the providers say
      // they move into r is bounded by its need too; with losses per reader
      // they may hold answers of different ages for a while.
      if (!lost_) REQUIRE(into[r] <= source_.stated_need[r] * (1 + 1e-12) + 1e-9);
      const Json& c = people_[r]->commitment;
      if (c.is_null() || !c.contains("acceptances")) continue;
      const double stated = c.at("stated_need").get<double>();
      double accepted = 0;
      for (const auto& [pub, a] : c.at("acceptances").items()) accepted += a.value("mutual", 0.0) + a.value("nonMutual", 0.0);
      REQUIRE(accepted <= stated * (1 + 1e-12) + 1e-9);
    }
  }

  Network source_;
  std::vector<std::unique_ptr<Person>> people_;
  std::vector<Json> weights_;
  std::vector<std::vector<uint32_t>> readers_;  // whose commitment each participant reads
  std::vector<uint32_t> gone_;
  std::function<bool(uint32_t, uint32_t)> lost_;
  double now_ = kStart;
};

Network smallNetwork(std::vector<std::vector<std::pair<uint32_t, double>>> weights, std::vector<double> capacity,
                     std::vector<double> need) {
  Network net;
  for (const auto& row : weights) {
    for (const auto& [to, w] : row) {
      net.weight_to.push_back(to);
      net.weight.push_back(w);
    }
    net.weight_start.push_back(static_cast<uint32_t>(net.weight_to.size()));
  }
  net.capacity = std::move(capacity);
  net.stated_need = std::move(need);
  return net;
}

}  // namespace

TEST_CASE("live water-filling: a lone mutual recipient gets all it needs, not half", "[live_round]") {
  // The demo's case from issue 14: 1,000 units, one mutual recipient needing 400.
  World world(smallNetwork({{{1, 1.0}}, {{0, 1.0}}}, {1000, 0}, {0, 400}), LoopRule::WaterFilling);
  const int rounds = world.settle();
  CHECK(rounds <= 3);
  CHECK(world.transfer(0, 1) == Approx(400));
  world.checkAgainstCentral();
  const Json status = world.person(0).round.status(world.now());
  CHECK(status["idle"].get<double>() == Approx(600));
  CHECK(status["idleReason"] == "all needs met");
}

TEST_CASE("live water-filling: idle capacity when nobody else is recognised", "[live_round]") {
  World world(smallNetwork({{}, {{0, 1.0}}}, {1000, 0}, {0, 400}), LoopRule::WaterFilling);
  world.settle();
  const Json status = world.person(0).round.status(world.now());
  CHECK(status["given"].get<double>() == 0);
  CHECK(status["idleReason"] == "no one else recognised");
}

TEST_CASE("live water-filling: a chain settles on the central allocation, tiers kept", "[live_round]") {
  // 0 and 1 mutual; 0 -> 2 one-way; 1 -> 2 mutual with 2; capacity short.
  World world(smallNetwork({{{1, 0.7}, {2, 0.3}}, {{0, 0.5}, {2, 0.5}}, {{1, 1.0}}}, {500, 300, 0}, {200, 400, 600}),
              LoopRule::WaterFilling);
  world.settle();
  world.checkAgainstCentral();
}

TEST_CASE("live water-filling: generated networks settle on the central allocation, and re-settle after changes",
          "[live_round]") {
  const auto seed = GENERATE(1, 2, 3);
  NetworkParams params;
  params.n = 100;
  params.k = 20;
  params.seed = seed;
  World world(generateNetwork(params), LoopRule::WaterFilling);
  const int first = world.settle();
  INFO("seed " << seed << ": settled in " << first << " rounds");
  CHECK(first <= 20);
  world.checkAgainstCentral();

  // Changes to needs and capacities, continuing from the published state.
  Mulberry32 random(static_cast<uint32_t>(seed) * 7919u);
  for (double fraction : {0.01, 0.1, 0.5}) {
    const uint32_t n = world.source().size();
    const uint32_t changed = std::max<uint32_t>(1, static_cast<uint32_t>(fraction * n));
    for (uint32_t c = 0; c < changed; ++c) {
      const uint32_t i = static_cast<uint32_t>(random.next() * n);
      const double need = std::round(random.next() * 1000);
      const double capacity = world.source().capacity[i] > 0 ? std::round(random.next() * 3000) : 0;
      world.setNeeds(i, need, capacity);
    }
    const int again = world.settle();
    WARN("seed " << seed << ": " << fraction * 100 << " % of inputs changed, re-settled in " << again << " rounds");
    CHECK(again <= 30);
    world.checkAgainstCentral();
  }
}

TEST_CASE("live water-filling: a participant who leaves is absorbed", "[live_round]") {
  NetworkParams params;
  params.n = 60;
  params.k = 10;
  params.seed = 11;
  World world(generateNetwork(params), LoopRule::WaterFilling);
  world.settle();
  for (uint32_t i : {3u, 17u, 42u}) world.remove(i);
  world.settle();
  world.checkAgainstCentral();
}

TEST_CASE("live water-filling: documents dropped at random keep the invariants and still settle", "[live_round]") {
  NetworkParams params;
  params.n = 80;
  params.k = 12;
  params.seed = 5;
  World world(generateNetwork(params), LoopRule::WaterFilling);
  Mulberry32 random(99);
  for (int r = 0; r < 30; ++r) world.round([&](uint32_t) { return random.next() < 0.3; });  // invariants checked in round()
  world.redeliver();
  world.settle();
  world.checkAgainstCentral();
}

TEST_CASE("live water-filling: documents lost per reader never over-serve anyone, and still settle", "[live_round]") {
  const auto seed = GENERATE(5, 6, 7);
  NetworkParams params;
  params.n = 80;
  params.k = 12;
  params.seed = seed;
  World world(generateNetwork(params), LoopRule::WaterFilling);
  Mulberry32 random(static_cast<uint32_t>(seed) * 31u);
  world.losePerReader([&](uint32_t, uint32_t) { return random.next() < 0.3; });
  for (int r = 0; r < 30; ++r) world.round();  // invariants checked in round()
  world.losePerReader(nullptr);
  world.redeliver();
  world.settle();
  world.checkAgainstCentral();
}

TEST_CASE("live seed rule: the two-tier split, and the residual update on a new round", "[live_round]") {
  World world(smallNetwork({{{1, 0.6}, {2, 0.4}}, {{0, 1.0}}, {{1, 1.0}}}, {1000, 0, 0}, {0, 400, 900}), LoopRule::Seed);
  world.round();
  // Tier 1: the mutual partner's 400; tier 2: the leftover 600 to the one-way recipient.
  CHECK(world.transfer(0, 1) == Approx(400));
  CHECK(world.transfer(0, 2) == Approx(600));
  CHECK(world.round() == 0);  // nothing new to say
  Person& oneWay = world.person(2);
  const Publication out = oneWay.round.advance(world.now() + 1);
  REQUIRE(!out.commitment.is_null());
  CHECK(out.commitment["round"] == 1);
  CHECK(out.commitment["residual_need"].get<double>() == Approx(300));  // 900 - 600
  CHECK(out.commitment["over_allocation_history"] == Json::array({0.0}));
  CHECK(out.commitment.contains("vectorClock"));
}

TEST_CASE("freshness: one predicate, exactly 60 s old is stale, far-future timestamps are not fresh", "[live_round]") {
  const double now = kStart;
  CHECK(isFresh(now, now));
  CHECK(isFresh(now - kStaleThresholdMs + 1, now));
  CHECK_FALSE(isFresh(now - kStaleThresholdMs, now));
  CHECK(isFresh(now + kClockSkewToleranceMs, now));
  CHECK_FALSE(isFresh(now + kClockSkewToleranceMs + 1, now));
  CHECK_FALSE(isFresh(1e300, now));
  CHECK_FALSE(isFresh(std::numeric_limits<double>::quiet_NaN(), now));
  CHECK_FALSE(isFresh(now, kInf));
}

TEST_CASE("round states: clocks merge then count me; counters and timestamps past 2^53 are refused", "[live_round]") {
  LiveNetwork live("me");
  auto state = [](Json clock, double timestamp = kStart) {
    return Json{{"pubKey", "a"}, {"round", 1}, {"vectorClock", std::move(clock)}, {"timestamp", timestamp}};
  };
  live.setRoundState("a", state({{"a", 4}, {"b", 2}}));
  CHECK(live.vectorClock() == Json{{"a", 4}, {"b", 2}, {"me", 1}});
  live.tickClock();
  CHECK(live.vectorClock()["me"] == 2);
  CHECK_THROWS_AS(live.setRoundState("a", state({{"a", 9007199254740994.0}})), ms::InputError);
  CHECK_THROWS_AS(live.setRoundState("a", state({{"a", 5}}, 9007199254740994.0)), ms::InputError);
  CHECK(live.vectorClock() == Json{{"a", 4}, {"b", 2}, {"me", 2}});  // refused: nothing changed
  // A peer that says I am at 2^53 leaves my counter nowhere to go.
  CHECK_THROWS_AS(live.setRoundState("a", state({{"me", 9007199254740992.0}})), ms::InputError);
  CHECK(live.vectorClock()["me"] == 2);
}

TEST_CASE("my round state goes out when its round or settled changes, and again before it goes stale", "[live_round]") {
  LiveNetwork live("me");
  LiveRound round(live, LoopSettings{LoopRule::WaterFilling, "default", kInf, 1}, kStart);
  round.setMyCommitment({{"residual_need", 100}, {"stated_need", 100}, {"timestamp", kStart}});
  const Publication first = round.tick(kStart + 1);  // my first answer: round 1, not settled
  REQUIRE(!first.round_state.is_null());
  CHECK(first.round_state["round"] == 1);
  CHECK(first.round_state["settled"] == false);
  const Publication second = round.tick(kStart + 2);  // a tick without change: settled
  REQUIRE(!second.round_state.is_null());
  CHECK(second.round_state["settled"] == true);
  CHECK(second.round_state["vectorClock"]["me"].get<double>() > first.round_state["vectorClock"]["me"].get<double>());
  // Nothing new: nothing to send, however often the timer ticks.
  for (int i = 3; i < 10; ++i) CHECK(round.tick(kStart + i).round_state.is_null());
  // The same state again once the last one sent is older than half the stale threshold.
  CHECK(round.tick(kStart + 2 + kStaleThresholdMs / 2).round_state.is_null());
  const Publication again = round.tick(kStart + 3 + kStaleThresholdMs / 2);
  REQUIRE(!again.round_state.is_null());
  CHECK(again.round_state["round"] == 1);
  CHECK(again.round_state["timestamp"] == kStart + 3 + kStaleThresholdMs / 2);
}

TEST_CASE("a commitment or allocation state stamped past 2^53 is refused", "[live_round]") {
  LiveNetwork live("me");
  Json c = {{"residual_need", 1}, {"stated_need", 1}, {"timestamp", 9007199254740994.0}};
  CHECK_THROWS_AS(live.setCommitment("a", c), ms::InputError);
}

TEST_CASE("loop settings are checked", "[live_round]") {
  LiveNetwork live("me");
  CHECK_THROWS_AS(readLoopRule("fastest"), ms::InputError);
  CHECK_THROWS_AS(LiveRound(live, LoopSettings{LoopRule::Seed, "", 1000, 1}, kStart), ms::InputError);
  CHECK_THROWS_AS(LiveRound(live, LoopSettings{LoopRule::Seed, "c", 0, 1}, kStart), ms::InputError);
  CHECK_THROWS_AS(LiveRound(live, LoopSettings{LoopRule::Seed, "c", 1000, 1.5}, kStart), ms::InputError);
  CHECK_THROWS_AS(LiveRound(live, LoopSettings{LoopRule::Seed, "c", 1000, 1}, kInf), ms::InputError);
}

TEST_CASE("live water-filling: answers of different ages at different providers never over-serve the recipient",
          "[live_round]") {
  // Two providers of 100 each and one recipient needing 100, all mutual.
  // The recipient first hears only from p1 and accepts all 100 of it; then
  // p2's offer arrives and it shares 50/50. Its second answer reaches p2
  // before p1, so for a while p1 still moves 100 (the first answer) while
  // p2 moves 50 (the second): each answer is within the need, their mix is
  // not. What the recipient counts must stay within its need all the same.
  auto person = [](const std::string& pub, Json weights, double need, double capacity) {
    auto p = std::make_unique<Person>(pub, LoopRule::WaterFilling);
    p->network.setMyWeights(weights);
    p->commitment = {{"residual_need", need}, {"stated_need", need}, {"timestamp", kStart}};
    if (capacity > 0) p->commitment["capacity"] = capacity;
    p->round.setMyCommitment(p->commitment);
    return p;
  };
  auto recipient = person("r", {{"p1", 0.5}, {"p2", 0.5}}, 100, 0);
  auto p1 = person("p1", {{"r", 1.0}}, 0, 100);
  auto p2 = person("p2", {{"r", 1.0}}, 0, 100);
  for (Person* p : {p1.get(), p2.get()}) {
    const std::string pub = p->network.myPub();
    recipient->network.setRecognitionWeights(pub, {{"r", 1.0}});
    recipient->network.setCommitment(pub, p->commitment);
    p->network.setRecognitionWeights("r", {{"p1", 0.5}, {"p2", 0.5}});
    p->network.setCommitment("r", recipient->commitment);
  }
  double now = kStart;
  auto offer = [&](Person& provider) {
    const Publication out = provider.round.step(++now);
    REQUIRE(!out.allocation_state.is_null());
    recipient->network.setAllocationState(provider.network.myPub(), out.allocation_state);
  };
  auto answer = [&](Person& provider) {  // the recipient answers; only `provider` hears it
    const Publication out = recipient->round.step(++now);
    REQUIRE(!out.commitment.is_null());
    recipient->commitment = out.commitment;
    provider.network.setCommitment("r", out.commitment);
    offer(provider);
  };
  auto received = [&] { return recipient->network.received(now).total; };

  offer(*p1);
  answer(*p1);
  CHECK(received() == Approx(100));  // p1 moves all 100
  offer(*p2);
  answer(*p2);                       // 50/50 now, heard by p2 only
  CHECK(received() <= 100 * (1 + 1e-12));
  CHECK(recipient->round.status(now)["received"].get<double>() <= 100 * (1 + 1e-12));

  // Once p1 hears the second answer too, both move 50.
  p1->network.setCommitment("r", recipient->commitment);
  offer(*p1);
  CHECK(recipient->network.received(now).by_provider.size() == 2);
  CHECK(received() == Approx(100));
  for (const ReceivedFrom& from : recipient->network.received(now).by_provider) CHECK(from.mutual == Approx(50));
}
