// WebRTC signalling through a relay: peers announce an id, learn whom to
// call, and pass offers, answers and candidates; everything else refused.
#include <catch2/catch.hpp>

#include "common/input_error.h"
#include "sync/client.h"
#include "sync/relay.h"

using namespace ms::sync;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;

Json onlyMessage(const RelayOutcome& out, ConnectionId to) {
  REQUIRE(out.send.size() == 1);
  CHECK(out.send[0].to == std::vector<ConnectionId>{to});
  return out.send[0].message;
}

}  // namespace

TEST_CASE("a relay introduces peers and passes signals between them") {
  ms::graph::Peer peer;
  Relay relay(peer);
  CHECK(onlyMessage(relay.onFrame(1, R"({"#": "h1", "hi": "ann"})", kNow), 1)["peers"] == Json::array());
  Json second = onlyMessage(relay.onFrame(2, R"({"#": "h2", "hi": "bob"})", kNow), 2);
  CHECK(second["@"] == "h2");
  CHECK(second["peers"] == Json::array({"ann"}));

  Json passed = onlyMessage(relay.onFrame(2, R"({"#": "s1", "signal": {"to": "ann", "data": {"sdp": "offer"}}})", kNow), 1);
  CHECK(passed["signal"]["from"] == "bob");
  CHECK(passed["signal"]["data"]["sdp"] == "offer");

  // Refusals: a taken id, a signal before hi, an unknown or departed peer.
  CHECK(onlyMessage(relay.onFrame(3, R"({"#": "h3", "hi": "ann"})", kNow), 3).contains("err"));
  CHECK(onlyMessage(relay.onFrame(3, R"({"#": "s2", "signal": {"to": "ann", "data": {}}})", kNow), 3).contains("err"));
  relay.onClose(1);
  CHECK(onlyMessage(relay.onFrame(2, R"({"#": "s3", "signal": {"to": "ann", "data": {}}})", kNow), 2).contains("err"));
  // The id is free again once its connection is gone.
  CHECK(onlyMessage(relay.onFrame(3, R"({"#": "h4", "hi": "ann"})", kNow), 3)["peers"] == Json::array({"bob"}));
}

TEST_CASE("malformed signalling frames are refused field by field") {
  for (const char* frame : {
           R"({"#": "a", "hi": 5})",
           R"({"#": "a", "hi": ""})",
           R"({"#": "a", "signal": {"to": "x"}})",
           R"({"#": "a", "signal": {"to": "x", "data": "offer"}})",
           R"({"#": "a", "signal": {"to": "x", "from": "y", "data": {}}})",
           R"({"#": "a", "signal": {"data": {}}})",
           R"({"#": "a", "signal": {"to": "x", "data": {}, "extra": 1}})",
           R"({"#": "a", "hi": "x", "get": {"#": "s"}})",
           R"({"#": "a", "@": "b", "peers": [1]})",
       }) {
    INFO(frame);
    CHECK_THROWS_AS(parseFrame(frame), ms::InputError);
  }
  std::string many = R"({"#": "a", "@": "b", "peers": [)";
  for (int i = 0; i < 65; ++i) many += (i ? ",\"p" : "\"p") + std::to_string(i) + "\"";
  CHECK_THROWS_AS(parseFrame(many + "]}"), ms::InputError);
}

TEST_CASE("a client hands signals and suggested peers to its caller, from relays only") {
  ms::graph::Peer peer;
  Client client(peer, "c-");
  client.onOpen(1, true);
  client.onOpen(2, false);
  auto hi = client.hello(1, "me");
  REQUIRE(hi.send.size() == 1);
  CHECK(hi.send[0].frame["hi"] == "me");
  auto signal = client.signal(1, "you", Json{{"sdp", "x"}});
  CHECK(signal.send.at(0).frame["signal"]["to"] == "you");

  auto fromRelay = client.onFrame(1, R"([{"#": "r1", "@": "h", "peers": ["ann", "bob"]}, {"#": "r2", "signal": {"from": "ann", "data": {"sdp": "o"}}}])", kNow);
  CHECK(fromRelay.rtcPeers == std::vector<std::string>{"ann", "bob"});
  REQUIRE(fromRelay.signals.size() == 1);
  CHECK(fromRelay.signals[0]["from"] == "ann");
  CHECK(fromRelay.errors.empty());

  auto fromDirect = client.onFrame(2, R"({"#": "d1", "signal": {"from": "eve", "data": {}}})", kNow);
  CHECK(fromDirect.signals.empty());
  CHECK_THROWS_AS(client.signal(1, "", Json::object()), ms::InputError);
}
