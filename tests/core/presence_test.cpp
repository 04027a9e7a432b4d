// Presence: signed, newer-only, bounded, expiring; relays pass it to their
// followers and never store it; clients keep who relays told them about.
#include <catch2/catch.hpp>

#include "common/input_error.h"
#include "identity/encoding.h"
#include "sync/client.h"
#include "sync/relay.h"

using namespace ms::sync;
using ms::Json;
using ms::identity::Bytes;
using ms::identity::UserKeys;

namespace {

constexpr double kNow = 1'700'000'000'000;

UserKeys keysOf(std::uint8_t b) { return ms::identity::userKeysFromSeed(Bytes(32, b)); }

std::string announceFrame(const std::string& id, const PresenceAnnounce& announce) {
  return Json{{"#", id}, {"presence", announceJson(announce)}}.dump();
}

std::vector<Json> messagesOf(const Json& frame) {
  if (frame.is_array()) return {frame.begin(), frame.end()};
  return {frame};
}

// The messages `to` is sent, in order.
std::vector<Json> sentTo(const std::vector<Outgoing>& sends, ConnectionId to) {
  std::vector<Json> out;
  for (const auto& item : sends) {
    if (std::find(item.to.begin(), item.to.end(), to) == item.to.end()) continue;
    for (auto& m : messagesOf(item.message)) out.push_back(m);
  }
  return out;
}

std::vector<Json> clientSentTo(const ClientOutcome& out, ConnectionId to) {
  std::vector<Json> messages;
  for (const auto& item : out.send) {
    if (item.to != to) continue;
    for (auto& m : messagesOf(item.frame)) messages.push_back(m);
  }
  return messages;
}

}  // namespace

TEST_CASE("a presence signature covers the key, the number and the state, behind a domain tag") {
  const UserKeys alice = keysOf(1), mallory = keysOf(2);
  PresenceAnnounce signed_ = signPresence(alice, kNow, R"({"status":"here"})");
  CHECK(signed_.pub == alice.pub());
  CHECK(verifyPresence(signed_));

  Bytes message = presenceSignedMessage(signed_);
  const std::string domain = "mutual-store/presence/v1";
  REQUIRE(message.size() == domain.size() + 1 + 4 + 43 + 8 + 4 + signed_.state.size());
  CHECK(std::string(message.begin(), message.begin() + domain.size()) == domain);
  CHECK(message[domain.size()] == 0);

  PresenceAnnounce otherState = signed_;
  otherState.state = R"({"status":"away"})";
  CHECK_FALSE(verifyPresence(otherState));
  PresenceAnnounce otherSeq = signed_;
  otherSeq.seq += 1;
  CHECK_FALSE(verifyPresence(otherSeq));
  // Mallory's signature under Alice's key: someone else's key is not hers to use.
  PresenceAnnounce claimed = signPresence(mallory, kNow, signed_.state);
  claimed.pub = alice.pub();
  CHECK_FALSE(verifyPresence(claimed));
  PresenceAnnounce garbage = signed_;
  garbage.sig = "not base64!";
  CHECK_FALSE(verifyPresence(garbage));
}

TEST_CASE("presence messages are checked for shape before anything is done with them") {
  const UserKeys alice = keysOf(1);
  Json good = announceJson(signPresence(alice, kNow, "{}"));
  CHECK(readPresence(good, "p").kind == PresenceMessage::Kind::Announce);
  CHECK(readPresence("follow", "p").kind == PresenceMessage::Kind::Follow);
  CHECK(readPresence(Json{{"timeout", 500}}, "p").timeoutMs == 500);
  CHECK(readPresence(Json{{"gone", {alice.pub()}}}, "p").gone == std::vector<std::string>{alice.pub()});

  auto refused = [](Json value) { CHECK_THROWS_AS(readPresence(value, "p"), ms::InputError); };
  refused("unfollow");
  refused(Json{{"timeout", 1e300}});
  refused(Json{{"timeout", 0}});
  refused(Json{{"gone", Json::array({1})}});
  Json unknown = good;
  unknown["__proto__"] = 1;
  refused(unknown);
  for (const char* field : {"pub", "seq", "state", "sig"}) {
    Json missing = good;
    missing.erase(field);
    refused(missing);
  }
  for (Json seq : {Json(1e300), Json(-1), Json(1.5), Json("1")}) {
    Json bad = good;
    bad["seq"] = seq;
    refused(bad);
  }
  for (std::string state : {std::string("[1]"), std::string("\"text\""), std::string("{"), std::string(R"({"a":[[[[[[[[[1]]]]]]]]]})"),
                            R"({"s":")" + std::string(kMaxPresenceStateBytes, 'x') + "\"}"}) {
    Json bad = good;
    bad["state"] = state;
    refused(bad);
    CHECK_THROWS_AS(signPresence(alice, kNow, state), ms::InputError);
  }
  Json leaving = good;
  leaving["state"] = "null";
  CHECK(readPresence(leaving, "p").announce.state == "null");
}

