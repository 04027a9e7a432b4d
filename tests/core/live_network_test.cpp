// The live network against the free functions it must agree with, bit for
// bit: allMutualRecognition + allocateTwoTier over Records built the way the
// JS wrapper builds them (js/allocation-engine.js), on seeded random networks
// updated one participant at a time.
#include "allocation_support.h"

#include <string>
#include <vector>

#include "allocation/constants.h"
#include "allocation/convergence.h"
#include "allocation/filter.h"
#include "allocation/insertion_order.h"
#include "allocation/live_network.h"
#include "allocation/mutual_recognition.h"
#include "allocation/rounds.h"
#include "common/input_error.h"

using ms::InputError;
using ms::Json;
using namespace ms::allocation;

namespace {

constexpr double kNow = 10'000'000;

Json commitmentOf(double residual, double timestamp = kNow, Json extra = Json::object()) {
  Json c = {{"residual_need", residual}, {"stated_need", 1000}, {"timestamp", timestamp}};
  for (auto& [key, value] : extra.items()) c[key] = value;
  return c;
}

// What computeTwoTierAllocation in js/allocation-engine.js does with Records:
// recipients interned in mrValues' key order then weights' key order.
Json freeFunctionState(const std::string& capacityId, double capacity, const Json& mr, const Json& weights,
                       const Json& commitments, const Json& filter, double now) {
  std::vector<std::string> names;
  std::map<std::string, uint32_t> index;
  auto intern = [&](const std::string& key) {
    auto [it, added] = index.try_emplace(key, static_cast<uint32_t>(names.size()));
    if (added) names.push_back(key);
    return it->second;
  };
  std::vector<Share> mrShares;
  std::vector<Share> weightShares;
  for (const auto& [key, value] : mr.items()) mrShares.push_back({intern(key), value.get<double>()});
  for (const auto& [key, value] : weights.items()) weightShares.push_back({intern(key), value.get<double>()});
  std::vector<RecipientState> recipients;
  for (const std::string& name : names) {
    auto c = commitments.find(name);
    if (c == commitments.end()) {
      recipients.push_back({0, 1.0, false, true});
      continue;
    }
    recipients.push_back({c->at("residual_need").get<double>(), c->value("damping_factor", 1.0), true,
                          passesFilter(c->value("attributes", Json()), filter)});
  }
  TwoTierOutcome out = allocateTwoTier(capacity, mrShares, weightShares, recipients);
  auto amounts = [&](const TierOutcome& tier) {
    Json byRecipient = Json::object();
    for (const Share& a : tier.allocations) byRecipient[names[a.recipient]] = a.value;
    return Json{{capacityId, byRecipient}};
  };
  return {{"mutualDenominator", {{capacityId, out.mutual.denominator}}},
          {"nonMutualDenominator", {{capacityId, out.nonMutual.denominator}}},
          {"mutualAllocations", amounts(out.mutual)},
          {"nonMutualAllocations", amounts(out.nonMutual)},
          {"timestamp", now}};
}

// The same network twice: inside a LiveNetwork, and as the Records a caller
// of the free functions would hold (ordered_json keeps keys as JS objects do).
struct Mirror {
  std::string me = "me";
  LiveNetwork live{"me"};
  Json myWeights = Json::object();
  Json networkWeights = Json::object();
  Json commitments = Json::object();

