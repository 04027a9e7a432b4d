// Lex queries on a node's fields (Graph::lexQuery): exact key, prefix,
// inclusive range and limit, answered as a partial node in wire form.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/input_error.h"
#include "graph/graph.h"

using namespace ms::graph;
using ms::Json;

namespace {

constexpr double kNow = 1'700'000'000'000;

Graph chat() {
  Graph graph;
  Json node = Json::parse(R"({"_": {"#": "chat", ">": {}}})");
  int state = 1;
  for (const char* name : {"2024-01", "2024-02", "2024-03", "2025-01", "Zed", "other", "o"}) {
    node[name] = std::string("msg ") + name;
    node["_"][">"][name] = state++;
  }
  graph.merge(Json{{"chat", node}}, kNow);
  return graph;
}

// The names of the fields a query returns, in order.
std::vector<std::string> fields(const Graph& graph, const char* lex) {
  Json found = graph.lexQuery("chat", Json::parse(lex));
  std::vector<std::string> names;
  for (const auto& [name, _] : found.items()) {
    if (name != "_") names.push_back(name);
  }
  return names;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("lex: an exact key returns that field alone, with its state") {
  Graph graph = chat();
  Json found = graph.lexQuery("chat", Json::parse(R"({".": "2024-02"})"));
  CHECK(found == Json::parse(R"({"_": {"#": "chat", ">": {"2024-02": 2}}, "2024-02": "msg 2024-02"})"));
  CHECK(fields(graph, R"({".": "missing"})").empty());
  CHECK(fields(graph, R"({".": "2024"})").empty());  // exact is not prefix
  // The answer is a partial graph node: it merges into another graph.
  Graph other;
  CHECK(other.merge(Json{{"chat", found}}, kNow).changed.size() == 1);
}

TEST_CASE("lex: a prefix returns the fields starting with it, in byte order") {
  Graph graph = chat();
  CHECK(fields(graph, R"({".": {"*": "2024"}})") == Names{"2024-01", "2024-02", "2024-03"});
  CHECK(fields(graph, R"({".": {"*": "o"}})") == Names{"o", "other"});  // the prefix itself matches
  CHECK(fields(graph, R"({".": {"*": "z"}})").empty());                  // case matters
  CHECK(fields(graph, R"({".": {"*": ""}})").size() == 7);
}

TEST_CASE("lex: a range is inclusive at both ends, either end optional") {
  Graph graph = chat();
  CHECK(fields(graph, R"({".": {">": "2024-02", "<": "2025-01"}})") == Names{"2024-02", "2024-03", "2025-01"});
  CHECK(fields(graph, R"({".": {">": "2024-021", "<": "2024-03"}})") == Names{"2024-03"});
  CHECK(fields(graph, R"({".": {">": "p"}})") == Names{});
  CHECK(fields(graph, R"({".": {">": "o"}})") == Names{"o", "other"});
  CHECK(fields(graph, R"({".": {"<": "2024-01"}})") == Names{"2024-01"});
  CHECK(fields(graph, R"({".": {"<": "2025"}})") == Names{"2024-01", "2024-02", "2024-03"});
  CHECK(fields(graph, R"({".": {">": "m", "<": "a"}})").empty());  // an empty range
  // Byte order: uppercase sorts before lowercase and digits before both.
  CHECK(fields(graph, R"({".": {">": "A", "<": "Zz"}})") == Names{"Zed"});
  // Conditions combine: prefix and range together.
  CHECK(fields(graph, R"({".": {"*": "20", ">": "2024-03"}})") == Names{"2024-03", "2025-01"});
}

TEST_CASE("lex: a limit takes the first fields in order") {
  Graph graph = chat();
  CHECK(fields(graph, R"({".": {"*": "20"}, "%": 2})") == Names{"2024-01", "2024-02"});
  CHECK(fields(graph, R"({".": {">": "2024-02"}, "%": 1})") == Names{"2024-02"});
  CHECK(fields(graph, R"({".": {"*": "20"}, "%": 0})").empty());
  CHECK(fields(graph, R"({".": {"*": "20"}, "%": 100})").size() == 4);
  Json limited = graph.lexQuery("chat", Json::parse(R"({".": {"*": "20"}, "%": 1})"));
  CHECK(limited["_"][">"].size() == 1);  // states only for what is returned
}

TEST_CASE("lex: an unknown soul answers null") {
  CHECK(chat().lexQuery("nobody", Json::parse(R"({".": "x"})")).is_null());
}

TEST_CASE("lex: malformed queries are refused, naming the part") {
  Graph graph = chat();
  auto refusal = [&](const char* lex) {
    try {
      graph.lexQuery("chat", Json::parse(lex));
    } catch (const ms::InputError& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  CHECK_THAT(refusal(R"("2024")"), Catch::Contains("lex"));
  CHECK_THAT(refusal(R"({})"), Catch::Contains("\".\""));
  CHECK_THAT(refusal(R"({".": 5})"), Catch::Contains("lex[\".\"]"));
  CHECK_THAT(refusal(R"({".": null})"), Catch::Contains("lex[\".\"]"));
  CHECK_THAT(refusal(R"({".": ["a"]})"), Catch::Contains("lex[\".\"]"));
  CHECK_THAT(refusal(R"({".": {"*": 5}})"), Catch::Contains("lex.*"));
  CHECK_THAT(refusal(R"({".": {">": null}})"), Catch::Contains("lex.>"));
  CHECK_THAT(refusal(R"({".": {"<": {"a": 1}}})"), Catch::Contains("lex.<"));
  CHECK_THAT(refusal(R"({".": {"=": "a"}})"), Catch::Contains("\"=\""));
  CHECK_THAT(refusal(R"({".": "a", "%": -1})"), Catch::Contains("lex[\"%\"]"));
  CHECK_THAT(refusal(R"({".": "a", "%": 1.5})"), Catch::Contains("lex[\"%\"]"));
  CHECK_THAT(refusal(R"({".": "a", "%": "2"})"), Catch::Contains("lex[\"%\"]"));
  // Validation comes first: a bad query on an unknown soul is still refused.
  CHECK_THROWS_AS(graph.lexQuery("nobody", Json::parse(R"({".": 5})")), ms::InputError);
}
