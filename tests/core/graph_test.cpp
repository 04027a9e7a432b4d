// The graph: values, the hybrid clock, HAM, merging partial graphs, lex
// queries, ownership and signatures, nested puts and cyclic reads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "allocation_support.h"
#include "graph_support.h"
#include "common/input_error.h"
#include "graph/graph_value.h"
#include "graph/ham.h"
#include "graph/hybrid_clock.h"
#include "graph/ownership.h"
#include "graph/peer.h"
#include "identity/user_keys.h"

using namespace ms::graph;
using ms::Json;
using ms::test::node;

namespace {

constexpr double kNow = 1'700'000'000'000;


ms::identity::UserKeys userFromByte(std::uint8_t b) { return ms::identity::userKeysFromSeed(ms::identity::Bytes(32, b)); }

Signer signerFor(const ms::identity::UserKeys& keys) {
  return Signer{keys.pub(), [keys](const ms::identity::SignedWrite& w) { return ms::identity::signWrite(w, keys.sign.secret_key); }};
}

std::string refusal(const std::function<void()>& action) {
  try {
    action();
  } catch (const ms::InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("graph values: scalars and links only, and a type-aware total order") {
  CHECK_NOTHROW(validateGraphValue(nullptr, "f"));
  CHECK_NOTHROW(validateGraphValue(Json{{"#", "soul"}}, "f"));
  CHECK_THROWS_AS(validateGraphValue(Json::array({1}), "f"), ms::InputError);
  CHECK_THROWS_AS(validateGraphValue(Json{{"a", 1}}, "f"), ms::InputError);
  CHECK_THROWS_AS(validateGraphValue(Json{{"#", ""}}, "f"), ms::InputError);
  std::vector<Json> ascending = {nullptr, false, true, -5, 0, 5, 1e300, "", "5", "a", Json{{"#", "a"}}, Json{{"#", "b"}}};
  for (std::size_t i = 0; i < ascending.size(); ++i) {
    for (std::size_t j = 0; j < ascending.size(); ++j) {
      INFO(ascending[i].dump() << " vs " << ascending[j].dump());
      CHECK(compareGraphValues(ascending[i], ascending[j]) == (i < j ? -1 : i > j ? 1 : 0));
    }
  }
}

TEST_CASE("the hybrid clock orders writes in one millisecond and when time goes back") {
  HybridClock clock;
  double a = clock.next(1000), b = clock.next(1000), c = clock.next(999);
  CHECK(a == 1000);
  CHECK(b > a);
  CHECK(c > b);
  clock.observe(5000);
  CHECK(clock.next(2000) > 5000);
  clock.observe(NAN);
  CHECK(std::isfinite(clock.last()));
}

TEST_CASE("HAM: higher state wins, lower is ignored, same write changes nothing, ties are order-free") {
  FieldWrite current{"old", 10};
  CHECK(decide({"new", 11}, &current, kNow) == Decision::Apply);
  CHECK(decide({"new", 9}, &current, kNow) == Decision::IgnoreOlder);
  CHECK(decide({"old", 10}, &current, kNow) == Decision::IgnoreSame);
  FieldWrite five{5, 10}, fiveText{"5", 10};
  CHECK(decide(fiveText, &five, kNow) == Decision::Apply);
  CHECK(decide(five, &fiveText, kNow) == Decision::IgnoreOlder);
  CHECK(decide({"x", kNow + 1000}, nullptr, kNow) == Decision::Defer);
  CHECK(decide({"x", kNow + 50}, nullptr, kNow) == Decision::Apply);  // within the clock tolerance
  CHECK(decide({"x", kNow + 25.0 * 3600 * 1000}, nullptr, kNow) == Decision::Drop);
}

TEST_CASE("partial graphs are checked whole before use") {
  auto refused = [](const char* text) { return refusal([&] { parsePartialGraph(Json::parse(text)); }); };
  CHECK_THAT(refused("null"), Catch::Contains("put"));
  CHECK_THAT(refused(R"({"a": {"_": {"#": "b", ">": {"x": 1}}, "x": 1}})"), Catch::Contains("soul"));
  CHECK_THAT(refused(R"({"a": {"_": {"#": "a", ">": {}}, "x": 1}})"), Catch::Contains("no state"));
  CHECK_THAT(refused(R"({"a": {"_": {"#": "a", ">": {"x": "1"}}, "x": 1}})"), Catch::Contains("not a number"));
  CHECK_THAT(refused(R"({"a": {"_": {"#": "a", ">": {"x": 1}}, "x": [1]}})"), Catch::Contains("array"));
  CHECK_THAT(refused(R"({"a": {"x": 1}})"), Catch::Contains("missing"));
  CHECK_THAT(refused(R"({"a": {"_": {"#": "a", ">": {"x": 1}}, "x": {"y": 1}}})"), Catch::Contains("link"));
  CHECK(parsePartialGraph(Json::parse(R"({"a": {"_": {"#": "a", ">": {"x": 1, "y": 2}}, "x": null, "y": {"#": "b"}}})")).size() == 2);
}

TEST_CASE("an invalid multi-node put changes nothing") {
  Peer peer;
  Json put = node("a", {{"x", 1}}, 5);
  put.update(node("b", {{"y", Json::array()}}, 5));
  CHECK_THROWS_AS(peer.receive(put, kNow), ms::InputError);
  CHECK(peer.graph().size() == 0);
}

TEST_CASE("merging: changes are reported once; the same put again changes nothing") {
  Peer peer;
  auto first = peer.receive(node("a", {{"x", 1}, {"y", "two"}}, 5), kNow);
  CHECK(first.changedSouls == std::vector<std::string>{"a"});
  CHECK(first.applied["a"]["x"] == 1);
  auto again = peer.receive(node("a", {{"x", 1}, {"y", "two"}}, 5), kNow);
  CHECK(again.changedSouls.empty());
  auto older = peer.receive(node("a", {{"x", 99}}, 4), kNow);
  CHECK(older.changedSouls.empty());
  CHECK(peer.read("a", 0)["x"] == 1);
}

TEST_CASE("future writes wait and then apply; far-future ones are dropped") {
  Peer peer;
  auto soon = peer.receive(node("a", {{"x", "later"}}, kNow + 500), kNow);
  CHECK(soon.deferred == 1);
  CHECK(peer.read("a", 0).is_null());
  CHECK(peer.applyDue(kNow + 499).changedSouls.empty());
  CHECK(peer.applyDue(kNow + 500).changedSouls == std::vector<std::string>{"a"});
  CHECK(peer.read("a", 0)["x"] == "later");
  peer.receive(node("b", {{"x", 1}}, kNow + 48.0 * 3600 * 1000), kNow);
  CHECK(peer.graph().deferredCount() == 0);
}

TEST_CASE("peers converge to the same graph whatever the order and duplication of puts") {
  std::vector<Json> puts;
  for (int i = 0; i < 40; ++i) {
    Json value = i % 3 == 0 ? Json(i) : i % 3 == 1 ? Json(std::to_string(i % 5)) : Json(nullptr);
    puts.push_back(node("s" + std::to_string(i % 4), {{"f" + std::to_string(i % 6), value}}, 100 + i % 7));
  }
  Json expected;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    testing::Random rand(seed);
    std::vector<Json> order = puts;
    for (int d = 0; d < 10; ++d) order.push_back(puts[static_cast<std::size_t>(rand.uniform() * puts.size())]);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[static_cast<std::size_t>(rand.uniform() * i)]);
    Peer peer;
    for (const auto& put : order) peer.receive(put, kNow);
    Json all = Json::object();
    for (int s = 0; s < 4; ++s) all["s" + std::to_string(s)] = peer.graph().nodeJson("s" + std::to_string(s));
    if (seed == 1) expected = all;
    CHECK(all == expected);
  }
}

TEST_CASE("lex queries: exact, prefix, inclusive range, limit") {
  Peer peer;
  peer.receive(node("chat", {{"2024-01", 1}, {"2024-02", 2}, {"2024-03", 3}, {"2025-01", 4}, {"other", 5}}, 1), kNow);
  auto fields = [&](const char* lex) {
    std::vector<std::string> names;
    Json found = peer.graph().lexQuery("chat", Json::parse(lex));  // kept alive while iterating
    for (const auto& [name, _] : found.items()) {
      if (name != "_") names.push_back(name);
    }
    return names;
  };
  CHECK(fields(R"({".": "other"})") == std::vector<std::string>{"other"});
  CHECK(fields(R"({".": {"*": "2024"}})") == std::vector<std::string>{"2024-01", "2024-02", "2024-03"});
  CHECK(fields(R"({".": {">": "2024-02", "<": "2025-01"}})") == std::vector<std::string>{"2024-02", "2024-03", "2025-01"});
  CHECK(fields(R"({".": {"*": "20"}, "%": 2})") == std::vector<std::string>{"2024-01", "2024-02"});
  CHECK_THROWS_AS(peer.graph().lexQuery("chat", Json::parse(R"({".": {"?": "x"}})")), ms::InputError);
}

TEST_CASE("nested objects become linked child nodes and read back deep-equal; cycles end") {
  Peer peer;
  Json value = Json::parse(R"({"name": "Ada", "address": {"city": "SF", "geo": {"lat": 37.7}}})");
  peer.put("people/ada", value, kNow, nullptr);
  // Deep-equal regardless of key order (nodes keep fields sorted).
  CHECK(nlohmann::json::parse(peer.read("people/ada", 10).dump()) == nlohmann::json::parse(value.dump()));
  CHECK(peer.read("people/ada", 0)["address"] == Json{{"#", "people/ada/address"}});
  peer.put("a", Json{{"next", Json{{"#", "b"}}}}, kNow, nullptr);
  peer.put("b", Json{{"next", Json{{"#", "a"}}}}, kNow, nullptr);
  std::set<std::string> visited;
  Json read = peer.read("a", 100, &visited);
  CHECK(read["next"]["next"] == Json{{"#", "a"}});
  CHECK(visited == std::set<std::string>{"a", "b"});
  CHECK_THAT(refusal([&] { peer.put("x", Json{{"list", Json::array({1})}}, kNow, nullptr); }), Catch::Contains("array"));
  CHECK_THAT(refusal([&] { peer.put("x", Json{{"_", 1}}, kNow, nullptr); }), Catch::Contains("reserved"));
}

TEST_CASE("users' spaces: signed by the owner on put, verified on receive") {
  auto alice = userFromByte(1), mallory = userFromByte(2);
  Signer aliceSigns = signerFor(alice), mallorySigns = signerFor(mallory);
  std::string space = "~" + alice.pub();
  Peer writer;
  auto written = writer.put(space + "/profile", Json{{"name", "Alice"}}, kNow, &aliceSigns);
  CHECK(written.applied[space + "/profile"]["_"]["s"]["name"].is_string());

  Peer reader;
  CHECK(reader.receive(written.applied, kNow).changedSouls.size() == 1);
  CHECK(reader.read(space + "/profile", 0)["name"] == "Alice");

  // Writing into someone else's space, signed or not, or replaying a signature elsewhere.
  CHECK_THAT(refusal([&] { writer.put(space, Json{{"x", 1}}, kNow, &mallorySigns); }), Catch::Contains("write refused"));
  CHECK_THAT(refusal([&] { writer.put(space, Json{{"x", 1}}, kNow, nullptr); }), Catch::Contains("write refused"));
  Json unsigned_ = node(space, {{"name", "Mallory"}}, kNow - 1);
  CHECK_THAT(refusal([&] { reader.receive(unsigned_, kNow); }), Catch::Contains("unsigned"));
  Json replayed = written.applied;
  replayed[space + "/profile"]["name"] = "Mallory";
  CHECK_THAT(refusal([&] { reader.receive(replayed, kNow); }), Catch::Contains("not signed"));
  Json moved = written.applied;
  moved[space + "/profile"]["role"] = moved[space + "/profile"]["name"];
  moved[space + "/profile"]["_"][">"]["role"] = moved[space + "/profile"]["_"][">"]["name"];
  moved[space + "/profile"]["_"]["s"]["role"] = moved[space + "/profile"]["_"]["s"]["name"];
  moved[space + "/profile"].erase("name");
  CHECK_THAT(refusal([&] { reader.receive(moved, kNow); }), Catch::Contains("not signed"));
  CHECK(reader.read(space + "/profile", 0)["name"] == "Alice");
}

TEST_CASE("nobody claims a public node by writing first, and alias lists only take signed self-entries, which nobody can lock") {
  CHECK(ownerOf("chat") == "");
  CHECK(ownerOf("~abc") == "abc");
  CHECK(ownerOf("~abc/x/y") == "abc");
  CHECK(ownerOf("~@alice") == "");
  Peer peer;
  peer.put("chat", Json{{"topic", "hi"}}, kNow, nullptr);
  auto later = node("chat", {{"topic", "changed"}}, kNow + 0.5);
  peer.receive(later, kNow + 1);
  CHECK(peer.read("chat", 0)["topic"] == "changed");

  Graph graph;
  auto entryFor = [&](const ms::identity::UserKeys& keys, const std::string& alias) {
    Json value = {{"#", "~" + keys.pub()}};
    std::string signature = ms::identity::signWrite({"~@" + alias, keys.pub(), value, 1, keys.pub()}, keys.sign.secret_key);
    return Write{"~@" + alias, keys.pub(), Field{value, 1, signature}};
  };
  auto alice = userFromByte(1);
  CHECK_NOTHROW(checkWrite(entryFor(alice, "alice")));
  Write forged = entryFor(alice, "alice");
  forged.field = userFromByte(3).pub();  // adding someone else
  CHECK_THROWS_AS(checkWrite(forged), ms::InputError);
  std::vector<Write> entries;
  for (std::uint8_t b = 10; b < 10 + 64; ++b) entries.push_back(entryFor(userFromByte(b), "popular"));
  graph.merge(entries, kNow);
  CHECK_NOTHROW(checkWrite(entryFor(userFromByte(99), "popular")));
}

TEST_CASE("reads as text equal reads as documents, whole nodes and single fields") {
  Peer peer;
  peer.put("n", Json::parse(R"({"b": 1, "a": {"x": "y\n\"", "deep": {"z": null}}, "c": true})"), kNow, nullptr);
  peer.put("loop", Json{{"self", Json{{"#", "loop"}}}}, kNow, nullptr);
  for (const char* soul : {"n", "loop", "missing"}) {
    std::set<std::string> a, b;
    CHECK(Json::parse(peer.readText(soul, 5, &a)) == peer.read(soul, 5, &b));
    CHECK(a == b);
  }
  CHECK(Json::parse(peer.readFieldText("n", "a", 5)) == peer.read("n/a", 5));
  CHECK(peer.readFieldText("n", "b", 5) == "1");
  CHECK(peer.readFieldText("n", "nope", 5) == "null");
  // A field linking back to its own node stays a link: the cycle ends there.
  CHECK(peer.readFieldText("loop", "self", 5) == R"({"#":"loop"})");
}

TEST_CASE("the queue of writes from the future is bounded: the latest are dropped first") {
  Graph graph(HamLimits{}, /*maxDeferred=*/3);
  std::vector<Write> future;
  for (int i = 0; i < 5; ++i) future.push_back({"s", "f" + std::to_string(i), Field{i, kNow + 1000 + i, ""}});
  MergeOutcome outcome = graph.merge(future, kNow);
  CHECK(graph.deferredCount() == 3);
  CHECK(outcome.dropped == 2);
  MergeOutcome due = graph.applyDue(kNow + 5000);
  CHECK(due.changed.size() == 3);
  CHECK(graph.node("s")->count("f0") == 1);  // the soonest were kept
  CHECK(graph.node("s")->count("f4") == 0);
}

TEST_CASE("deleting an object field deletes the old object: re-created, it starts empty; overwritten, its children are gone") {
  Peer writer;
  writer.put("doc", Json::parse(R"({"item": {"key": "v", "number": 42, "deep": {"a": 1}}})"), kNow, nullptr);
  Peer offline;
  offline.receive(writer.graph().everything(), kNow);

  auto deleted = writer.put("doc", Json{{"item", nullptr}}, kNow + 1, nullptr);
  CHECK(deleted.applied["doc/item"]["number"].is_null());  // tombstones travel with the delete
  CHECK(deleted.applied["doc/item/deep"]["a"].is_null());
  CHECK(writer.read("doc", 10) == Json::object());        // deleted fields are not read
  writer.put("doc", Json{{"item", Json{{"key", "new"}}}}, kNow + 2, nullptr);
  CHECK(writer.read("doc", 10) == Json{{"item", Json{{"key", "new"}}}});
  CHECK(writer.readFieldText("doc/item/deep", "a", 10) == "null");

  // A peer that was offline while it happened agrees once it has the writes.
  offline.receive(writer.graph().everything(), kNow + 3);
  CHECK(offline.readText("doc", 10) == writer.readText("doc", 10));

  // An object field overwritten by a scalar: its old children are gone through the path too.
  writer.put("doc", Json{{"item", 5}}, kNow + 4, nullptr);
  CHECK(writer.readFieldText("doc/item", "key", 10) == "null");
  CHECK(writer.read("doc", 10) == Json{{"item", 5}});

  // Fields left over from an object the deleting peer had not fully seen go when it is re-created here.
  offline.load(node("doc/item", {{"late", "left over"}}, kNow + 3.5), kNow + 5);
  offline.receive(writer.graph().everything(), kNow + 5);
  offline.put("doc", Json{{"item", Json{{"key", "again"}}}}, kNow + 6, nullptr);
  CHECK(offline.read("doc", 10) == Json{{"item", Json{{"key", "again"}}}});
}

TEST_CASE("deletes in a user's space are signed tombstones that other peers accept") {
  auto alice = userFromByte(1);
  Signer aliceSigns = signerFor(alice);
  std::string space = "~" + alice.pub();
  Peer writer, reader;
  reader.receive(writer.put(space, Json::parse(R"({"doc": {"key": "v", "number": 42}})"), kNow, &aliceSigns).applied, kNow);
  reader.receive(writer.put(space, Json{{"doc", nullptr}}, kNow + 1, &aliceSigns).applied, kNow + 1);
  reader.receive(writer.put(space, Json{{"doc", Json{{"key", "new"}}}}, kNow + 2, &aliceSigns).applied, kNow + 2);
  CHECK(reader.read(space, 10) == Json{{"doc", Json{{"key", "new"}}}});
}

// Soul naming and reserved keys are written once here; the JS side gets the
// prefixes and the meta key generated (js/generated/boundary.js).
TEST_CASE("user and alias souls are named by one rule, and ownership reads it back") {
  CHECK(userSoul("PUB") == "~PUB");
  CHECK(aliasSoul("ann") == "~@ann");
  CHECK(ownerOf(userSoul("PUB")) == "PUB");
  CHECK(ownerOf(userSoul("PUB") + "/profile") == "PUB");
  CHECK(ownerOf(aliasSoul("ann")).empty());
  CHECK(isAliasList(aliasSoul("ann")));
  CHECK_FALSE(isAliasList(aliasSoul("")));  // "~@" alone names no alias
  CHECK_FALSE(isAliasList(userSoul("PUB")));
  CHECK(ownerOf("~").empty());
  CHECK(ownerOf("chat").empty());
}

TEST_CASE("a usable key is non-empty and not the meta key") {
  CHECK(isUsableKey("a"));
  CHECK(isUsableKey("__"));
  CHECK_FALSE(isUsableKey(""));
  CHECK_FALSE(isUsableKey(kMetaKey));
}