  void setMyWeights(const Json& w) {
    live.setMyWeights(w);
    myWeights = w;
  }
  void setWeights(const std::string& pub, const Json& w) {
    live.setRecognitionWeights(pub, w);
    networkWeights[pub] = w;
  }
  void setCommitment(const std::string& pub, const Json& c) {
    live.setCommitment(pub, c);
    commitments[pub] = c;
  }
  void forget(const std::string& pub) {
    live.forget(pub);
    networkWeights.erase(pub);
    commitments.erase(pub);
  }
  Json freshCommitments(double now) const {
    Json fresh = Json::object();
    for (const auto& [pub, c] : commitments.items()) {
      if (now - c.at("timestamp").get<double>() < kStaleThresholdMs) fresh[pub] = c;  // exactly 60 s old is stale
    }
    return fresh;
  }
  void checkAgainstFreeFunctions(double capacity, const Json& filter, double now) const {
    const Json mr = allMutualRecognition(me, myWeights, networkWeights);
    REQUIRE(live.mutualRecognition().dump() == mr.dump());
    const Json expected = freeFunctionState("cap", capacity, mr, myWeights, freshCommitments(now), filter, now);
    // dump() compares keys in order and doubles to their last bit.
    REQUIRE(live.allocate("cap", capacity, filter, now).dump() == expected.dump());
  }
};

const char* kPlaces[] = {"SF", "NYC", "Berlin"};

Json randomCommitment(testing::Random& rand) {
  Json extra = Json::object();
  if (rand.chance(0.4)) extra["damping_factor"] = std::vector<double>{0.5, 0.8, 1.0}[int(rand.uniform() * 3)];
  if (rand.chance(0.7)) extra["attributes"] = {{"location", kPlaces[int(rand.uniform() * 3)]}};
  const double residual = rand.chance(0.1) ? 0 : std::round(rand.uniform() * 100000) / 100;
  // A quarter are stale (older than the threshold), a few right at it.
  double age = rand.chance(0.25) ? kStaleThresholdMs + 1 + std::floor(rand.uniform() * 1e5) : std::floor(rand.uniform() * 5e4);
  if (rand.chance(0.05)) age = kStaleThresholdMs;
  return commitmentOf(residual, kNow - age, extra);
}

Json randomWeights(testing::Random& rand, const std::vector<std::string>& pubs, double selfChance, const std::string& self) {
  Json w = Json::object();
  for (const std::string& pub : pubs) {
    if (pub == self && !rand.chance(selfChance)) continue;
    if (rand.chance(0.4)) w[pub] = rand.chance(0.1) ? 0.0 : rand.uniform();
  }
  return w;
}

Json randomFilter(testing::Random& rand) {
  const double f = rand.uniform();
  if (f < 0.2) return {{"filter_fn", "all"}, {"required_attributes", {{"location", kPlaces[int(rand.uniform() * 3)]}}}};
  if (f < 0.3) return {{"filter_fn", "any"}, {"required_attributes", {{"location", Json::array({"SF", "NYC"})}}}};
  if (f < 0.35) return {{"filter_fn", "all"}};
  return nullptr;
}

}  // namespace

TEST_CASE("live allocation equals the free functions on seeded random networks", "[live_network]") {
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    testing::Random rand(seed);
    Mirror m;
    std::vector<std::string> pubs = {"me"};
    const int n = 1 + int(rand.uniform() * 40);
    for (int i = 0; i < n; ++i) pubs.push_back("p" + std::to_string(i));
    m.setMyWeights(randomWeights(rand, pubs, 0.3, "me"));
    for (int i = 1; i <= n; ++i) {
      // Arrival order is shuffled relative to names: first-seen order matters.
      const std::string& pub = pubs[1 + int(rand.uniform() * n)];
      if (rand.chance(0.8)) m.setWeights(pub, randomWeights(rand, pubs, 0.1, pub));
      if (rand.chance(0.85)) m.setCommitment(pub, randomCommitment(rand));
    }
    if (rand.chance(0.7)) m.setCommitment("me", randomCommitment(rand));
    INFO("seed " << seed);
    m.checkAgainstFreeFunctions(rand.chance(0.1) ? 0 : std::round(rand.uniform() * 5000), randomFilter(rand), kNow);

    // Then single-participant updates, each followed by a full comparison.
    for (int step = 0; step < 30; ++step) {
      const std::string& pub = pubs[int(rand.uniform() * pubs.size())];
      const double what = rand.uniform();
      INFO("step " << step << " on " << pub);
      if (what < 0.4) {
        m.setCommitment(pub, randomCommitment(rand));
      } else if (what < 0.7 && pub != "me") {
        m.setWeights(pub, randomWeights(rand, pubs, 0.1, pub));
      } else if (what < 0.8 && pub != "me") {
        m.forget(pub);
      } else if (what < 0.85) {
        m.setMyWeights(randomWeights(rand, pubs, 0.3, "me"));
      }
      m.checkAgainstFreeFunctions(std::round(rand.uniform() * 5000), randomFilter(rand), kNow + step * 1000);
    }
  }
}

