// Subscriptions (graph/subscriptions.h): after a change, the listeners whose
// deep read now gives something else are told, with the new value; nobody else.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "graph/peer.h"

using namespace ms::graph;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;
constexpr int kDepth = 32;

// A local put, as the JS layer makes it, and what it means to the listeners.
Notices put(Peer& peer, const std::string& soul, const Json& value) {
  return peer.noticesAfter(peer.put(soul, value, kNow, nullptr).changedSouls);
}

std::vector<SubscriptionId> ids(const Notices& notices) {
  std::vector<SubscriptionId> out;
  for (const Notice& notice : notices.changed) out.push_back(notice.id);
  return out;
}

}  // namespace

TEST_CASE("subscriptions: the first reading is the current value and the souls it touched") {
  Peer peer;
  put(peer, "a", {{"name", "A"}, {"child", {{"x", 1}}}});
  auto [whole, first] = peer.subscribe("a", std::nullopt, kDepth);
  CHECK(Json::parse(first.text) == Json{{"child", {{"x", 1}}}, {"name", "A"}});  // fields in name order
  CHECK(first.souls == std::set<std::string>{"a", "a/child"});
  auto [field, name] = peer.subscribe("a", "name", kDepth);
  CHECK(name.text == "\"A\"");
  CHECK(field != whole);
  CHECK(peer.subscribe("nowhere", std::nullopt, kDepth).second.text == "null");
}

TEST_CASE("subscriptions: a change to an unrelated soul calls nobody") {
  Peer peer;
  put(peer, "a", {{"x", 1}});
  peer.subscribe("a", std::nullopt, kDepth);
  peer.subscribe("a", "x", kDepth);
  Notices notices = put(peer, "b", {{"x", 2}});
  CHECK(notices.changed.empty());
  CHECK(notices.reached.empty());
}

TEST_CASE("subscriptions: a change down a link tells the listener above it, with the new value") {
  Peer peer;
  put(peer, "a", {{"child", {{"grandchild", {{"x", 1}}}}}});
  SubscriptionId top = peer.subscribe("a", std::nullopt, kDepth).first;
  SubscriptionId field = peer.subscribe("a", "child", kDepth).first;
  Notices notices = put(peer, "a/child/grandchild", {{"x", 2}});
  REQUIRE(ids(notices) == std::vector<SubscriptionId>{top, field});
  CHECK(Json::parse(notices.changed[0].text) == Json{{"child", {{"grandchild", {{"x", 2}}}}}});
  CHECK(Json::parse(notices.changed[1].text) == Json{{"grandchild", {{"x", 2}}}});
}

TEST_CASE("subscriptions: the same value written twice tells once") {
  Peer peer;
  SubscriptionId id = peer.subscribe("a", std::nullopt, kDepth).first;
  CHECK(ids(put(peer, "a", {{"x", 1}})) == std::vector<SubscriptionId>{id});
  CHECK(put(peer, "a", {{"x", 1}}).changed.empty());  // a newer state, the same value
  CHECK(ids(put(peer, "a", {{"x", 2}})) == std::vector<SubscriptionId>{id});
}

TEST_CASE("subscriptions: a field's listener is not told of its node's other fields") {
  Peer peer;
  put(peer, "a", {{"x", 1}, {"y", 1}});
  SubscriptionId x = peer.subscribe("a", "x", kDepth).first;
  CHECK(put(peer, "a", {{"y", 2}}).changed.empty());
  CHECK(ids(put(peer, "a", {{"x", 2}})) == std::vector<SubscriptionId>{x});
}

TEST_CASE("subscriptions: an unsubscribed listener is told nothing; ending it twice is harmless") {
  Peer peer;
  SubscriptionId gone = peer.subscribe("a", std::nullopt, kDepth).first;
  SubscriptionId kept = peer.subscribe("a", std::nullopt, kDepth).first;
  CHECK(peer.unsubscribe(gone));
  CHECK_FALSE(peer.unsubscribe(gone));
  CHECK(ids(put(peer, "a", {{"x", 1}})) == std::vector<SubscriptionId>{kept});
  CHECK(peer.unsubscribe(kept));
  CHECK(put(peer, "a", {{"x", 2}}).changed.empty());
}

TEST_CASE("subscriptions: souls a new link reaches are reported once and followed from then on") {
  Peer peer;
  put(peer, "a", {{"x", 1}});
  SubscriptionId id = peer.subscribe("a", std::nullopt, kDepth).first;
  Notices linked = put(peer, "a", {{"child", {{"y", 1}}}});
  CHECK(ids(linked) == std::vector<SubscriptionId>{id});
  CHECK(linked.reached == std::vector<std::string>{"a/child"});
  Notices deeper = put(peer, "a/child", {{"y", 2}});
  CHECK(ids(deeper) == std::vector<SubscriptionId>{id});
  CHECK(deeper.reached.empty());
}

TEST_CASE("subscriptions: a node no longer linked no longer tells its old listener") {
  Peer peer;
  Json other = Json{{"#", "other"}};
  put(peer, "other", {{"y", 1}});
  put(peer, "a", {{"ref", other}});
  SubscriptionId id = peer.subscribe("a", std::nullopt, kDepth).first;
  CHECK(ids(put(peer, "other", {{"y", 2}})) == std::vector<SubscriptionId>{id});
  CHECK(ids(put(peer, "a", {{"ref", "plain"}})) == std::vector<SubscriptionId>{id});
  CHECK(put(peer, "other", {{"y", 3}}).changed.empty());
}

TEST_CASE("subscriptions: writes from other peers and from the future tell listeners when they apply") {
  Peer peer;
  SubscriptionId id = peer.subscribe("a", "x", kDepth).first;
  auto wire = [](double state, int value) {
    return Json{{"a", {{"_", {{"#", "a"}, {">", {{"x", state}}}}}, {"x", value}}}};
  };
  Notices received = peer.noticesAfter(peer.receive(wire(kNow - 10, 1), kNow).changedSouls);
  REQUIRE(ids(received) == std::vector<SubscriptionId>{id});
  CHECK(received.changed[0].text == "1");
  // Far ahead of our clock: waits, and tells nobody until it applies.
  double later = kNow + 3'600'000;
  CHECK(peer.noticesAfter(peer.receive(wire(later, 2), kNow).changedSouls).changed.empty());
  Notices due = peer.noticesAfter(peer.applyDue(later + 1).changedSouls);
  REQUIRE(ids(due) == std::vector<SubscriptionId>{id});
  CHECK(due.changed[0].text == "2");
}

TEST_CASE("subscriptions: listeners of the same place are each told; a shallower read only of what it reads") {
  Peer peer;
  put(peer, "a", {{"child", {{"x", 1}}}});
  SubscriptionId one = peer.subscribe("a", std::nullopt, kDepth).first;
  SubscriptionId two = peer.subscribe("a", std::nullopt, kDepth).first;
  SubscriptionId shallow = peer.subscribe("a", std::nullopt, 0).first;  // "child" stays a link
  Notices notices = put(peer, "a/child", {{"x", 2}});
  REQUIRE(ids(notices) == std::vector<SubscriptionId>{one, two});
  CHECK(notices.changed[0].text == notices.changed[1].text);
  CHECK(ids(put(peer, "a", {{"y", 1}})) == std::vector<SubscriptionId>{one, two, shallow});
}