TEST_CASE("a presence book takes only newer, signed, timely announcements and forgets keys that go quiet") {
  const UserKeys alice = keysOf(1), bob = keysOf(3);
  PresenceBook book(2);
  book.setTimeout(1000);
  PresenceAnnounce first = signPresence(alice, kNow, R"({"n":1})");
  book.take(first, 7, kNow);
  REQUIRE(book.present().size() == 1);
  CHECK(book.present()[0]->state == R"({"n":1})");

  SECTION("a replayed or older announcement is refused and changes nothing") {
    CHECK_THROWS_WITH(book.take(first, 7, kNow + 10), Catch::Contains("not newer"));
    PresenceAnnounce second = signPresence(alice, kNow + 5, R"({"n":2})");
    book.take(second, 7, kNow + 5);
    CHECK_THROWS_WITH(book.take(first, 8, kNow + 10), Catch::Contains("not newer"));
    CHECK(book.present()[0]->state == R"({"n":2})");
  }
  SECTION("a forged one is refused after the cheap checks, and does not count as seen") {
    PresenceAnnounce forged = signPresence(bob, kNow + 5, R"({"n":666})");
    forged.pub = alice.pub();
    CHECK_THROWS_WITH(book.take(forged, 9, kNow + 5), Catch::Contains("signature"));
    book.take(signPresence(alice, kNow + 5, R"({"n":2})"), 7, kNow + 5);  // the genuine one with that number still lands
    CHECK(book.present()[0]->state == R"({"n":2})");
  }
  SECTION("times far from the receiver's clock are refused both ways") {
    CHECK_THROWS_WITH(book.take(signPresence(bob, kNow - kPresenceClockWindowMs - 1, "{}"), 7, kNow), Catch::Contains("clock"));
    CHECK_THROWS_WITH(book.take(signPresence(bob, kNow + kPresenceClockWindowMs + 1, "{}"), 7, kNow), Catch::Contains("clock"));
  }
  SECTION("silence past the timeout: gone; past the clock window: forgotten, and the old message is refused by its time") {
    CHECK(book.expire(kNow + 1000).empty());
    CHECK(book.expire(kNow + 1001) == std::vector<std::string>{alice.pub()});
    CHECK(book.present().empty());
    CHECK(book.size() == 1);
    book.expire(kNow + kPresenceClockWindowMs + 1);
    CHECK(book.size() == 0);
    CHECK_THROWS_WITH(book.take(first, 7, kNow + kPresenceClockWindowMs + 2), Catch::Contains("clock"));
  }
  SECTION("a null state leaves, and what came before it cannot bring the key back") {
    book.take(signPresence(alice, kNow + 1, "null"), 7, kNow + 1);
    CHECK(book.present().empty());
    CHECK_THROWS(book.take(first, 7, kNow + 2));
  }
  SECTION("a source takes its own keys with it, and keeps a bounded number present") {
    book.take(signPresence(bob, kNow, "{}"), 7, kNow);
    CHECK_THROWS_WITH(book.take(signPresence(keysOf(4), kNow, "{}"), 7, kNow), Catch::Contains("at most 2"));
    book.take(signPresence(keysOf(4), kNow, "{}"), 8, kNow);
    CHECK(book.dropSource(7).size() == 2);
    REQUIRE(book.present().size() == 1);
    CHECK(book.present()[0]->pub == keysOf(4).pub());
    // Alice announces again through another connection: the cap is per connection.
    book.take(signPresence(alice, kNow + 1, "{}"), 8, kNow + 1);
    CHECK(book.presentCount() == 2);
  }
}

