// Deep reads (Peer::read / readText): links are followed into nested
// objects, and every read terminates, on cycles and on link-heavy graphs.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "graph/graph.h"
#include "graph/peer.h"

using namespace ms::graph;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;

// Writes fields into nodes through the wire, as another peer would.
void link(Peer& peer, const std::string& soul, const Json& fields) {
  Json node = fields;
  node["_"] = {{"#", soul}, {">", Json::object()}};
  for (const auto& [name, _] : fields.items()) node["_"][">"][name] = 1;
  peer.load(Json{{soul, node}}, kNow);
}

Json to(const std::string& soul) { return Json{{"#", soul}}; }

}  // namespace

TEST_CASE("read: links are followed into nested objects up to the depth asked") {
  Peer peer;
  link(peer, "a", {{"name", "A"}, {"child", to("b")}});
  link(peer, "b", {{"name", "B"}, {"child", to("c")}});
  link(peer, "c", {{"name", "C"}, {"gone", to("nowhere")}});
  CHECK(peer.read("a", 0) == Json{{"child", to("b")}, {"name", "A"}});
  CHECK(peer.read("a", 1)["child"] == Json{{"child", to("c")}, {"name", "B"}});
  CHECK(peer.read("a", 2)["child"]["child"]["name"] == "C");
  CHECK(peer.read("a", 2)["child"]["child"]["gone"] == to("nowhere"));  // depth spent: stays a link
  CHECK(peer.read("a", 3)["child"]["child"]["gone"].is_null());        // followed: the node is unknown
  CHECK(peer.read("nowhere", 5).is_null());
}

TEST_CASE("read: cycles end at the link back, rendered as the link") {
  Peer peer;
  link(peer, "self", {{"me", to("self")}});
  link(peer, "a", {{"next", to("b")}});
  link(peer, "b", {{"next", to("c")}});
  link(peer, "c", {{"next", to("a")}, {"also", to("b")}});
  CHECK(peer.read("self", 1000) == Json{{"me", to("self")}});
  std::set<std::string> visited;
  Json a = peer.read("a", 1000, &visited);
  CHECK(a["next"]["next"]["next"] == to("a"));
  CHECK(a["next"]["next"]["also"] == to("b"));
  CHECK(visited == std::set<std::string>{"a", "b", "c"});
  // Starting elsewhere on the cycle ends elsewhere.
  CHECK(peer.read("b", 1000)["next"]["next"]["next"] == to("b"));
  // The text reader agrees.
  for (const char* soul : {"self", "a", "b", "c"}) CHECK(Json::parse(peer.readText(soul, 1000)) == peer.read(soul, 1000));
}

TEST_CASE("read: a node linked from two places is read in both (no cycle there)") {
  Peer peer;
  link(peer, "post", {{"author", to("ada")}, {"editor", to("ada")}});
  link(peer, "ada", {{"name", "Ada"}});
  Json post = peer.read("post", 5);
  CHECK(post["author"] == Json{{"name", "Ada"}});
  CHECK(post["editor"] == Json{{"name", "Ada"}});
}

TEST_CASE("read: link-heavy graphs cost a bounded number of fields, not an exponential walk") {
  // 40 nodes, each linking twice to the next: following every path would
  // read the last node 2^39 times. The read stops expanding at
  // kMaxReadFields fields; links past that stay links.
  Peer peer;
  for (int i = 0; i < 40; ++i) {
    std::string next = "n" + std::to_string(i + 1);
    link(peer, "n" + std::to_string(i), {{"left", to(next)}, {"right", to(next)}});
  }
  std::set<std::string> visited;
  std::string text = peer.readText("n0", 64, &visited);
  CHECK(visited.size() == 41);  // n40 is linked but unknown
  // Every expansion of a two-field node costs 2: at most kMaxReadFields / 2
  // nodes, each printed with two field names.
  std::size_t links = 0;
  for (std::size_t at = text.find("{\"#\":"); at != std::string::npos; at = text.find("{\"#\":", at + 1)) ++links;
  CHECK(links > 0);  // the budget ran out and left links
  CHECK(text.size() < kMaxReadFields * 40);
  // The document reader spends the same budget the same way. (Compared as
  // text, not by parsing: parsing 7 MB of nested ordered_json is slow.)
  CHECK(peer.read("n0", 64).dump() == text);
}
