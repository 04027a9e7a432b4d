// A clustered relay (sync/relay.h, setClustered): puts are checked as
// always but handed to the shared store with their order keys, nothing is
// forwarded or kept before the store took them, and what it took is kept
// and forwarded by every relay of the cluster.
#include <catch2/catch.hpp>

#include "graph_support.h"
#include "graph/order_key.h"
#include "sync/relay.h"

using namespace ms::sync;
using ms::Json;
using ms::test::node;

namespace {

constexpr double kNow = 1'700'000'000'000;

std::string putFrame(const std::string& id, const std::string& soul, const Json& fields, double state) {
  return Json{{"#", id}, {"put", node(soul, fields, state)}}.dump();
}

}  // namespace

TEST_CASE("clustered: a put is checked and handed to the store with its order key, and kept only once stored") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.setClustered(true);
  relay.onFrame(2, R"({"#": "g", "get": {"#": "chat"}})", kNow);
  auto put = relay.onFrame(1, putFrame("p1", "chat", {{"text", "hi"}}, kNow - 5), kNow);
  CHECK(put.send.empty());  // nobody hears of it before the store took it
  CHECK(put.toStore.empty());
  REQUIRE(put.toMerge.size() == 1);
  CHECK(put.toMerge[0].orderKey == ms::graph::orderKey(kNow - 5, "hi"));
  CHECK(put.toMerge[0].cost == fieldCost("chat", "text", "hi"));
  CHECK(put.toMerge[0].space.empty());
  CHECK(put.toMerge[0].dueAt == 0);
  REQUIRE(put.afterStored.size() == 1);
  CHECK(put.afterStored[0].message["ok"] == true);
  CHECK(peer.graph().read("chat", "text") == nullptr);

  // The store took it: kept, and forwarded to the interested but the writer.
  auto stored = relay.applyStored(node("chat", {{"text", "hi"}}, kNow - 5), 1, kNow);
  REQUIRE(stored.send.size() == 1);
  CHECK(stored.send[0].to == std::vector<ConnectionId>{2});
  REQUIRE(peer.graph().read("chat", "text") != nullptr);
  CHECK(peer.graph().read("chat", "text")->value == "hi");

  // What loses to the graph is not handed on; a write from the future says when it lands.
  auto older = relay.onFrame(1, putFrame("p2", "chat", {{"text", "old"}}, kNow - 10), kNow);
  CHECK(older.toMerge.empty());
  CHECK(older.afterStored.size() == 1);
  auto future = relay.onFrame(1, putFrame("p3", "chat", {{"text", "later"}}, kNow + 5000), kNow);
  REQUIRE(future.toMerge.size() == 1);
  CHECK(future.toMerge[0].dueAt == kNow + 5000 - peer.graph().limits().toleranceMs);
}

TEST_CASE("clustered: a write the store took is kept even when it is ahead of this relay's clock; unstored traffic is only forwarded") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.setClustered(true);
  relay.onFrame(2, R"({"#": "g", "get": {"#": "chat"}})", kNow);
  relay.applyStored(node("chat", {{"a", 1}}, kNow + 60'000), static_cast<ConnectionId>(-1), kNow);
  REQUIRE(peer.graph().read("chat", "a") != nullptr);
  CHECK(peer.graph().deferredCount() == 0);

  auto live = relay.applyStored(node("chat", {{"b", 2}}, kNow), 1, kNow, false);
  REQUIRE(live.send.size() == 1);
  CHECK(live.send[0].to == std::vector<ConnectionId>{2});
  CHECK(peer.graph().read("chat", "b") == nullptr);
}

TEST_CASE("clustered: a put with one bad write is refused whole and nothing is handed on") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.setClustered(true);
  Json put = node("pub", {{"x", 1}}, kNow);
  put.update(node("~someone", {{"y", 1}}, kNow));
  auto out = relay.onFrame(1, Json{{"#", "p"}, {"put", put}}.dump(), kNow);
  CHECK(out.toMerge.empty());
  CHECK(out.afterStored.empty());
  REQUIRE(out.send.size() == 1);
  CHECK(out.send[0].message.contains("err"));
}

TEST_CASE("clustered: the user quota is checked against the shared graph as this relay saw it") {
  ms::graph::Peer peer;
  Relay relay(peer, {}, "relay-", kDefaultUserQuotaBytes, {}, 64);
  relay.setClustered(true);
  relay.applyStored(node("pub", {{"big", std::string(40, 'x')}}, kNow), static_cast<ConnectionId>(-1), kNow);
  auto out = relay.onFrame(1, putFrame("p", "pub", {{"more", std::string(40, 'y')}}, kNow), kNow);
  CHECK(out.toMerge.empty());
  REQUIRE(out.send.size() == 1);
  CHECK(out.send[0].message["err"].get<std::string>().find("public") != std::string::npos);
}
