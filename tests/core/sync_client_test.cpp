// The client's side of sync: follows souls on every connection, keeps local
// writes pending until a relay acknowledges them, re-sends them on reconnect,
// answers direct peers, refuses bad input.
#include <catch2/catch.hpp>

#include <algorithm>

#include "identity/encoding.h"
#include "sync/client.h"
#include "sync/relay.h"

using namespace ms::sync;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;

// The messages of a frame (one message or a batch).
std::vector<Json> messagesOf(const Json& frame) {
  if (frame.is_array()) return {frame.begin(), frame.end()};
  return {frame};
}

std::vector<Json> sentTo(const ClientOutcome& out, ConnectionId to) {
  std::vector<Json> messages;
  for (const auto& item : out.send) {
    if (item.to != to) continue;
    for (auto& m : messagesOf(item.frame)) messages.push_back(m);
  }
  return messages;
}

Json localWrite(ms::graph::Peer& peer, const std::string& soul, const Json& value, double now = kNow) {
  return peer.put(soul, value, now, nullptr).applied;
}

std::string ack(const std::string& id) { return Json{{"#", "r" + id}, {"@", id}, {"ok", true}}.dump(); }

}  // namespace

TEST_CASE("followed souls are asked for on every connection, now and after each reconnect") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  std::string getId;
  CHECK(client.follow("chat", getId).send.empty());  // offline: nothing to send yet
  CHECK(getId.empty());

  auto opened = client.onOpen(1, true);
  auto gets = sentTo(opened, 1);
  REQUIRE(gets.size() == 1);
  CHECK(gets[0]["get"]["#"] == "chat");

  auto more = client.follow("news", getId);
  REQUIRE(sentTo(more, 1).size() == 1);
  CHECK(sentTo(more, 1)[0]["#"] == getId);

  // The answer is merged and reported by the get's id.
  Json node = {{"_", {{"#", "news"}, {">", {{"title", kNow - 10}}}}}, {"title", "hello"}};
  auto answer = client.onFrame(1, Json{{"#", "a1"}, {"@", getId}, {"put", {{"news", node}}}}.dump(), kNow);
  CHECK(answer.answered == std::vector<std::string>{getId});
  CHECK(answer.merged.changedSouls == std::vector<std::string>{"news"});
  CHECK(peer.graph().read("news", "title")->value == "hello");

  client.onClose(1);
  auto again = sentTo(client.onOpen(1, true), 1);
  REQUIRE(again.size() == 2);
  CHECK(again[0]["get"]["#"] == "chat");
  CHECK(again[1]["get"]["#"] == "news");
}

TEST_CASE("local writes stay pending until a relay acknowledges them, and go out again after a reconnect") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  // Written offline: pending, nothing sent.
  CHECK(client.publish(localWrite(peer, "todo", {{"a", 1}})).send.empty());
  CHECK(client.pendingCount() == 1);

  // Sent on open; lost with the connection before its ack.
  auto first = sentTo(client.onOpen(1, true), 1);
  REQUIRE(first.size() == 1);
  CHECK(first[0]["put"]["todo"]["a"] == 1);
  client.onClose(1);
  CHECK(client.pendingCount() == 1);

  auto second = sentTo(client.onOpen(2, true), 2);
  REQUIRE(second.size() == 1);
  // A newer local write to the same field before the ack of the older one.
  auto newer = sentTo(client.publish(localWrite(peer, "todo", {{"a", 2}}, kNow + 5)), 2);
  REQUIRE(newer.size() == 1);
  auto acked = client.onFrame(2, ack(second[0]["#"]), kNow);
  CHECK(acked.acknowledged.empty());  // the field's newer value is not acknowledged yet
  CHECK(client.pendingCount() == 1);
  acked = client.onFrame(2, ack(newer[0]["#"]), kNow);
  CHECK(acked.acknowledged == std::vector<FieldRef>{{"todo", "a"}});
  CHECK(client.pendingCount() == 0);
  CHECK(sentTo(client.onOpen(3, true), 3).empty());
}

TEST_CASE("pending marks restored after a restart are sent with the field's current value") {
  ms::graph::Peer peer;
  localWrite(peer, "todo", {{"a", "kept"}});
  Client client(peer, "c-");
  client.restorePending("todo", "a", kNow);
  auto sent = sentTo(client.onOpen(1, true), 1);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["put"]["todo"]["a"] == "kept");
  CHECK(sent[0]["put"]["todo"]["_"][">"]["a"] == kNow);
}