TEST_CASE("worked example 1 through the live network", "[live_network]") {
  LiveNetwork live("P");
  live.setMyWeights({{"R1", 0.4}, {"R2", 0.3}, {"R3", 0.2}, {"R4", 0.1}});
  live.setRecognitionWeights("R1", {{"P", 0.5}});
  live.setRecognitionWeights("R2", {{"P", 0.25}});
  live.setCommitment("R1", commitmentOf(500));
  live.setCommitment("R2", commitmentOf(400));
  live.setCommitment("R3", commitmentOf(300));
  live.setCommitment("R4", commitmentOf(200));
  Json state = live.allocate("default", 1000, nullptr, kNow);
  CHECK(state["mutualDenominator"]["default"].get<double>() == Approx(461.538461538).epsilon(1e-9));
  CHECK(state["mutualAllocations"]["default"]["R1"].get<double>() == Approx(500));
  CHECK(state["mutualAllocations"]["default"]["R2"].get<double>() == Approx(1000.0 / 3).epsilon(1e-12));
  CHECK(state["nonMutualAllocations"]["default"]["R3"].get<double>() == Approx(125).epsilon(1e-12));
  CHECK(state["nonMutualAllocations"]["default"]["R4"].get<double>() == Approx(125.0 / 3).epsilon(1e-12));
  CHECK(state["timestamp"].get<double>() == kNow);
}

TEST_CASE("a stale participant drops out of allocation and comes back with a fresh commitment", "[live_network]") {
  LiveNetwork live("P");
  live.setMyWeights({{"A", 0.5}, {"B", 0.5}});
  live.setRecognitionWeights("A", {{"P", 1}});
  live.setRecognitionWeights("B", {{"P", 1}});
  live.setCommitment("A", commitmentOf(100));
  live.setCommitment("B", commitmentOf(100, kNow - kStaleThresholdMs + 1));  // just under the threshold: fresh
  Json mutual = live.allocate("c", 100, nullptr, kNow)["mutualAllocations"]["c"];
  CHECK(mutual == Json{{"A", 50.0}, {"B", 50.0}});

  live.setCommitment("B", commitmentOf(100, kNow - kStaleThresholdMs));  // exactly 60 s old: stale (freshness.h)
  mutual = live.allocate("c", 100, nullptr, kNow)["mutualAllocations"]["c"];
  CHECK(mutual == Json{{"A", 100.0}});
  // Time passing alone makes A stale too.
  CHECK(live.allocate("c", 100, nullptr, kNow + kStaleThresholdMs + 1)["mutualAllocations"]["c"] == Json::object());

  live.setCommitment("B", commitmentOf(100, kNow));
  mutual = live.allocate("c", 100, nullptr, kNow)["mutualAllocations"]["c"];
  CHECK(mutual == Json{{"A", 50.0}, {"B", 50.0}});
}

