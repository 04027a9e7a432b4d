// The relay's per-user storage quota: what a user's space costs, counted
// once per field (overwrites replace, data loaded at start counts), and a
// put that would take a user past the limit refused whole: error reply,
// nothing stored, nothing forwarded, nothing counted.
#include <catch2/catch.hpp>

#include <string>

#include "graph/peer.h"
#include "identity/field_signature.h"
#include "identity/user_keys.h"
#include "sync/relay.h"
#include "sync/user_quota.h"

using namespace ms::sync;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;

ms::identity::UserKeys userFromByte(std::uint8_t b) { return ms::identity::userKeysFromSeed(ms::identity::Bytes(32, b)); }

// A user's device: signs its writes as the real client does, and hands out
// the partial graph each put applied, ready to send to the relay.
struct Author {
  explicit Author(std::uint8_t seed)
      : keys(userFromByte(seed)),
        signer{keys.pub(), [k = keys](const ms::identity::SignedWrite& w) { return ms::identity::signWrite(w, k.sign.secret_key); }} {}

  std::string pub() const { return keys.pub(); }
  std::string space() const { return "~" + keys.pub(); }

  // A put frame writing `fields` into `soul`, at about `now`.
  std::string put(const std::string& id, const std::string& soul, const Json& fields, double now = kNow) {
    Json applied = peer.put(soul, fields, now, &signer).applied;
    return Json{{"#", id}, {"put", applied}}.dump();
  }

  ms::identity::UserKeys keys;
  ms::graph::Signer signer;
  ms::graph::Peer peer;
};

bool refusedForQuota(const RelayOutcome& out, ConnectionId to, const std::string& id, std::size_t limit) {
  if (out.send.size() != 1 || !out.toStore.empty() || !out.afterStored.empty()) return false;
  const Json& message = out.send[0].message;
  if (out.send[0].to != std::vector<ConnectionId>{to} || message.value("@", "") != id || !message.contains("err")) return false;
  const std::string err = message["err"].get<std::string>();
  return err.find("quota") != std::string::npos && err.find(std::to_string(limit)) != std::string::npos;
}

bool acknowledged(const RelayOutcome& out) { return out.afterStored.size() == 1 && out.afterStored[0].message.value("ok", false); }

}  // namespace

TEST_CASE("a field costs the JSON size of its soul, its name and its value") {
  CHECK(fieldCost("s", "a", "xy") == 3 + 3 + 4);
  CHECK(fieldCost("s", "n", 5) == 3 + 3 + 1);
  CHECK(fieldCost("s", "gone", nullptr) == 3 + 6 + 4);
  CHECK(fieldCost("s", "q\"", "\n") == 3 + 5 + 4);  // escapes count as sent
  CHECK(fieldCost("s", "link", Json{{"#", "~x/y"}}) == 3 + 6 + 12);
  CHECK(fieldCost(std::string(1000, 'n'), "f", 1) == 1002 + 3 + 1);  // a long soul name is paid for
}