TEST_CASE("a relay passes presence to its followers, never stores it, and says who left") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.setPresenceLimits(1000, 1 << 20);
  const UserKeys alice = keysOf(1);

  auto followed = relay.onFrame(2, R"({"#": "f1", "presence": "follow"})", kNow);
  auto replies = sentTo(followed.send, 2);
  REQUIRE(replies.size() == 1);  // nobody is here yet: just the answer
  CHECK(replies[0]["@"] == "f1");
  CHECK(replies[0]["presence"]["timeout"] == 1000);

  PresenceAnnounce here = signPresence(alice, kNow, R"({"status":"here"})");
  auto announced = relay.onFrame(1, announceFrame("a1", here), kNow);
  auto toFollower = sentTo(announced.send, 2);
  REQUIRE(toFollower.size() == 1);
  CHECK(toFollower[0]["presence"] == announceJson(here));
  auto toSender = sentTo(announced.send, 1);
  REQUIRE(toSender.size() == 1);  // only the answer, never its own presence back
  CHECK(toSender[0]["@"] == "a1");
  CHECK(toSender[0]["presence"]["timeout"] == 1000);
  CHECK(announced.toStore == Json::object());
  CHECK(announced.afterStored.empty());
  CHECK(peer.graph().everything() == Json::object());

  SECTION("a newcomer is sent who is here, then the answer; not its own keys") {
    auto late = relay.onFrame(3, R"({"#": "f2", "presence": "follow"})", kNow + 1);
    auto got = sentTo(late.send, 3);
    REQUIRE(got.size() == 2);
    CHECK(got[0]["presence"] == announceJson(here));
    CHECK(got[1]["@"] == "f2");
    auto self = relay.onFrame(1, R"({"#": "f3", "presence": "follow"})", kNow + 1);
    REQUIRE(sentTo(self.send, 1).size() == 1);
    CHECK(sentTo(self.send, 1)[0]["@"] == "f3");
  }
  SECTION("forged and replayed presence is answered with an error and goes nowhere") {
    PresenceAnnounce forged = here;
    forged.seq += 1;
    forged.state = R"({"status":"forged"})";
    auto refused = relay.onFrame(3, announceFrame("x1", forged), kNow + 1);
    CHECK(sentTo(refused.send, 2).empty());
    REQUIRE(sentTo(refused.send, 3).size() == 1);
    CHECK(sentTo(refused.send, 3)[0]["err"].get<std::string>().find("signature") != std::string::npos);
    auto replayed = relay.onFrame(3, announceFrame("x2", here), kNow + 1);
    CHECK(sentTo(replayed.send, 2).empty());
    CHECK(sentTo(replayed.send, 3)[0]["err"].get<std::string>().find("not newer") != std::string::npos);
    auto claimsToBeRelay = relay.onFrame(3, Json{{"#", "x3"}, {"presence", {{"gone", {alice.pub()}}}}}.dump(), kNow + 1);
    CHECK(sentTo(claimsToBeRelay.send, 2).empty());
    CHECK(sentTo(claimsToBeRelay.send, 3)[0].contains("err"));
  }
  SECTION("a closed connection's keys are gone at the next tick") {
    relay.onClose(1);
    auto tick = relay.applyDue(kNow + 1);
    auto got = sentTo(tick.send, 2);
    REQUIRE(got.size() == 1);
    CHECK(got[0]["presence"]["gone"] == Json::array({alice.pub()}));
    CHECK(sentTo(relay.applyDue(kNow + 2).send, 2).empty());  // said once
  }
  SECTION("no heartbeat within the timeout: gone") {
    CHECK(sentTo(relay.applyDue(kNow + 1000).send, 2).empty());
    auto got = sentTo(relay.applyDue(kNow + 1001).send, 2);
    REQUIRE(got.size() == 1);
    CHECK(got[0]["presence"]["gone"] == Json::array({alice.pub()}));
  }
  SECTION("a heartbeat keeps it, and an update reaches the follower") {
    PresenceAnnounce busy = signPresence(alice, kNow + 900, R"({"status":"busy"})");
    CHECK(sentTo(relay.onFrame(1, announceFrame("a2", busy), kNow + 900).send, 2).size() == 1);
    CHECK(sentTo(relay.applyDue(kNow + 1500).send, 2).empty());
  }
}

TEST_CASE("a relay's presence budget per address bounds what it multiplies to its followers") {
  ms::graph::Peer peer;
  Relay relay(peer);
  relay.setPresenceLimits(1000, 3 * (kPresenceOverheadBytes + 2));  // three announcements of "{}"
  relay.setAddress(1, "10.0.0.1");
  relay.onFrame(2, R"({"#": "f", "presence": "follow"})", kNow);
  for (int i = 0; i < 3; ++i) {
    auto out = relay.onFrame(1, announceFrame("a" + std::to_string(i), signPresence(keysOf(1), kNow + i, "{}")), kNow + i);
    CHECK(sentTo(out.send, 2).size() == 1);
  }
  auto over = relay.onFrame(1, announceFrame("a9", signPresence(keysOf(1), kNow + 9, "{}")), kNow + 9);
  CHECK(sentTo(over.send, 2).empty());
  CHECK(sentTo(over.send, 1)[0]["err"].get<std::string>().find("less often") != std::string::npos);
}

TEST_CASE("a client follows presence on every relay, announces signed states, and keeps who relays tell it about") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  const UserKeys me = keysOf(5), alice = keysOf(1);
  client.onOpen(1, true);
  client.onOpen(2, false);  // a direct peer: no presence there
  auto follow = client.followPresence();
  REQUIRE(clientSentTo(follow, 1).size() == 1);
  CHECK(clientSentTo(follow, 1)[0]["presence"] == "follow");
  CHECK(clientSentTo(follow, 2).empty());
  // and again after a reconnect
  client.onClose(1);
  auto reopened = client.onOpen(1, true);
  REQUIRE(clientSentTo(reopened, 1).size() == 1);
  CHECK(clientSentTo(reopened, 1)[0]["presence"] == "follow");

  auto announced = client.announcePresence(me, R"({"s":1})", kNow);
  REQUIRE(clientSentTo(announced, 1).size() == 1);
  CHECK(clientSentTo(announced, 2).empty());
  PresenceMessage sent = readPresence(clientSentTo(announced, 1)[0]["presence"], "p");
  CHECK(verifyPresence(sent.announce));
  CHECK(sent.announce.seq == kNow);
  // Within the same millisecond the number still grows.
  CHECK(readPresence(clientSentTo(client.announcePresence(me, "null", kNow), 1)[0]["presence"], "p").announce.seq == kNow + 1);

  PresenceAnnounce here = signPresence(alice, kNow, R"({"status":"here"})");
  auto got = client.onFrame(1, announceFrame("r1", here), kNow);
  CHECK(got.presenceChanged);
  REQUIRE(client.presence().size() == 1);
  CHECK(client.presence()[0]->state == here.state);
  // The same announcement again (through another relay, or after a reconnect): no error, no change.
  client.onOpen(3, true);
  auto again = client.onFrame(3, announceFrame("r1", here), kNow);
  CHECK_FALSE(again.presenceChanged);
  CHECK(again.errors.empty());

  SECTION("a forged state is refused, and a direct peer cannot announce anyone") {
    PresenceAnnounce forged = here;
    forged.seq += 1;
    forged.state = R"({"status":"forged"})";
    auto refused = client.onFrame(1, announceFrame("r2", forged), kNow);
    CHECK_FALSE(refused.presenceChanged);
    CHECK(refused.errors.size() == 1);
    auto direct = client.onFrame(2, announceFrame("d1", signPresence(keysOf(9), kNow, "{}")), kNow);
    CHECK_FALSE(direct.presenceChanged);
    CHECK(client.presence().size() == 1);
  }
  SECTION("a relay's notice removes only the keys it passed on") {
    auto other = client.onFrame(3, Json{{"#", "r3"}, {"presence", {{"gone", {alice.pub()}}}}}.dump(), kNow);
    CHECK_FALSE(other.presenceChanged);
    auto gone = client.onFrame(1, Json{{"#", "r4"}, {"presence", {{"gone", {alice.pub()}}}}}.dump(), kNow);
    CHECK(gone.presenceChanged);
    CHECK(client.presence().empty());
  }
  SECTION("its relay's timeout applies, and a closed relay takes its keys") {
    client.onFrame(1, R"({"#": "r5", "@": "x", "presence": {"timeout": 500}})", kNow);
    CHECK(client.presenceTimeout() == 500);
    CHECK_FALSE(client.expirePresence(kNow + 500));
    client.onClose(1);
    CHECK(client.presence().empty());
    // …and the same message from the relay that reconnects brings it back.
    client.onOpen(1, true);
    CHECK(client.onFrame(1, announceFrame("r6", here), kNow + 1).presenceChanged);
    CHECK(client.expirePresence(kNow + 502));
  }
}