TEST_CASE("groups follow recognition as it changes", "[live_network]") {
  LiveNetwork live("me");
  live.setMyWeights({{"a", 0.5}, {"b", 0.5}, {"me", 0.2}, {"z", 0}});
  auto g = live.groups();
  CHECK(g.mutual.empty());
  CHECK(g.beneficiaries == std::vector<std::string>{"a", "b"});  // z has weight 0, me is not a peer

  live.setRecognitionWeights("a", {{"me", 0.3}});
  live.setRecognitionWeights("c", {{"me", 0.7}, {"a", 0.3}});
  live.setRecognitionWeights("d", {{"a", 1}});  // recognises someone else only
  g = live.groups();
  CHECK(g.mutual == std::vector<std::string>{"a"});
  CHECK(g.beneficiaries == std::vector<std::string>{"b"});
  CHECK(g.providers == std::vector<std::string>{"c"});

  live.setMyWeights({{"c", 1}});  // now I recognise c back, and nobody else
  g = live.groups();
  CHECK(g.mutual == std::vector<std::string>{"c"});
  CHECK(g.beneficiaries.empty());
  CHECK(g.providers == std::vector<std::string>{"a"});

  live.setRecognitionWeights("c", {{"a", 1}});  // c stops recognising me
  g = live.groups();
  CHECK(g.mutual.empty());
  CHECK(g.beneficiaries == std::vector<std::string>{"c"});

  live.forget("a");
  CHECK(live.groups().providers.empty());
}