TEST_CASE("a user's space is counted once per field, overwrites replacing the old cost") {
  ms::graph::Peer peer;
  Relay relay(peer, {}, "relay-", 1000);
  Author alice(1);
  auto top = [&](const std::string& field, const Json& value) { return fieldCost(alice.space(), field, value); };
  auto notes = [&](const std::string& field, const Json& value) { return fieldCost(alice.space() + "/notes", field, value); };
  REQUIRE(acknowledged(relay.onFrame(1, alice.put("p1", alice.space(), {{"name", "Ada"}, {"n", 1}}), kNow)));
  std::size_t first = top("name", "Ada") + top("n", 1);
  CHECK(relay.quota().used(alice.pub()) == first);

  // A child node ("~pub/notes") is in the same space, and so is the link to it.
  REQUIRE(acknowledged(relay.onFrame(1, alice.put("p2", alice.space(), {{"notes", {{"t", "hello"}}}}, kNow + 1), kNow + 1)));
  std::size_t withNotes = first + top("notes", Json{{"#", alice.space() + "/notes"}}) + notes("t", "hello");
  CHECK(relay.quota().used(alice.pub()) == withNotes);

  // Overwriting replaces; writing the same again, or an older write, changes nothing.
  std::string overwrite = alice.put("p3", alice.space(), {{"name", "Ada Lovelace"}}, kNow + 2);
  REQUIRE(acknowledged(relay.onFrame(1, overwrite, kNow + 2)));
  std::size_t renamed = withNotes - top("name", "Ada") + top("name", "Ada Lovelace");
  CHECK(relay.quota().used(alice.pub()) == renamed);
  Json again = Json::parse(overwrite);
  again["#"] = "p3-again";
  REQUIRE(acknowledged(relay.onFrame(2, again.dump(), kNow + 2)));
  CHECK(relay.quota().used(alice.pub()) == renamed);

  // A deletion leaves the cost of null; public souls and other users are apart.
  REQUIRE(acknowledged(relay.onFrame(1, alice.put("p4", alice.space() + "/notes", {{"t", nullptr}}, kNow + 3), kNow + 3)));
  CHECK(relay.quota().used(alice.pub()) == renamed - notes("t", "hello") + notes("t", nullptr));
  REQUIRE(acknowledged(relay.onFrame(1, R"({"#":"pub","put":{"chat":{"_":{"#":"chat",">":{"x":1}},"x":"public"}}})", kNow)));
  CHECK(relay.quota().used(alice.pub()) == renamed - notes("t", "hello") + notes("t", nullptr));
  CHECK(relay.quota().used("") == fieldCost("chat", "x", "public"));
  CHECK(relay.quota().used(Author(2).pub()) == 0);
}

TEST_CASE("a put that would take a user past the quota is refused whole, and nothing of it is stored, sent or counted") {
  ms::graph::Peer peer;
  const std::size_t limit = 200;
  Relay relay(peer, {}, "relay-", limit);
  Author alice(1), bob(2);
  relay.onFrame(9, R"({"#": "watch", "get": {"#": ")" + alice.space() + R"("}})", kNow);
  REQUIRE(acknowledged(relay.onFrame(1, alice.put("small", alice.space(), {{"a", std::string(100, 'x')}}), kNow)));
  std::size_t used = relay.quota().used(alice.pub());
  Json before = peer.graph().everything();

  // Two fields in one put: the small one alone would fit, but the put is all or nothing.
  std::string tooMuch = alice.put("big", alice.space(), {{"b", "fits"}, {"c", std::string(100, 'y')}}, kNow + 1);
  auto refused = relay.onFrame(1, tooMuch, kNow + 1);
  CHECK(refusedForQuota(refused, 1, "big", limit));
  CHECK(peer.graph().everything() == before);
  CHECK(relay.quota().used(alice.pub()) == used);

  // Somebody else's space is not affected by alice's being full.
  CHECK(acknowledged(relay.onFrame(2, bob.put("bob", bob.space(), {{"c", std::string(100, 'y')}}), kNow)));

  // Growing an existing field counts only the difference: up to the limit exactly is fine.
  std::size_t room = limit - used;
  std::string grown(100 + room, 'x');
  CHECK(refusedForQuota(relay.onFrame(1, alice.put("over", alice.space(), {{"a", grown + "!"}}, kNow + 2), kNow + 2), 1, "over", limit));
  CHECK(acknowledged(relay.onFrame(1, alice.put("exact", alice.space(), {{"a", grown}}, kNow + 3), kNow + 3)));
  CHECK(relay.quota().used(alice.pub()) == limit);

  // One put touching two users: one of them over the limit refuses it all.
  Json mixed = Json::parse(bob.put("m1", bob.space(), {{"d", 1}}, kNow + 4));
  Json aliceMore = Json::parse(alice.put("m2", alice.space(), {{"e", 1}}, kNow + 4));
  mixed["put"].update(aliceMore["put"]);
  mixed["#"] = "mixed";
  std::size_t bobUsed = relay.quota().used(bob.pub());
  CHECK(refusedForQuota(relay.onFrame(2, mixed.dump(), kNow + 4), 2, "mixed", limit));
  CHECK(relay.quota().used(bob.pub()) == bobUsed);
  CHECK(peer.graph().read(bob.space(), "d") == nullptr);
}

TEST_CASE("a user over the quota may still shrink their space; writes that lose under HAM cost nothing") {
  ms::graph::Peer peer;
  Relay relay(peer, {}, "relay-", 150);
  Author alice(1);
  std::string full = alice.put("full", alice.space(), {{"a", std::string(90, 'x')}});
  REQUIRE(acknowledged(relay.onFrame(1, full, kNow)));
  // An older write to the field (from another device whose clock is behind),
  // however large, would lose: it is not a quota matter.
  Author oldDevice(1);
  std::string older = oldDevice.put("older", alice.space(), {{"a", std::string(500, 'z')}}, kNow - 1000);
  CHECK(acknowledged(relay.onFrame(1, older, kNow)));
  CHECK(peer.graph().read(alice.space(), "a")->value == std::string(90, 'x'));
  // A write that makes the space smaller always passes.
  CHECK(acknowledged(relay.onFrame(1, alice.put("shrink", alice.space(), {{"a", "short"}}, kNow + 1), kNow + 1)));
  CHECK(relay.quota().used(alice.pub()) == fieldCost(alice.space(), "a", "short"));
}

TEST_CASE("writes from the near future are counted when they arrive, though they wait to land") {
  ms::graph::Peer peer;
  Relay relay(peer, {}, "relay-", 100);
  Author alice(1);
  const double later = kNow + 60'000;  // beyond the tolerance, within the defer window: deferred
  std::string future = alice.put("future", alice.space(), {{"a", std::string(200, 'x')}}, later);
  CHECK(refusedForQuota(relay.onFrame(1, future, kNow), 1, "future", 100));
  CHECK(peer.graph().deferredCount() == 0);
}

TEST_CASE("many small writes from the near future cannot add up past the quota") {
  ms::graph::Peer peer;
  Author alice(1);
  const std::size_t limit = 2 * fieldCost(alice.space(), "a", std::string(30, 'x')) + 40;
  Relay relay(peer, {}, "relay-", limit);
  const double later = kNow + 60'000;
  // Each fits alone; booked as they arrive, the third no longer does.
  CHECK(acknowledged(relay.onFrame(1, alice.put("f1", alice.space(), {{"a", std::string(30, 'x')}}, later), kNow)));
  CHECK(acknowledged(relay.onFrame(1, alice.put("f2", alice.space(), {{"b", std::string(30, 'x')}}, later), kNow)));
  CHECK(refusedForQuota(relay.onFrame(1, alice.put("f3", alice.space(), {{"c", std::string(30, 'x')}}, later), kNow), 1, "f3", limit));
  relay.applyDue(later + 1);
  CHECK(peer.graph().read(alice.space(), "a"));
  CHECK(!peer.graph().read(alice.space(), "c"));
}

TEST_CASE("data a relay starts with counts towards the quota") {
  Author alice(1);
  std::string stored = alice.put("stored", alice.space(), {{"a", std::string(150, 'x')}});
  ms::graph::Peer peer;
  peer.load(Json::parse(stored)["put"], kNow);  // as js/relay loads its storage before creating the relay
  Relay relay(peer, {}, "relay-", 160);
  CHECK(relay.quota().used(alice.pub()) == fieldCost(alice.space(), "a", std::string(150, 'x')));
  auto more = relay.onFrame(1, alice.put("more", alice.space(), {{"b", std::string(20, 'y')}}, kNow + 1), kNow + 1);
  CHECK(refusedForQuota(more, 1, "more", 160));
}

TEST_CASE("a forged write into a user's space is refused for its signature and counts nothing") {
  ms::graph::Peer peer;
  Relay relay(peer, {}, "relay-", 100);
  Author alice(1), mallory(3);
  // Mallory signs a write into alice's space with her own key.
  ms::graph::Peer scratch;
  ms::graph::Signer forger{alice.pub(), mallory.signer.sign};
  Json forged = scratch.put(alice.space(), {{"a", "x"}}, kNow, &forger).applied;
  auto out = relay.onFrame(1, Json{{"#", "forged"}, {"put", forged}}.dump(), kNow);
  REQUIRE(out.send.size() == 1);
  CHECK(out.send[0].message["err"].get<std::string>().find("not signed by") != std::string::npos);
  CHECK(relay.quota().used(alice.pub()) == 0);
  CHECK(peer.graph().size() == 0);
}

TEST_CASE("a future-dated write replayed many times is charged once, and the charge settles when it lands") {
  ms::graph::Peer peer;
  Author alice(1);
  const double later = kNow + 60'000;
  const std::size_t cost = fieldCost(alice.space(), "a", std::string(100, 'x'));
  Relay relay(peer, {}, "relay-", cost + cost / 2);  // room for one charge, not two
  Json future = Json::parse(alice.put("f0", alice.space(), {{"a", std::string(100, 'x')}}, later));
  for (int i = 0; i < 7; ++i) {
    future["#"] = "replay" + std::to_string(i);
    CHECK(acknowledged(relay.onFrame(static_cast<ConnectionId>(1 + i % 3), future.dump(), kNow)));
  }
  CHECK(relay.quota().used(alice.pub()) == cost);
  relay.applyDue(later + 1);
  CHECK(peer.graph().read(alice.space(), "a"));
  CHECK(relay.quota().used(alice.pub()) == cost);  // the charge became the field's cost, not a second one
}

TEST_CASE("an honest clock 2 s fast can rewrite one field many times") {
  ms::graph::Peer peer;
  Author alice(1);
  const std::size_t cost = fieldCost(alice.space(), "note", std::string(100, 'n'));
  Relay relay(peer, {}, "relay-", 100 * cost);  // room for the ~40 rewrites in flight, not for 400 charges
  double now = kNow;
  for (int i = 0; i < 400; ++i) {
    now += 50;  // one rewrite every 50 ms, each stamped 2 s ahead
    std::string text(100, static_cast<char>('a' + i % 26));
    std::string put = alice.put("w" + std::to_string(i), alice.space(), {{"note", text}}, now + 2000);
    INFO("rewrite " << i);
    REQUIRE(acknowledged(relay.onFrame(1, put, now)));
    relay.applyDue(now);
  }
  relay.applyDue(now + 2001);
  CHECK(relay.quota().used(alice.pub()) == cost);
  CHECK(peer.graph().deferredCount() == 0);
}

TEST_CASE("a queued write that loses to a newer one when due gives its charge back") {
  ms::graph::Peer peer;
  Author alice(1);
  Relay relay(peer, {}, "relay-", 1 << 20);
  const double later = kNow + 60'000;
  REQUIRE(acknowledged(relay.onFrame(1, alice.put("f1", alice.space(), {{"a", "x"}}, later), kNow)));
  std::size_t charged = relay.quota().used(alice.pub());
  CHECK(charged == fieldCost(alice.space(), "a", "x"));
  // A newer write to the same field: when both are due, the older loses and its charge goes.
  REQUIRE(acknowledged(relay.onFrame(1, alice.put("f2", alice.space(), {{"a", "y"}}, later + 1), kNow)));
  relay.applyDue(later + 2);
  CHECK(peer.graph().read(alice.space(), "a")->value == "y");
  CHECK(relay.quota().used(alice.pub()) == fieldCost(alice.space(), "a", "y"));
}

TEST_CASE("soul names are charged: many souls with long names cannot pass the quota") {
  ms::graph::Peer peer;
  Author alice(1);
  const std::size_t limit = 20 * 1024;
  Relay relay(peer, {}, "relay-", limit);
  std::size_t refused = 0;
  for (int i = 0; i < 40; ++i) {
    std::string soul = alice.space() + "/" + std::string(2000, 'a') + std::to_string(i);
    auto out = relay.onFrame(1, alice.put("s" + std::to_string(i), soul, {{"f", 1}}, kNow + i), kNow + i);
    if (!acknowledged(out)) ++refused;
  }
  CHECK(refused > 0);
  CHECK(relay.quota().used(alice.pub()) <= limit);
}

TEST_CASE("public souls share a relay-wide cap with a clear error") {
  ms::graph::Peer peer;
  Relay relay(peer, {}, "relay-", kDefaultUserQuotaBytes, {}, 1000);
  auto publicPut = [](const std::string& id, const std::string& soul, const std::string& text) {
    Json node = Json::object();
    node["_"]["#"] = soul;
    node["_"][">"]["t"] = kNow - 1;
    node["t"] = text;
    Json frame = Json::object();
    frame["#"] = id;
    frame["put"][soul] = node;
    return frame.dump();
  };
  CHECK(acknowledged(relay.onFrame(1, publicPut("p1", "wall", std::string(600, 'x')), kNow)));
  auto over = relay.onFrame(2, publicPut("p2", "board", std::string(600, 'y')), kNow);
  REQUIRE(over.send.size() == 1);
  CHECK_THAT(over.send[0].message["err"].get<std::string>(), Catch::Contains("cap of 1000 bytes for public data"));
  CHECK(peer.graph().read("board", "t") == nullptr);
  CHECK(relay.quota().used("") == fieldCost("wall", "t", std::string(600, 'x')));
}
