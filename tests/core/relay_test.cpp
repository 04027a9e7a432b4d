// The relay's decisions: answers gets from its graph, forwards puts only to
// interested connections, acknowledges after storing, refuses bad input.
#include <catch2/catch.hpp>

#include <algorithm>

#include "sync/relay.h"

using namespace ms::sync;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;

std::string putFrame(const std::string& id, const std::string& soul, const Json& fields, double state) {
  Json node = fields;
  node["_"] = {{"#", soul}, {">", Json::object()}};
  for (const auto& [key, _] : fields.items()) node["_"][">"][key] = state;
  return Json{{"#", id}, {"put", {{soul, node}}}}.dump();
}

// Everyone the messages go to, in order, once per message they get.
std::vector<ConnectionId> recipients(const std::vector<Outgoing>& messages) {
  std::vector<ConnectionId> to;
  for (const auto& m : messages) to.insert(to.end(), m.to.begin(), m.to.end());
  return to;
}

using Ids = std::vector<ConnectionId>;

}  // namespace

TEST_CASE("a put reaches only the connections that asked for its soul, and is acknowledged after storing") {
  ms::graph::Peer peer;
  Relay relay(peer);
  auto asked = relay.onFrame(2, R"({"#": "g1", "get": {"#": "chat"}})", kNow);
  REQUIRE(asked.send.size() == 1);  // one answer per get
  CHECK(asked.send[0].message["@"] == "g1");
  CHECK(asked.send[0].message["put"] == Json::object());

  auto put = relay.onFrame(1, putFrame("p1", "chat", {{"topic", "hi"}}, kNow - 5), kNow);
  CHECK(recipients(put.send) == std::vector<ConnectionId>{2});
  CHECK(put.send[0].message["put"]["chat"]["topic"] == "hi");
  CHECK(put.toStore["chat"]["topic"] == "hi");
  REQUIRE(put.afterStored.size() == 1);
  CHECK(put.afterStored[0].to == Ids{1});
  CHECK(put.afterStored[0].message["ok"] == true);
  CHECK(put.afterStored[0].message["@"] == "p1");

  // A later get is answered from the relay's graph; a field get gets only that field.
  relay.onFrame(1, putFrame("p2", "chat", {{"other", 1}}, kNow - 4), kNow);
  auto field = relay.onFrame(3, R"({"#": "g2", "get": {"#": "chat", ".": "topic"}})", kNow);
  Json node = field.send.at(0).message["put"]["chat"];
  CHECK(node["topic"] == "hi");
  CHECK_FALSE(node.contains("other"));
}

TEST_CASE("duplicates are ignored; a batch's writes to one soul are all stored") {
  ms::graph::Peer peer;
  Relay relay(peer);
  std::string frame = putFrame("same", "a", {{"x", 1}}, kNow - 1);
  CHECK(relay.onFrame(1, frame, kNow).afterStored.size() == 1);
  CHECK(relay.onFrame(1, frame, kNow).afterStored.empty());
  Json batch = Json::array({Json::parse(putFrame("b1", "s", {{"x", 1}}, kNow - 1)), Json::parse(putFrame("b2", "s", {{"y", 2}}, kNow - 1))});
  auto out = relay.onFrame(2, batch.dump(), kNow);
  CHECK(out.toStore["s"]["x"] == 1);
  CHECK(out.toStore["s"]["y"] == 2);
  CHECK(out.afterStored.size() == 2);
}

TEST_CASE("invalid frames and refused writes get an error, reach nobody else and store nothing") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.onFrame(2, R"({"#": "g", "get": {"#": "~somebody"}})", kNow);
  for (const std::string& bad : {std::string("null"), std::string(R"({"#":"a","get":{"#":5}})"), std::string("{not json"),
                                 putFrame("u", "~somebody", {{"x", 1}}, kNow - 1)}) {
    auto out = relay.onFrame(1, bad, kNow);
    INFO(bad);
    REQUIRE(out.send.size() == 1);
    CHECK(out.send[0].to == Ids{1});
    CHECK(out.send[0].message.contains("err"));
    CHECK(out.toStore.empty());
    CHECK(out.afterStored.empty());
  }
  CHECK(peer.graph().size() == 0);
}

TEST_CASE("a closed connection is forgotten") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.onFrame(2, R"({"#": "g", "get": {"#": "chat"}})", kNow);
  relay.onClose(2);
  auto put = relay.onFrame(1, putFrame("p", "chat", {{"t", 1}}, kNow - 1), kNow);
  CHECK(put.send.empty());
}

TEST_CASE("a put forwarded to several connections is one message naming them all, never the sender") {
  ms::graph::Peer peer;
  Relay relay(peer);
  for (ConnectionId c : {1, 2, 3, 4}) relay.onFrame(c, R"({"#": "g", "get": {"#": "chat"}})", kNow);
  relay.onFrame(5, R"({"#": "g", "get": {"#": "other"}})", kNow);
  auto put = relay.onFrame(3, putFrame("p", "chat", {{"t", 1}}, kNow - 1), kNow);
  REQUIRE(put.send.size() == 1);
  Ids to = put.send[0].to;
  std::sort(to.begin(), to.end());
  CHECK(to == Ids{1, 2, 4});
  CHECK(put.send[0].message["put"]["chat"]["t"] == 1);
  CHECK(put.send[0].message["#"].is_string());
  CHECK_FALSE(put.send[0].message.contains("@"));
  // A put that changes nothing is acknowledged and forwarded to nobody.
  auto again = relay.onFrame(3, putFrame("p2", "chat", {{"t", 1}}, kNow - 1), kNow);
  CHECK(again.send.empty());
  CHECK(again.afterStored.size() == 1);
}

TEST_CASE("a write from the near future is stored and forwarded once it is due") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.onFrame(2, R"({"#": "g1", "get": {"#": "chat"}})", kNow);
  // A writer whose clock runs five seconds ahead: HAM defers the write.
  auto early = relay.onFrame(1, putFrame("p1", "chat", {{"topic", "soon"}}, kNow + 5000), kNow);
  CHECK(recipients(early.send).empty());
  CHECK(early.toStore.empty());
  REQUIRE(early.afterStored.size() == 1);
  CHECK(early.afterStored[0].message["ok"] == true);

  auto notYet = relay.applyDue(kNow + 1000);
  CHECK(notYet.send.empty());
  CHECK(notYet.toStore.empty());

  auto due = relay.applyDue(kNow + 6000);
  CHECK(recipients(due.send) == Ids{2});
  CHECK(due.send.at(0).message["put"]["chat"]["topic"] == "soon");
  CHECK(due.toStore["chat"]["topic"] == "soon");
  CHECK(relay.applyDue(kNow + 7000).send.empty());  // applied once
}

TEST_CASE("a refused copy sent first under a message's id does not hide the genuine message") {
  ms::graph::Peer peer;
  Relay relay(peer);
  // Same id, altered content: a write to a user's space without a signature is refused...
  auto forged = relay.onFrame(1, putFrame("p", "~somebody", {{"x", 1}}, kNow - 1), kNow);
  REQUIRE(forged.send.size() == 1);
  CHECK(forged.send[0].message["@"] == "p");
  CHECK(forged.send[0].message.contains("err"));
  // ...and the genuine message under that id still counts.
  auto genuine = relay.onFrame(1, putFrame("p", "chat", {{"x", 1}}, kNow - 1), kNow);
  REQUIRE(genuine.afterStored.size() == 1);
  CHECK(genuine.afterStored[0].message["@"] == "p");
  CHECK(genuine.afterStored[0].message["ok"] == true);
  CHECK(genuine.toStore["chat"]["x"] == 1);
  // Once taken, the id is a repeat.
  CHECK(relay.onFrame(1, putFrame("p", "chat", {{"x", 2}}, kNow), kNow).afterStored.empty());
}

TEST_CASE("the reply to a refused frame names the frame's first message id when it can be read") {
  ms::graph::Peer peer;
  FrameLimits limits;
  limits.maxBytes = 200;
  Relay relay(peer, limits);
  auto answer = [&](const std::string& frame) {
    auto out = relay.onFrame(1, frame, kNow);
    REQUIRE(out.send.size() == 1);
    CHECK(out.send[0].message.contains("err"));
    return out.send[0].message;
  };
  CHECK(answer(R"({"#": "bad-get", "get": {"#": 5}})")["@"] == "bad-get");
  CHECK(answer(R"({"get": {"#": 5}, "#": "id-last"})")["@"] == "id-last");
  CHECK(answer(R"([{"#": "b0", "get": {"#": "x"}}, {"#": "b1"}])")["@"] == "b0");
  CHECK(answer(R"({"#":"too-big","put":")" + std::string(300, 'x') + "\"}")["@"] == "too-big");
  CHECK(answer(R"({"#": "cut-off", "get": )")["@"] == "cut-off");
  // No id to name: a reply to nothing in particular.
  CHECK_FALSE(answer("{not json").contains("@"));
  CHECK_FALSE(answer(R"({"#": 5, "get": {"#": "x"}})").contains("@"));
  CHECK_FALSE(answer(R"({"#": ")" + std::string(100, 'i') + R"(", "get": {"#": "x"}})").contains("@"));
  CHECK(peer.graph().size() == 0);
}

TEST_CASE("a node larger than a frame is answered in pieces under the frame limit; only the last names the get") {
  ms::graph::Peer peer;
  FrameLimits limits;
  limits.maxBytes = 64 * 1024;
  Relay relay(peer, limits);
  // Two puts that each fit a frame make a node of twice that: over the limit.
  const std::string big(limits.maxBytes * 6 / 10, 'x');
  for (const char* field : {"a", "b"}) {
    auto put = relay.onFrame(1, putFrame(std::string("p") + field, "wall", {{field, big}}, kNow - 5), kNow);
    REQUIRE(put.afterStored.at(0).message["ok"] == true);
  }
  auto answer = relay.onFrame(2, R"({"#": "g1", "get": {"#": "wall"}})", kNow);
  REQUIRE(answer.send.size() == 2);
  Json merged = Json::object();
  for (std::size_t i = 0; i < answer.send.size(); ++i) {
    const Json& message = answer.send[i].message;
    CHECK(message.dump().size() < limits.maxBytes);
    CHECK(message.contains("@") == (i + 1 == answer.send.size()));
    for (const auto& [field, value] : message["put"]["wall"].items()) {
      if (field != "_") merged[field] = value;
    }
  }
  CHECK(merged["a"] == big);
  CHECK(merged["b"] == big);
}

TEST_CASE("a get for a field a node lacks is still answered, once") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.onFrame(1, putFrame("p", "a", {{"y", 1}}, kNow - 5), kNow);
  auto answer = relay.onFrame(2, R"({"#": "g", "get": {"#": "a", ".": "x"}})", kNow);
  REQUIRE(answer.send.size() == 1);
  CHECK(answer.send[0].message["@"] == "g");
  CHECK_FALSE(answer.send[0].message["put"]["a"].contains("x"));
}

using Handled = std::vector<std::pair<std::string, std::string>>;

// What became of each message, with "" for taken.
Handled handled(const RelayOutcome& out) {
  Handled list;
  for (const auto& [kind, refusal] : out.handled) list.emplace_back(kind, refusal ? refusal : "");
  return list;
}

TEST_CASE("each incoming message is tallied by kind, with the reason it was refused, for the operator's counters") {
  ms::graph::Peer peer;
  Relay relay(peer, {}, "relay-", kDefaultUserQuotaBytes, {}, 200);  // public souls: 200 bytes in all
  CHECK(handled(relay.onFrame(1, R"({"#": "g", "get": {"#": "chat"}})", kNow)) == Handled{{"get", ""}});
  std::string put = putFrame("p", "chat", {{"t", 1}}, kNow - 1);
  CHECK(handled(relay.onFrame(2, put, kNow)) == Handled{{"put", ""}});
  CHECK(handled(relay.onFrame(2, put, kNow)) == Handled{{"put", "duplicate"}});
  CHECK(handled(relay.onFrame(2, putFrame("big", "chat", {{"t", std::string(300, 'x')}}, kNow - 1), kNow)) == Handled{{"put", "quota"}});
  CHECK(handled(relay.onFrame(2, putFrame("u", "~somebody", {{"x", 1}}, kNow - 1), kNow)) == Handled{{"put", "invalid"}});
  CHECK(handled(relay.onFrame(2, "{not json", kNow)) == Handled{{"frame", "invalid"}});
  CHECK(handled(relay.onFrame(2, R"({"#": "s", "sync": "all"})", kNow)) == Handled{{"sync", "not_a_peer_relay"}});
  CHECK(handled(relay.onFrame(2, R"([{"#": "h", "hi": "me"}, {"#": "x", "signal": {"to": "nobody", "data": {}}}, {"#": "a", "@": "q", "ok": true}])", kNow)) ==
        Handled{{"hi", ""}, {"signal", "signal_unroutable"}, {"reply", ""}});

  // The tables' sizes: ids seen (taken messages only), souls followed.
  RelayTableSizes sizes = relay.tableSizes();
  CHECK(sizes.seenIds == 4);  // g, p, h, a
  CHECK(sizes.interestSouls == 1);
  CHECK(sizes.interestConnections == 1);
  CHECK(sizes.interestBytes > 0);
  relay.onClose(1);
  CHECK(relay.tableSizes().interestSouls == 0);
}

TEST_CASE("outgoing messages are named by kind for the operator's counters") {
  CHECK(std::string(outgoingKindOf(Json{{"#", "1"}, {"err", "no"}})) == "error");
  CHECK(std::string(outgoingKindOf(Json{{"#", "1"}, {"@", "p"}, {"ok", true}})) == "ack");
  CHECK(std::string(outgoingKindOf(Json{{"#", "1"}, {"put", Json::object()}})) == "put");
  CHECK(std::string(outgoingKindOf(Json{{"#", "1"}, {"peers", Json::array()}})) == "peers");
  CHECK(std::string(outgoingKindOf(Json{{"#", "1"}, {"signal", Json::object()}})) == "signal");
  CHECK(std::string(outgoingKindOf(Json{{"#", "1"}, {"sync", "all"}})) == "sync");
  CHECK(std::string(outgoingKindOf(Json::array())) == "other");
}