TEST_CASE("coordinators are everyone in the three groups, whose round states the round rule needs", "[live_network]") {
  LiveNetwork live("me");
  live.setMyWeights({{"me", 0.2}, {"a", 0.5}, {"b", 0.3}});
  live.setRecognitionWeights("a", {{"me", 0.1}});
  live.setRecognitionWeights("b", {{"x", 1}});
  live.setRecognitionWeights("c", {{"me", 0.4}});
  live.setRecognitionWeights("d", {{"x", 1}});
  live.setCommitment("e", commitmentOf(1));  // a commitment alone puts nobody in a group
  const Groups g = live.groups();
  CHECK(g.mutual == std::vector<std::string>{"a"});
  CHECK(g.beneficiaries == std::vector<std::string>{"b"});
  CHECK(g.providers == std::vector<std::string>{"c"});
  CHECK(g.coordinators == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("bad input is refused with the field named and changes nothing", "[live_network]") {
  LiveNetwork live("me");
  live.setMyWeights({{"a", 0.6}, {"b", 0.4}});
  live.setRecognitionWeights("a", {{"me", 0.5}});
  live.setCommitment("a", commitmentOf(300));
  live.setCommitment("b", commitmentOf(200));
  live.setRoundState("a", {{"pubKey", "a"}, {"round", 2}, {"vectorClock", Json::object()}, {"timestamp", kNow}});
  auto snapshot = [&] {
    auto r = live.received(kNow);
    auto g = live.groups();
    return live.allocate("c", 1000, nullptr, kNow).dump() + live.mutualRecognition().dump() +
           std::to_string(r.total) + std::to_string(g.providers.size() + g.mutual.size()) +
           std::to_string(live.shouldAdvanceRound(1, kNow));
  };
  const std::string before = snapshot();

  auto refused = [&](auto&& call, const std::string& field, InputError::Kind kind) {
    try {
      call();
      FAIL("accepted bad input for " << field);
    } catch (const InputError& e) {
      CHECK(e.field() == field);
      CHECK(e.kind() == kind);
    }
    CHECK(snapshot() == before);
  };
  using K = InputError::Kind;
  refused([&] { live.setCommitment("a", commitmentOf(-1)); }, "commitments.a.residual_need", K::Range);
  refused([&] { live.setCommitment("a", {{"residual_need", "lots"}, {"stated_need", 1}, {"timestamp", 1}}); },
          "commitments.a.residual_need", K::Type);
  // NaN as the JS layer sends it: out of range, as everywhere in the engine.
  refused([&] { live.setCommitment("a", commitmentOf(1, kNow, {{"residual_need", {{"$nonfinite", "NaN"}}}})); },
          "commitments.a.residual_need", K::Range);
  refused([&] { live.setCommitment("a", {{"residual_need", 1}, {"stated_need", 1}}); }, "commitments.a.timestamp",
          K::Type);
  refused([&] { live.setCommitment("b", commitmentOf(1, kNow, {{"damping_factor", 2}})); },
          "commitments.b.damping_factor", K::Range);
  refused([&] { live.setCommitment("me", commitmentOf(-5)); }, "myCommitment.residual_need", K::Range);
  refused([&] { live.setCommitment("", commitmentOf(1)); }, "pub", K::Range);
  refused([&] { live.setMyWeights({{"a", 0.5}, {"b", -0.1}}); }, "myWeights.b", K::Range);
  refused([&] { live.setMyWeights(Json::array()); }, "myWeights", K::Type);
  refused([&] { live.setRecognitionWeights("a", {{"me", "high"}}); }, "recognitionWeights.a.me", K::Type);
  refused([&] { live.setRecognitionWeights("p q", {{"me", -1}}); }, "recognitionWeights[\"p q\"].me", K::Range);
  refused([&] { live.setAllocationState("a", {{"mutualDenominator", Json::object()}}); },
          "allocationStates.a.nonMutualDenominator", K::Type);
  refused([&] { live.setRoundState("a", {{"pubKey", "b"}, {"round", 9}, {"vectorClock", Json::object()}, {"timestamp", 1}}); },
          "roundStates.a.pubKey", K::Range);
  refused([&] { live.setRoundState("a", {{"pubKey", "a"}, {"round", -1}, {"vectorClock", Json::object()}, {"timestamp", 1}}); },
          "roundStates.a.round", K::Range);
  refused([&] { live.allocate("c", -1, nullptr, kNow); }, "capacity", K::Range);
  refused([&] { live.allocate("c", 1, {{"filter_fn", "eval"}}, kNow); }, "filter.filter_fn", K::Range);
  refused([&] { live.allocate("c", 1, nullptr, std::nan("")); }, "now", K::Range);
  refused([&] { live.received(INFINITY); }, "now", K::Range);
  refused([&] { live.shouldAdvanceRound(1.5, kNow); }, "myRound", K::Range);
  CHECK_THROWS_AS(LiveNetwork(""), InputError);
}

TEST_CASE("received sums what providers give me over capacities and tiers", "[live_network]") {
  LiveNetwork live("me");
  auto state = [](Json mutual, Json nonMutual) {
    return Json{{"mutualDenominator", {{"x", 1}}},
                {"nonMutualDenominator", {{"x", 0}}},
                {"mutualAllocations", std::move(mutual)},
                {"nonMutualAllocations", std::move(nonMutual)},
                {"timestamp", 5}};
  };
  live.setAllocationState("p1", state({{"food", {{"me", 10.5}, {"other", 99}}}, {"rooms", {{"me", 2}}}},
                                      {{"food", {{"other", 1}}}}));
  live.setAllocationState("p2", state(Json::object(), {{"food", {{"me", 0.25}}}, {"tools", {{"me", 3}}}}));
  live.setAllocationState("p3", state({{"food", {{"me", 1000}}}}, Json::object()));
  live.setCommitment("p1", commitmentOf(0));
  live.setCommitment("p2", commitmentOf(0));
  live.setCommitment("p3", commitmentOf(0, kNow - kStaleThresholdMs - 1));  // stale: does not count

  Received r = live.received(kNow);
  REQUIRE(r.by_provider.size() == 2);
  CHECK(r.by_provider[0].provider == "p1");
  CHECK(r.by_provider[0].mutual == 12.5);
  CHECK(r.by_provider[0].non_mutual == 0);
  CHECK(r.by_provider[1].provider == "p2");
  CHECK(r.by_provider[1].mutual == 0);
  CHECK(r.by_provider[1].non_mutual == 3.25);
  CHECK(r.mutual == 12.5);
  CHECK(r.non_mutual == 3.25);
  CHECK(r.total == 15.75);

  // A newer state replaces the old one; removing it drops the provider.
  live.setAllocationState("p1", state({{"food", {{"me", 1}}}}, Json::object()));
  CHECK(live.received(kNow).total == 4.25);
  live.removeAllocationState("p2");
  CHECK(live.received(kNow).total == 1);
  live.setCommitment("p3", commitmentOf(0));
  CHECK(live.received(kNow).total == 1001);
}

TEST_CASE("round advancement agrees with rounds.h over the held states", "[live_network]") {
  testing::Random rand(99);
  for (int trial = 0; trial < 50; ++trial) {
    LiveNetwork live("me");
    Json rounds = Json::object();
    Json commitments = Json::object();
    for (int i = 0; i < 12; ++i) {
      const std::string pub = "q" + std::to_string(int(rand.uniform() * 15));
      if (rand.chance(0.8)) {
        Json c = commitmentOf(1, kNow - std::floor(rand.uniform() * 2 * kStaleThresholdMs));
        live.setCommitment(pub, c);
        commitments[pub] = c;
      }
      if (rand.chance(0.8)) {
        Json r = {{"pubKey", pub}, {"round", int(rand.uniform() * 6)}, {"vectorClock", Json::object()}, {"timestamp", kNow}};
        live.setRoundState(pub, r);
        rounds[pub] = r;
      }
    }
    const double myRound = int(rand.uniform() * 6);
    INFO("trial " << trial);
    CHECK(live.shouldAdvanceRound(myRound, kNow) == shouldAdvanceRound("me", myRound, rounds, commitments, kNow));
  }
  LiveNetwork live("me");
  live.setCommitment("a", commitmentOf(1));
  live.setRoundState("a", {{"pubKey", "a"}, {"round", 4}, {"vectorClock", Json::object()}, {"timestamp", kNow}});
  CHECK(live.shouldAdvanceRound(3, kNow));
  CHECK_FALSE(live.shouldAdvanceRound(4, kNow));
  live.removeRoundState("a");
  CHECK_FALSE(live.shouldAdvanceRound(3, kNow));
}

TEST_CASE("convergence: every denominator moved by less than epsilon", "[live_network]") {
  auto state = [](double d1, double d2) {
    return Json{{"mutualDenominator", {{"c", d1}}},
                {"nonMutualDenominator", {{"c", d2}}},
                {"mutualAllocations", Json::object()},
                {"nonMutualAllocations", Json::object()},
                {"timestamp", 1}};
  };
  CHECK(denominatorsConverged(state(100, 5), state(100 + 0.0009, 5 - 0.0009)));
  CHECK_FALSE(denominatorsConverged(state(100, 5), state(100.002, 5)));
  CHECK_FALSE(denominatorsConverged(state(100, 5), state(100, 5.0011)));
  Json another = state(100, 5);
  another["mutualDenominator"]["d"] = 1;
  CHECK_FALSE(denominatorsConverged(state(100, 5), another));  // a capacity appeared
  CHECK_THROWS_AS(denominatorsConverged(Json::object(), state(1, 1)), InputError);
}

TEST_CASE("insertion order behaves like JS object keys", "[live_network]") {
  InsertionOrder order;
  for (uint32_t id : {3u, 1u, 4u, 1u, 5u}) order.add(id);
  auto list = [&] {
    std::vector<uint32_t> ids;
    order.forEach([&](uint32_t id) { ids.push_back(id); });
    return ids;
  };
  CHECK(list() == std::vector<uint32_t>{3, 1, 4, 5});
  order.remove(1);
  order.remove(4);
  order.remove(9);  // never added
  CHECK(list() == std::vector<uint32_t>{3, 5});
  order.add(1);
  CHECK(list() == std::vector<uint32_t>{3, 5, 1});
  for (uint32_t id = 10; id < 30; ++id) order.add(id);
  for (uint32_t id = 10; id < 28; ++id) order.remove(id);  // forces compaction
  CHECK(list() == std::vector<uint32_t>{3, 5, 1, 28, 29});
  CHECK(order.contains(28));
  CHECK_FALSE(order.contains(12));
}
