// What a hostile network cannot do to a relay: make per-field work grow
// with the square of a put, keep unbounded names, queues or interest, or
// ask for everything without being a peer relay this one trusts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include "common/json_members.h"
#include "identity/encoding.h"
#include "sync/partial_graph.h"
#include "sync/relay.h"

using namespace ms::sync;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;

// One node of `fields` fields, built without the ordered map's searches.
Json wideNode(const std::string& soul, std::size_t fields, double state, std::size_t valueBytes = 1) {
  Json values = Json::object(), states = Json::object();
  for (std::size_t i = 0; i < fields; ++i) {
    ms::appendMember(values, "f" + std::to_string(i), std::string(valueBytes, 'v'));
    ms::appendMember(states, "f" + std::to_string(i), state);
  }
  Json node = Json::object();
  ms::appendMember(node, "_", Json{{"#", soul}, {">", std::move(states)}});
  for (auto& [key, value] : values.get_ref<Json::object_t&>()) ms::appendMember(node, key, std::move(value));
  Json put = Json::object();
  ms::appendMember(put, soul, std::move(node));
  return put;
}

std::string putFrame(const std::string& id, const Json& put) { return Json{{"#", id}, {"put", put}}.dump(); }

// Seconds for one put of `fields` fields through everything a relay and a
// client do with it: parse, check, merge, the outcome, storing, forwarding,
// answering a get and cutting the node into chunks. Best of three runs.
double secondsForWidePut(std::size_t fields) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    ms::graph::Peer peer;
    Json put = wideNode("wide", fields, kNow - 1000);
    auto start = std::chrono::steady_clock::now();
    ms::graph::PutOutcome applied = peer.receive(put, kNow);
    Json stored = Json::object();
    mergePartial(stored, applied.applied);
    mergePartial(stored, applied.applied);  // again into a non-empty target
    Json node = peer.graph().nodeJson("wide");
    std::vector<Json> chunks = chunkPartial(applied.applied, 64 * 1024);
    std::vector<FieldRef> refs;
    for (const auto& [ref, state] : fieldsOfPartial(applied.applied)) refs.push_back(ref);
    Json again = partialOfFields(peer.graph(), refs);
    std::string text = peer.readText("wide", 1);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(applied.applied["wide"].size() == fields + 1);
    REQUIRE(again["wide"]["_"][">"].size() == fields);
    REQUIRE(!chunks.empty());
    best = std::min(best, seconds);
  }
  return best;
}

}  // namespace

TEST_CASE("per-field work is O(1): a put 64 times wider takes far less than 4096 times as long") {
  // A wide span keeps the verdict clear of noise and cache effects: linear
  // work measures about 120x here (caches), quadratic (the ordered map's
  // lookups) over 4000x.
  double narrow = secondsForWidePut(1000);
  double wide = secondsForWidePut(64000);
  INFO("1,000 fields: " << narrow << " s, 64,000 fields: " << wide << " s");
  CHECK(wide < 1024 * std::max(narrow, 1e-4));
}

TEST_CASE("a put wider than the limit gets a clear error and changes nothing; the widest allowed is acknowledged") {
  ms::graph::Peer peer;
  Relay relay(peer);
  const std::size_t most = FrameLimits{}.maxPutFields;
  auto refused = relay.onFrame(1, putFrame("p1", wideNode("wide", most + 1, kNow - 1)), kNow);
  REQUIRE(refused.send.size() == 1);
  std::string error = refused.send[0].message.value("err", "");
  CHECK(error.find("at most " + std::to_string(most)) != std::string::npos);
  CHECK(peer.graph().node("wide") == nullptr);

  auto taken = relay.onFrame(1, putFrame("p2", wideNode("wide", most, kNow - 1)), kNow);
  REQUIRE(taken.afterStored.size() == 1);
  CHECK(taken.afterStored[0].message["ok"] == true);
  CHECK(peer.graph().node("wide")->size() == most);

  // What a relay sends on in one piece never exceeds what it would take.
  for (const Json& chunk : chunkPartial(peer.graph().everything(), 1 << 30)) CHECK(chunk["wide"]["_"][">"].size() <= most);
}