TEST_CASE("a relay's refusal keeps the write pending and is reported") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  client.onOpen(1, true);
  auto put = sentTo(client.publish(localWrite(peer, "x", {{"f", true}})), 1);
  auto refused = client.onFrame(1, Json{{"#", "r"}, {"@", put[0]["#"]}, {"err", "quota"}}.dump(), kNow);
  REQUIRE(refused.errors.size() == 1);
  CHECK_THAT(refused.errors[0], Catch::Contains("quota"));
  CHECK(client.pendingCount() == 1);
}

TEST_CASE("direct peers are answered from the graph and hear only about souls they asked for") {
  ms::graph::Peer peer;
  localWrite(peer, "room", {{"topic", "tea"}});
  Client client(peer, "c-");
  client.onOpen(7, false);
  auto answer = sentTo(client.onFrame(7, R"({"#": "g", "get": {"#": "room"}})", kNow), 7);
  REQUIRE(answer.size() == 1);
  CHECK(answer[0]["@"] == "g");
  CHECK(answer[0]["put"]["room"]["topic"] == "tea");

  CHECK(sentTo(client.publish(localWrite(peer, "elsewhere", {{"x", 1}})), 7).empty());
  auto told = sentTo(client.publish(localWrite(peer, "room", {{"topic", "coffee"}}, kNow + 1)), 7);
  REQUIRE(told.size() == 1);
  CHECK(told[0]["put"]["room"]["topic"] == "coffee");
  // A direct peer's acknowledgement (or its absence) does not clear a pending write.
  client.onFrame(7, ack(told[0]["#"]), kNow);
  CHECK(client.pendingCount() == 2);
}

TEST_CASE("bad frames get an error reply and change nothing; repeated ids are ignored") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  client.onOpen(1, true);
  auto bad = client.onFrame(1, R"({"#": "p", "put": {"a": {"_": {"#": "b", ">": {"x": 1}}, "x": 1}}})", kNow);
  CHECK(bad.errors.size() == 1);
  REQUIRE(sentTo(bad, 1).size() == 1);
  CHECK(sentTo(bad, 1)[0].contains("err"));
  CHECK(peer.graph().size() == 0);
  CHECK(client.onFrame(1, "{oops", kNow).errors.size() == 1);

  std::string put = R"({"#": "same", "put": {"a": {"_": {"#": "a", ">": {"x": 1}}, "x": 1}}})";
  CHECK(client.onFrame(1, put, kNow).merged.changedSouls.size() == 1);
  peer.put("a", Json{{"x", 2}}, kNow + 10, nullptr);
  CHECK(client.onFrame(1, put, kNow).merged.changedSouls.empty());  // a duplicate, not re-applied
}

TEST_CASE("two relays that peer exchange everything and then every change") {
  ms::graph::Peer left, right;
  // b takes a as a peer relay because it lists a's key.
  const std::string seedA = ms::identity::toBase64Url(ms::identity::Bytes(32, 7));
  Relay a(left, {}, "a-", kDefaultUserQuotaBytes, {seedA, {}});
  Relay b(right, {}, "b-", kDefaultUserQuotaBytes, {"", {PeerRelayAuth::publicKeyOf(seedA)}});
  localWrite(left, "only-left", {{"x", 1}});
  localWrite(right, "only-right", {{"y", 2}});
  // a opened connection 100 to b; b knows it as connection 200.
  auto deliver = [&](const std::vector<Outgoing>& messages, Relay& to, ConnectionId as) {
    std::vector<Outgoing> replies;
    for (const auto& m : messages) {
      auto out = to.onFrame(as, m.message.dump(), kNow);
      replies.insert(replies.end(), out.send.begin(), out.send.end());
    }
    return replies;
  };
  auto toB = a.onPeerOpen(100).send;
  auto challenge = deliver(toB, b, 200);  // b asks a to prove its key
  auto proof = deliver(challenge, a, 100);
  auto toA = deliver(proof, b, 200);
  deliver(toA, a, 100);
  CHECK(left.graph().everything() == right.graph().everything());

  // A client of b writes; a hears of it through the peering.
  auto put = b.onFrame(1, R"({"#": "p", "put": {"new": {"_": {"#": "new", ">": {"z": 1}}, "z": 3}}})", kNow);
  std::vector<Outgoing> toPeer;
  for (const auto& m : put.send) {
    if (std::count(m.to.begin(), m.to.end(), 200)) toPeer.push_back(m);
  }
  REQUIRE(toPeer.size() == 1);
  deliver(toPeer, a, 100);
  CHECK(left.graph().read("new", "z")->value == 3);
}

TEST_CASE("a direct peer's put is taken only for souls we follow; a large answer comes in chunks") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  client.onOpen(7, false);
  std::string getId;
  client.follow("room", getId);
  auto put = [](const std::string& id, const std::string& soul) {
    return Json{{"#", id}, {"put", {{soul, {{"_", {{"#", soul}, {">", {{"x", kNow - 10}}}}}, {"x", 1}}}}}}.dump();
  };
  auto wanted = client.onFrame(7, put("p1", "room"), kNow);
  CHECK(wanted.merged.changedSouls == std::vector<std::string>{"room"});
  auto pushed = client.onFrame(7, put("p2", "advert"), kNow);
  CHECK(pushed.merged.changedSouls.empty());
  CHECK(peer.graph().read("advert", "x") == nullptr);
  REQUIRE(sentTo(pushed, 7).size() == 1);
  CHECK(sentTo(pushed, 7)[0]["err"].get<std::string>().find("asked for none") != std::string::npos);
  // A change that touches a followed soul is taken for that soul only.
  Json mixed = Json::parse(put("p4", "room"));
  mixed["put"]["junk"] = {{"_", {{"#", "junk"}, {">", {{"x", kNow - 10}}}}}, {"x", 2}};
  client.onFrame(7, mixed.dump(), kNow);
  CHECK(peer.graph().read("junk", "x") == nullptr);
  // A relay forwards only what we follow, and is trusted to say what that is.
  client.onOpen(8, true);
  CHECK(client.onFrame(8, put("p3", "advert"), kNow).merged.changedSouls == std::vector<std::string>{"advert"});

  Json big = Json::object();
  for (int i = 0; i < 3000; ++i) big["f" + std::to_string(i)] = std::string(40, 'v');
  localWrite(peer, "log", big);
  auto answer = sentTo(client.onFrame(7, R"({"#": "g", "get": {"#": "log"}})", kNow), 7);
  CHECK(answer.size() > 1);
  std::size_t fields = 0;
  for (std::size_t i = 0; i < answer.size(); ++i) {
    const Json& part = answer[i];
    // Only the last piece names the get: once it is answered, every piece is in.
    if (i + 1 == answer.size()) CHECK(part["@"] == "g");
    else CHECK_FALSE(part.contains("@"));
    CHECK(part.dump().size() <= 64 * 1024 + 512);
    fields += part["put"]["log"].size() - 1;  // less the "_" metadata
  }
  CHECK(fields == 3000);
}

TEST_CASE("a refused copy sent first under a message's id does not hide the genuine message from a client") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  client.onOpen(1, true);
  auto forged = client.onFrame(1, R"({"#": "r1", "put": {"~somebody": {"_": {"#": "~somebody", ">": {"x": 1}}, "x": 1}}})", kNow);
  CHECK(forged.errors.size() == 1);
  auto genuine = client.onFrame(1, R"({"#": "r1", "put": {"a": {"_": {"#": "a", ">": {"x": 1}}, "x": 1}}})", kNow);
  CHECK(genuine.merged.changedSouls == std::vector<std::string>{"a"});
}

TEST_CASE("an error answering a write's id does not make the client give the write up") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  client.onOpen(1, true);
  auto put = sentTo(client.publish(localWrite(peer, "x", {{"f", true}})), 1);
  std::string id = put[0]["#"];
  // A forged copy's refusal arrives first, then the relay's "ok" for the write itself.
  client.onFrame(1, Json{{"#", "r-err"}, {"@", id}, {"err", "signature does not verify"}}.dump(), kNow);
  CHECK(client.pendingCount() == 1);
  auto acked = client.onFrame(1, ack(id), kNow);
  CHECK(acked.acknowledged.size() == 1);
  CHECK(client.pendingCount() == 0);
}

TEST_CASE("a client's reply to a refused frame names the frame's id") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  client.onOpen(1, true);
  auto sent = sentTo(client.onFrame(1, R"({"#": "x9", "get": {"#": 5}})", kNow), 1);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["@"] == "x9");
  CHECK(sent[0].contains("err"));
}
