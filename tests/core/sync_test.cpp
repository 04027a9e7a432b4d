// Wire frames: every field checked, the security bar's hostile frames
// refused with an error, 10,000 seeded mutated frames survived; bounded
// de-duplication; routing by interest.
#include <catch2/catch.hpp>

#include "allocation_support.h"
#include "common/input_error.h"
#include "sync/frame.h"
#include "sync/interest.h"
#include "sync/seen_ids.h"

using namespace ms::sync;
using ms::Json;

namespace {

std::string refusal(std::string_view text) {
  try {
    parseFrame(text);
  } catch (const ms::InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("valid frames: get by soul, field and lex; put; replies; batches") {
  auto get = parseFrame(R"({"#": "m1", "get": {"#": "chat", ".": "room1"}})");
  REQUIRE(get.size() == 1);
  CHECK(get[0].get->soul == "chat");
  CHECK(get[0].get->field == std::optional<std::string>("room1"));
  auto lex = parseFrame(R"({"#": "m2", "get": {"#": "log", ".": {"*": "2024"}}})");
  CHECK(lex[0].get->lex == Json::parse(R"({".": {"*": "2024"}})"));
  auto put = parseFrame(R"({"#": "m3", "put": {"a": {"_": {"#": "a", ">": {"x": 1}}, "x": 2}}})");
  CHECK(put[0].writes.size() == 1);
  auto reply = parseFrame(R"([{"#": "r1", "@": "m3", "ok": true}, {"#": "r2", "@": "m1", "err": "refused"}])");
  REQUIRE(reply.size() == 2);
  CHECK(reply[0].replyTo == "m3");
  CHECK(reply[1].error == "refused");
  CHECK(Json::parse(messageJson(get[0]).dump()) == Json::parse(R"({"#": "m1", "get": {"#": "chat", ".": "room1"}})"));
}

TEST_CASE("the security bar's hostile frames get a clear error") {
  CHECK_THAT(refusal("null"), Catch::Contains("message object"));
  CHECK_THAT(refusal(R"({"#":"a","put":{"x":null}})"), Catch::Contains("put"));
  CHECK_THAT(refusal(R"({"#":"a","get":"foo"})"), Catch::Contains("get"));
  CHECK_THAT(refusal(R"({"#":"a","get":{"#":5}})"), Catch::Contains("soul"));
  CHECK_THAT(refusal("{\"#\":\"a\",\"get\""), Catch::Contains("not valid JSON"));
  CHECK_THAT(refusal(std::string(2 << 20, ' ')), Catch::Contains("larger than"));
  CHECK_THAT(refusal(std::string(100000, '[') + std::string(100000, ']')), Catch::Contains("nests deeper"));
  CHECK_THAT(refusal(R"({"#":"a","put":{"a":{"_":{"#":"a",">":{"x":"1"}},"x":1}}})"), Catch::Contains("state"));
  CHECK_THAT(refusal(R"({"#":"a","put":{"a":{"_":{"#":"a",">":{}},"x":1}}})"), Catch::Contains("state"));
  CHECK_THAT(refusal(R"({"#":"a","put":{"a":{"_":{"#":"b",">":{"x":1}},"x":1}}})"), Catch::Contains("soul"));
  CHECK_THAT(refusal(R"({"put":{}})"), Catch::Contains("message id"));
  CHECK_THAT(refusal(R"({"#":"a"})"), Catch::Contains("carries nothing"));
  CHECK_THAT(refusal(R"({"#":"a","get":{"#":"s"},"put":{}})"), Catch::Contains("only do one of get, put, sync, hi and signal"));
  CHECK_THAT(refusal(R"({"#":"a","ok":true,"eval":"x"})"), Catch::Contains("unknown field"));
  CHECK_THAT(refusal(R"([])"), Catch::Contains("empty batch"));
  CHECK_THAT(refusal(R"({"#":")" + std::string(100, 'x') + R"(","ok":true})"), Catch::Contains("longer than"));
}

TEST_CASE("10,000 seeded random and mutated frames are refused or read, never anything worse") {
  const std::vector<std::string> seeds = {
      R"({"#":"m1","get":{"#":"chat",".":"room1"}})",
      R"({"#":"m2","put":{"a":{"_":{"#":"a",">":{"x":1,"y":2}},"x":"t","y":{"#":"b"}}}})",
      R"([{"#":"r1","@":"m1","ok":true},{"#":"r2","err":"no"}])",
  };
  const std::string alphabet = "{}[]\":,#@._>0123456789-eE.truefalsnul\\ xyz";
  std::size_t read = 0, refused = 0;
  for (std::uint64_t seed = 1; seed <= 10000; ++seed) {
    testing::Random rand(seed);
    std::string frame = seeds[seed % seeds.size()];
    int edits = 1 + static_cast<int>(rand.uniform() * 6);
    for (int e = 0; e < edits && !frame.empty(); ++e) {
      std::size_t at = static_cast<std::size_t>(rand.uniform() * frame.size());
      double kind = rand.uniform();
      char c = alphabet[static_cast<std::size_t>(rand.uniform() * alphabet.size())];
      if (kind < 0.4) frame[at] = c;
      else if (kind < 0.7) frame.insert(frame.begin() + static_cast<std::ptrdiff_t>(at), c);
      else frame.erase(at, 1 + static_cast<std::size_t>(rand.uniform() * 4));
    }
    if (seed % 10 == 0) {  // now and then, pure noise
      frame.clear();
      for (int i = 0; i < 40; ++i) frame += alphabet[static_cast<std::size_t>(rand.uniform() * alphabet.size())];
    }
    try {
      parseFrame(frame);
      ++read;
    } catch (const ms::InputError&) {
      ++refused;
    }
  }
  CHECK(read + refused == 10000);
  CHECK(refused > 5000);
  CHECK(read > 0);
}

TEST_CASE("de-duplication remembers a bounded number of ids") {
  SeenIds seen(3);
  CHECK(seen.firstTime("a"));
  CHECK_FALSE(seen.firstTime("a"));
  CHECK(seen.firstTime("b"));
  CHECK(seen.firstTime("c"));
  CHECK(seen.firstTime("d"));  // "a" is forgotten
  CHECK(seen.size() == 3);
  CHECK(seen.firstTime("a"));
  CHECK_FALSE(seen.firstTime("d"));
}

TEST_CASE("routing by interest: only connections that asked, never the sender, bounded per connection") {
  Interest interest(2);
  CHECK(interest.want(1, "chat"));
  CHECK(interest.want(2, "chat"));
  CHECK(interest.want(2, "log"));
  CHECK_FALSE(interest.want(2, "third"));  // over its bound
  CHECK(interest.interested({"chat"}, 1) == std::vector<ConnectionId>{2});
  CHECK(interest.interested({"chat", "log"}, 3) == std::vector<ConnectionId>{1, 2});
  CHECK(interest.interested({"other"}, 3).empty());
  interest.forget(2);
  CHECK(interest.interested({"chat", "log"}, 3) == std::vector<ConnectionId>{1});
  CHECK(interest.soulsOf(2) == 0);
}