TEST_CASE("souls and field names beyond their bounds are refused in puts and gets, without being echoed") {
  ms::graph::Peer peer;
  Relay relay(peer);
  const std::string longSoul(ms::graph::kMaxSoulBytes + 1, 's');
  const std::string longField(ms::graph::kMaxFieldBytes + 1, 'f');
  auto put = relay.onFrame(1, putFrame("p1", wideNode(longSoul, 1, kNow - 1)), kNow);
  REQUIRE(put.send.size() == 1);
  CHECK(put.send[0].message.value("err", "").find("at most 2048") != std::string::npos);
  CHECK(put.send[0].message.dump().size() < 1000);

  Json fieldPut = Json::parse(R"({"n": {"_": {"#": "n", ">": {}}}})");
  fieldPut["n"][longField] = 1;
  fieldPut["n"]["_"][">"][longField] = kNow - 1;
  auto field = relay.onFrame(1, putFrame("p2", fieldPut), kNow);
  CHECK(field.send.at(0).message.value("err", "").find("at most 1024") != std::string::npos);
  CHECK(peer.graph().size() == 0);

  auto get = relay.onFrame(2, Json{{"#", "g1"}, {"get", {{"#", longSoul}}}}.dump(), kNow);
  CHECK(get.send.at(0).message.value("err", "").find("at most 2048") != std::string::npos);
  auto getField = relay.onFrame(2, Json{{"#", "g2"}, {"get", {{"#", "n"}, {".", longField}}}}.dump(), kNow);
  CHECK(getField.send.at(0).message.value("err", "").find("at most 1024") != std::string::npos);
}

TEST_CASE("the deferred queue is bounded in bytes: big future writes push out the latest, not memory") {
  const std::size_t maxBytes = 1 << 20;
  ms::graph::Graph graph({}, ms::graph::kMaxDeferredWrites, maxBytes);
  std::size_t deferred = 0;
  for (int i = 0; i < 20; ++i) {
    // 100 KB each, due one after the other within the defer window.
    auto outcome = graph.merge(wideNode("future/" + std::to_string(i), 1, kNow + 60'000 + i, 100'000), kNow);
    deferred += outcome.deferred;
  }
  CHECK(graph.deferredBytes() <= maxBytes);
  CHECK(graph.deferredCount() < 11);
  // An earlier write still gets in, pushing out one due later.
  auto early = graph.merge(wideNode("soon", 1, kNow + 1'000, 100'000), kNow);
  CHECK(early.deferred == 1);
  CHECK(graph.deferredBytes() <= maxBytes);
  // Once due, the writes land and the queue is empty again.
  graph.applyDue(kNow + 120'000);
  CHECK(graph.deferredCount() == 0);
  CHECK(graph.deferredBytes() == 0);
  CHECK(graph.read("soon", "f0") != nullptr);
}

TEST_CASE("interest is bounded in bytes per connection and over all connections") {
  Interest interest(10000, 64 * 1024, 100 * 1024);
  const std::string soul(2000, 'x');
  int taken = 0;
  for (int i = 0; i < 100; ++i) taken += interest.want(1, soul + std::to_string(i)) ? 1 : 0;
  CHECK(taken == 64 * 1024 / (2001 + Interest::kEntryOverhead));
  for (int i = 0; i < 100; ++i) interest.want(2, soul + std::to_string(i));
  CHECK(interest.bytes() <= 100 * 1024);
  CHECK_FALSE(interest.want(3, soul));  // full over all connections
  interest.forget(1);
  CHECK(interest.want(3, soul));  // freed on close
}

TEST_CASE("sync: all is only for peer relays that prove a trusted key; a plain client is refused") {
  const std::string seedA = ms::identity::toBase64Url(ms::identity::Bytes(32, 1));
  const std::string seedB = ms::identity::toBase64Url(ms::identity::Bytes(32, 2));
  const std::string seedStranger = ms::identity::toBase64Url(ms::identity::Bytes(32, 3));
  ms::graph::Peer peerA, peerB;
  peerB.receive(wideNode("held", 3, kNow - 1), kNow);
  Relay a(peerA, {}, "a-", kDefaultUserQuotaBytes, {seedA, {}});
  Relay b(peerB, {}, "b-", kDefaultUserQuotaBytes, {seedB, {PeerRelayAuth::publicKeyOf(seedA)}});

  SECTION("a plain client gets an error with a challenge it cannot answer, and nothing else") {
    auto asked = b.onFrame(7, R"({"#": "s1", "sync": "all"})", kNow);
    REQUIRE(asked.send.size() == 1);
    const Json& refusal = asked.send[0].message;
    CHECK(refusal["@"] == "s1");
    CHECK(refusal.value("err", "").find("sync refused") == 0);
    REQUIRE(refusal.contains("challenge"));
    // Signed with a key B does not trust: refused.
    Relay stranger(peerA, {}, "x-", kDefaultUserQuotaBytes, {seedStranger, {}});
    stranger.onPeerOpen(7);
    auto answer = stranger.onFrame(7, refusal.dump(), kNow);
    REQUIRE(answer.send.size() == 1);
    auto judged = b.onFrame(7, answer.send[0].message.dump(), kNow);
    REQUIRE(judged.send.size() == 1);
    CHECK(judged.send[0].message.value("err", "").find("sync refused") == 0);
    CHECK(!judged.send[0].message["put"].is_object());
    // A later put reaches nobody: the client follows nothing.
    auto put = b.onFrame(8, putFrame("p1", wideNode("held", 1, kNow - 0.5)), kNow);
    CHECK(put.send.empty());
  }

  SECTION("a trusted relay answers the challenge and gets everything, then every change; its answer cannot be replayed") {
    auto opened = a.onPeerOpen(1);  // A dialed B: B knows it as connection 5
    REQUIRE(opened.send.at(0).message["sync"] == "all");
    auto challenged = b.onFrame(5, opened.send[0].message.dump(), kNow);
    REQUIRE(challenged.send.at(0).message.contains("challenge"));
    auto answered = a.onFrame(1, challenged.send[0].message.dump(), kNow);
    REQUIRE(answered.send.size() == 1);
    REQUIRE(answered.send[0].message.contains("proof"));
    auto synced = b.onFrame(5, answered.send[0].message.dump(), kNow);
    REQUIRE(synced.send.size() == 1);
    CHECK(synced.send[0].message["put"]["held"]["f2"] == "v");
    auto change = b.onFrame(8, putFrame("p1", wideNode("other", 1, kNow - 0.5)), kNow);
    REQUIRE(change.send.size() == 1);
    CHECK(change.send[0].to == std::vector<ConnectionId>{5});

    // The same answer on another connection (or again) proves nothing.
    Json replayed = answered.send[0].message;
    replayed["#"] = "again";
    b.onFrame(6, R"({"#": "s0", "sync": "all"})", kNow);  // connection 6 has a challenge of its own
    auto replay = b.onFrame(6, replayed.dump(), kNow);
    CHECK(replay.send.at(0).message.value("err", "").find("sync refused") == 0);
    // A relay answers challenges only on links it dialed, once.
    Json challengeAgain = challenged.send[0].message;
    challengeAgain["#"] = "b-again";
    CHECK(a.onFrame(1, challengeAgain.dump(), kNow).send.empty());
    CHECK(a.onFrame(2, challengeAgain.dump(), kNow).send.empty());
  }

  SECTION("a relay that trusts no keys takes no peer relays") {
    Relay lone(peerB, {}, "l-", kDefaultUserQuotaBytes, {seedB, {}});
    auto asked = lone.onFrame(1, R"({"#": "s1", "sync": "all"})", kNow);
    CHECK(asked.send.at(0).message.value("err", "").find("no peer relay keys") != std::string::npos);
    CHECK_FALSE(asked.send.at(0).message.contains("challenge"));
  }
}

TEST_CASE("the gets of one frame are answered up to a byte budget; the rest get an error naming it") {
  ms::graph::Peer peer;
  peer.receive(wideNode("big", 1, kNow - 1, 900'000), kNow);
  Relay relay(peer);
  Json batch = Json::array();
  for (int i = 0; i < 20; ++i) batch.push_back(Json{{"#", "g" + std::to_string(i)}, {"get", {{"#", "big"}}}});
  auto answered = relay.onFrame(1, batch.dump(), kNow);
  REQUIRE(answered.send.size() == 20);
  std::size_t bytes = 0, refused = 0;
  for (const auto& message : answered.send) {
    bytes += message.message.dump().size();
    if (message.message.value("err", "").find("get refused: the answers") == 0) ++refused;
  }
  CHECK(bytes < FrameLimits{}.maxAnswerBytes + 64 * 1024);
  CHECK(refused == 20 - FrameLimits{}.maxAnswerBytes / 900'000);
  // The next frame has a budget of its own.
  CHECK(relay.onFrame(1, R"({"#": "again", "get": {"#": "big"}})", kNow).send.at(0).message.contains("put"));
}
