// Merging partial graphs (graph/graph.h): wire format in and out, changes
// reported once, everything validated before anything changes, future
// writes deferred in a bounded queue, and convergence whatever the order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/input_error.h"
#include "graph/graph.h"
#include "graph/graph_value.h"

using namespace ms::graph;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;
constexpr double kHour = 3'600'000;

// One node in wire form: every field written at `state`.
Json wire(const std::string& soul, const Json& fields, double state) {
  Json node = Json::object();
  node["_"] = {{"#", soul}, {">", Json::object()}};
  for (const auto& [name, value] : fields.items()) {
    node[name] = value;
    node["_"][">"][name] = state;
  }
  return Json{{soul, node}};
}

using Changes = std::vector<std::pair<std::string, std::string>>;

// Everything observable about a graph: its nodes and its queue.
std::pair<std::string, std::size_t> snapshot(const Graph& graph) { return {graph.everything().dump(), graph.deferredCount()}; }

std::string refusal(Graph& graph, const Json& put) {
  auto before = snapshot(graph);
  std::string message;
  try {
    graph.merge(put, kNow);
  } catch (const ms::InputError& error) {
    message = error.what();
  }
  CHECK(snapshot(graph) == before);  // refused means untouched
  return message;
}

}  // namespace

TEST_CASE("merge: a put lands, reports each changed field once, and reads back in wire form") {
  Graph graph;
  MergeOutcome outcome = graph.merge(wire("a", {{"x", 1}, {"y", "two"}}, 5), kNow);
  CHECK(outcome.changed == Changes{{"a", "x"}, {"a", "y"}});
  CHECK(outcome.deferred == 0);
  CHECK(outcome.dropped == 0);
  CHECK(graph.nodeJson("a") == Json::parse(R"({"_": {"#": "a", ">": {"x": 5, "y": 5}}, "x": 1, "y": "two"})"));
  CHECK(graph.nodeJson("missing").is_null());
  REQUIRE(graph.read("a", "x") != nullptr);
  CHECK(graph.read("a", "x")->value == 1);
  CHECK(graph.read("a", "x")->state == 5);
  CHECK(graph.read("a", "nope") == nullptr);
  CHECK(graph.read("nope", "x") == nullptr);
  // The wire form is a partial graph: it merges into another graph as the same node.
  Graph copy;
  copy.merge(Json{{"a", graph.nodeJson("a")}}, kNow);
  CHECK(copy.everything() == graph.everything());
}

TEST_CASE("merge: higher states win, lower ones and repeats change nothing") {
  Graph graph;
  graph.merge(wire("a", {{"x", "first"}}, 10), kNow);
  CHECK(graph.merge(wire("a", {{"x", "first"}}, 10), kNow).changed.empty());  // the same put again
  CHECK(graph.merge(wire("a", {{"x", "older"}}, 9), kNow).changed.empty());
  CHECK(graph.read("a", "x")->value == "first");
  CHECK(graph.merge(wire("a", {{"x", "newer"}}, 11), kNow).changed == Changes{{"a", "x"}});
  CHECK(graph.read("a", "x")->value == "newer");
  // A deletion is a write of null: it stays as a tombstone with its state.
  CHECK(graph.merge(wire("a", {{"x", nullptr}}, 12), kNow).changed == Changes{{"a", "x"}});
  CHECK(graph.nodeJson("a")["x"].is_null());
  CHECK(graph.nodeJson("a")["_"][">"]["x"] == 12);
  CHECK(graph.merge(wire("a", {{"x", "late"}}, 11.5), kNow).changed.empty());
}

TEST_CASE("merge: a field written several times in one put is reported once, and the put's order does not matter") {
  // One JSON object cannot hold a key twice; two writes of one field in a
  // batch come from a list of writes (e.g. a frame carrying several puts).
  std::vector<Write> writes = {{"a", "x", Field{"b", 10, ""}}, {"a", "x", Field{"c", 10, ""}}, {"a", "x", Field{"a", 10, ""}}};
  Graph forward, backward;
  CHECK(forward.merge(writes, kNow).changed == Changes{{"a", "x"}});
  std::reverse(writes.begin(), writes.end());
  backward.merge(writes, kNow);
  CHECK(forward.read("a", "x")->value == "c");
  CHECK(backward.read("a", "x")->value == "c");
}

TEST_CASE("merge: spellings of one number are one value") {
  Graph graph;
  graph.merge(wire("a", {{"n", 5.0}, {"z", -0.0}}, 10), kNow);
  CHECK(graph.nodeJson("a").dump() == R"({"_":{"#":"a",">":{"n":10.0,"z":10.0}},"n":5,"z":0})");
  CHECK(graph.merge(wire("a", {{"n", 5}, {"z", 0}}, 10), kNow).changed.empty());
  // The other arrival order stores the same bytes.
  Graph other;
  other.merge(wire("a", {{"n", 5}, {"z", 0}}, 10), kNow);
  other.merge(wire("a", {{"n", 5.0}, {"z", -0.0}}, 10), kNow);
  CHECK(other.everything().dump() == graph.everything().dump());
  // Writes handed over directly (not parsed from the wire) are stored canonical too.
  Graph direct;
  direct.merge(std::vector<Write>{{"a", "n", Field{5.0, 10, ""}}, {"a", "z", Field{-0.0, 10, ""}}}, kNow);
  CHECK(direct.everything().dump() == graph.everything().dump());
}

TEST_CASE("merge: broken states are refused, naming the field, and nothing changes") {
  Graph graph;
  graph.merge(wire("a", {{"x", "kept"}}, 1), kNow);
  auto withState = [](const Json& state) {
    Json put = wire("a", {{"x", "new"}}, 2);
    put["a"]["_"][">"]["x"] = state;
    return put;
  };
  CHECK_THAT(refusal(graph, withState("2")), Catch::Contains("put.a.x") && Catch::Contains("not a number"));
  CHECK_THAT(refusal(graph, withState(nullptr)), Catch::Contains("put.a.x") && Catch::Contains("not a number"));
  CHECK_THAT(refusal(graph, withState(true)), Catch::Contains("not a number"));
  CHECK_THAT(refusal(graph, withState(Json::array({2}))), Catch::Contains("not a number"));
  CHECK_THAT(refusal(graph, withState(std::nan(""))), Catch::Contains("put.a.x") && Catch::Contains("not finite"));
  CHECK_THAT(refusal(graph, withState(std::numeric_limits<double>::infinity())), Catch::Contains("not finite"));
  CHECK_THAT(refusal(graph, withState(-std::numeric_limits<double>::infinity())), Catch::Contains("not finite"));
  Json missing = wire("a", {{"x", "new"}}, 2);
  missing["a"]["_"][">"].erase("x");
  CHECK_THAT(refusal(graph, missing), Catch::Contains("put.a.x") && Catch::Contains("no state"));
  Json noStates = wire("a", {{"x", "new"}}, 2);
  noStates["a"]["_"].erase(">");
  CHECK_THAT(refusal(graph, noStates), Catch::Contains("states"));
  noStates["a"]["_"][">"] = 2;
  CHECK_THAT(refusal(graph, noStates), Catch::Contains("states"));
  CHECK(graph.read("a", "x")->value == "kept");
}

TEST_CASE("merge: node meta must name its own soul") {
  Graph graph;
  Json put = wire("a", {{"x", 1}}, 1);
  put["a"]["_"]["#"] = "b";
  CHECK_THAT(refusal(graph, put), Catch::Contains("put.a") && Catch::Contains("soul"));
  put["a"]["_"]["#"] = 5;
  CHECK_THAT(refusal(graph, put), Catch::Contains("soul"));
  put["a"]["_"].erase("#");
  CHECK_THAT(refusal(graph, put), Catch::Contains("soul"));
  put["a"].erase("_");
  CHECK_THAT(refusal(graph, put), Catch::Contains("put.a._") && Catch::Contains("missing"));
  put["a"]["_"] = "a";
  CHECK_THAT(refusal(graph, put), Catch::Contains("missing"));
  CHECK(graph.size() == 0);
}

TEST_CASE("merge: values and names the graph cannot hold are refused") {
  Graph graph;
  CHECK_THAT(refusal(graph, wire("a", {{"list", Json::array({1, 2})}}, 1)), Catch::Contains("put.a.list") && Catch::Contains("array"));
  CHECK_THAT(refusal(graph, wire("a", {{"obj", Json{{"k", 1}}}}, 1)), Catch::Contains("put.a.obj") && Catch::Contains("link"));
  CHECK_THAT(refusal(graph, wire("a", {{"bad", Json{{"#", 1}}}}, 1)), Catch::Contains("link"));
  CHECK_THAT(refusal(graph, wire("a", {{"", 1}}, 1)), Catch::Contains("empty name"));
  CHECK_THAT(refusal(graph, wire("", {{"x", 1}}, 1)), Catch::Contains("empty soul"));
  CHECK_THAT(refusal(graph, Json{{"a", "not a node"}}), Catch::Contains("put.a") && Catch::Contains("node"));
  CHECK_THAT(refusal(graph, Json::array({wire("a", {{"x", 1}}, 1)})), Catch::Contains("put"));
  CHECK_THAT(refusal(graph, nullptr), Catch::Contains("put"));
  CHECK_THAT(refusal(graph, "put"), Catch::Contains("put"));
  // Straight writes are checked by the graph too.
  Graph direct;
  CHECK_THROWS_AS(direct.merge(std::vector<Write>{{"a", "x", Field{Json::array(), 1, ""}}}, kNow), ms::InputError);
  CHECK_THROWS_AS(direct.merge(std::vector<Write>{{"a", "_", Field{1, 1, ""}}}, kNow), ms::InputError);
  CHECK_THROWS_AS(direct.merge(std::vector<Write>{{"a", "x", Field{1, std::nan(""), ""}}}, kNow), ms::InputError);
  CHECK_THROWS_AS(direct.merge(std::vector<Write>{{"a", "x", Field{1, 1, ""}}}, std::nan("")), ms::InputError);
  CHECK(direct.size() == 0);
}

TEST_CASE("merge: a multi-node put is all or nothing") {
  Graph graph;
  graph.merge(wire("a", {{"x", "kept"}}, 1), kNow);
  // Valid writes first (an update, a new node, a future write), the bad one last.
  Json put = wire("a", {{"x", "changed"}}, 2);
  put.update(wire("b", {{"y", 1}}, 2));
  put.update(wire("c", {{"later", true}}, kNow + kHour));
  put.update(wire("d", {{"z", Json::array()}}, 2));
  CHECK_THAT(refusal(graph, put), Catch::Contains("put.d.z"));
  CHECK(graph.read("a", "x")->value == "kept");
  CHECK(graph.node("b") == nullptr);
  CHECK(graph.deferredCount() == 0);
  // The same put without the bad node goes through whole.
  put.erase("d");
  MergeOutcome outcome = graph.merge(put, kNow);
  CHECK(outcome.changed == Changes{{"a", "x"}, {"b", "y"}});
  CHECK(outcome.deferred == 1);
}

TEST_CASE("merge: future writes wait for applyDue, which reports them then") {
  Graph graph;
  graph.merge(wire("a", {{"x", "now"}}, kNow), kNow);
  MergeOutcome waiting = graph.merge(wire("a", {{"x", "later"}, {"y", "later"}}, kNow + 500), kNow);
  CHECK(waiting.changed.empty());
  CHECK(waiting.deferred == 2);
  CHECK(graph.read("a", "x")->value == "now");
  CHECK(graph.read("a", "y") == nullptr);
  CHECK(graph.applyDue(kNow + 499).changed.empty());
  CHECK(graph.deferredCount() == 2);
  MergeOutcome due = graph.applyDue(kNow + 500);
  CHECK(due.changed == Changes{{"a", "x"}, {"a", "y"}});
  CHECK(graph.read("a", "x")->value == "later");
  CHECK(graph.deferredCount() == 0);
  CHECK(graph.applyDue(kNow + 10 * kHour).changed.empty());
}

TEST_CASE("merge: a deferred write is judged again when due, against what happened meanwhile") {
  Graph graph;
  graph.merge(wire("a", {{"x", "future"}}, kNow + 1000), kNow);
  // A newer write lands (its own time has come) before the deferred one is due.
  graph.merge(wire("a", {{"x", "newest"}}, kNow + 2000), kNow + 2000);
  CHECK(graph.applyDue(kNow + 2000).changed.empty());
  CHECK(graph.read("a", "x")->value == "newest");
  CHECK(graph.deferredCount() == 0);
}

TEST_CASE("merge: states beyond the window are dropped, not queued") {
  Graph graph;
  MergeOutcome outcome = graph.merge(wire("a", {{"x", "cheat"}}, kNow + 25 * kHour), kNow);
  CHECK(outcome.dropped == 1);
  CHECK(outcome.deferred == 0);
  CHECK(graph.deferredCount() == 0);
  CHECK(graph.applyDue(kNow + 30 * kHour).changed.empty());
  CHECK(graph.node("a") == nullptr);
  // The window is the graph's HAM limits.
  Graph narrow(HamLimits{100, 1000});
  CHECK(narrow.merge(wire("a", {{"x", 1}}, kNow + 1001), kNow).dropped == 1);
  CHECK(narrow.merge(wire("a", {{"x", 1}}, kNow + 999), kNow).deferred == 1);
  CHECK(narrow.limits().deferWindowMs == 1000);
}

TEST_CASE("merge: the deferred queue is bounded and keeps the writes due soonest") {
  CHECK(kMaxDeferredWrites == 10000);
  Graph graph(HamLimits{}, 4);
  // Due last to first, so each new one displaces a later one once full.
  for (int i = 9; i >= 0; --i) graph.merge(wire("a", {{"f" + std::to_string(i), i}}, kNow + 1000 + i), kNow);
  CHECK(graph.deferredCount() == 4);
  // Repeats cannot grow it either.
  for (int i = 0; i < 20; ++i) graph.merge(wire("a", {{"f0", 0}}, kNow + 1000), kNow);
  CHECK(graph.deferredCount() == 4);
  MergeOutcome due = graph.applyDue(kNow + kHour);
  CHECK(due.changed == Changes{{"a", "f0"}, {"a", "f1"}, {"a", "f2"}, {"a", "f3"}});
}

TEST_CASE("merge: the same puts in 50 seeded orders, with duplicates, give identical graphs") {
  // Few souls, fields, states and many value types so that equal-state
  // conflicts (the tie-break) are common; some states are in the near future.
  const std::vector<Json> values = {nullptr, false, true, 5, 5.0, -0.0, 0, "5", "", "a", Json{{"#", "a"}}, Json{{"#", "5"}}};
  const std::vector<double> states = {1, 2, 3, kNow + 50, kNow + 500};
  std::mt19937_64 make(20240601);
  std::vector<Json> puts;
  for (int i = 0; i < 120; ++i) {
    std::string soul = "s" + std::to_string(make() % 3);
    Json fields = Json::object();
    for (int f = 0, n = 1 + static_cast<int>(make() % 3); f < n; ++f) fields["f" + std::to_string(make() % 4)] = values[make() % values.size()];
    puts.push_back(wire(soul, fields, states[make() % states.size()]));
  }

  // What HAM must end with, from the rules alone: per field, the greatest
  // (state, value) pair over every write.
  std::map<std::pair<std::string, std::string>, std::pair<double, Json>> winners;
  for (const Json& put : puts) {
    for (const auto& [soul, node] : put.items()) {
      for (const auto& [field, value] : node.items()) {
        if (field == "_") continue;
        double state = node["_"][">"][field].get<double>();
        auto key = std::make_pair(soul, field);
        auto found = winners.find(key);
        if (found == winners.end() || state > found->second.first ||
            (state == found->second.first && compareGraphValues(value, found->second.second) > 0)) {
          winners[key] = {state, value};
        }
      }
    }
  }

  std::string first;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    std::mt19937_64 random(seed);
    std::vector<Json> order = puts;
    for (int d = 0; d < 30; ++d) order.push_back(puts[random() % puts.size()]);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random() % i]);
    Graph graph;
    for (const Json& put : order) graph.merge(put, kNow);
    graph.applyDue(kNow + 1000);
    std::string all = graph.everything().dump();
    if (seed == 1) first = all;
    INFO("seed " << seed);
    CHECK(all == first);
    CHECK(graph.deferredCount() == 0);
    for (const auto& [key, winner] : winners) {
      const Field* field = graph.read(key.first, key.second);
      REQUIRE(field != nullptr);
      CHECK(field->state == winner.first);
      CHECK(compareGraphValues(field->value, winner.second) == 0);
    }
  }
}
