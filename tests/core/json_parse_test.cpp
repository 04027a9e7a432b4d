// parseJson: the same values nlohmann's parser gives (checked on edge cases
// and on random and randomly damaged documents), object keys in the order
// written, repeated keys as JavaScript's JSON.parse treats them, bad text
// and text nested too deep refused, and megabyte strings kept whole.
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "common/json_parse.h"

using ms::Json;
using ms::parseJson;

TEST_CASE("parseJson agrees with nlohmann's parser on ordinary documents") {
  for (const char* text : {
           "null", "true", "false", "0", "-0", "12", "-7", "18446744073709551615", "1.5e300", "3.25", "\"text\"",
           "[]", "{}", R"({"b": 1, "a": [1, 2, {"z": null, "y": "\u0000 \n"}], "c": {"d": {"e": -1.25}}})",
           R"([{"#": "soul", "put": {"x": {"_": {"#": "x", ">": {"f": 1700000000000.5}}, "f": "v"}}}])",
       }) {
    INFO(text);
    Json ours = parseJson(text);
    Json theirs = Json::parse(text);
    CHECK(ours == theirs);
    CHECK(ours.dump() == theirs.dump());
  }
}

TEST_CASE("parseJson keeps keys in the order written") {
  Json value = parseJson(R"({"zeta": 1, "alpha": 2, "mid": {"y": 1, "x": 2}})");
  std::string order;
  for (const auto& [key, _] : value.items()) order += key + ",";
  CHECK(order == "zeta,alpha,mid,");
  CHECK(value["mid"].dump() == R"({"y":1,"x":2})");
}

TEST_CASE("a repeated key keeps its first position and its last value") {
  Json value = parseJson(R"({"a": 1, "b": 2, "a": 3, "c": {"k": 1, "k": 2}})");
  CHECK(value.dump() == R"({"a":3,"b":2,"c":{"k":2}})");
  CHECK(value.size() == 3);
}

TEST_CASE("bad text is refused as discarded") {
  for (const char* text : {"", "{", "[1,", R"({"a" 1})", "nul", "{\"a\":1}x", "\"\\x\""}) {
    INFO(text);
    CHECK(parseJson(text).is_discarded());
  }
}

TEST_CASE("a NUL byte after the value is text after the value, not the end of the text") {
  // nlohmann's parser stops at a NUL byte (it reads C strings too), so it
  // would take "[1]\0anything"; JSON.parse, and this parser, refuse it.
  using namespace std::string_literals;
  CHECK(parseJson("[1]\x00"s).is_discarded());
  CHECK(parseJson("{}\x00{\"x\":1}"s).is_discarded());
}

TEST_CASE("parseJsonWithin refuses text nested deeper than asked, and says why") {
  ms::JsonRefusal refusal;
  const std::string three = R"({"a": [{"b": "[[[[{{{{"}, []]})";  // brackets in strings are text
  CHECK(ms::parseJsonWithin(three, 3, refusal) == parseJson(three));
  CHECK(refusal == ms::JsonRefusal::kNone);
  CHECK(ms::parseJsonWithin(three, 2, refusal).is_discarded());
  CHECK(refusal == ms::JsonRefusal::kTooDeep);
  CHECK(ms::parseJsonWithin("[[]]", 1, refusal).is_discarded());  // an empty container counts too
  CHECK(refusal == ms::JsonRefusal::kTooDeep);
  // Refused where it passes the depth, whatever follows: the rest is never read.
  CHECK(ms::parseJsonWithin(std::string(100000, '[') + "not even JSON", 32, refusal).is_discarded());
  CHECK(refusal == ms::JsonRefusal::kTooDeep);
  CHECK(ms::parseJsonWithin("[1,", 32, refusal).is_discarded());
  CHECK(refusal == ms::JsonRefusal::kNotJson);
}

TEST_CASE("large and deep documents parse whole") {
  std::string many = "{";
  for (int i = 0; i < 100000; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  many += "}";
  Json value = parseJson(many);
  REQUIRE(value.size() == 100000);
  CHECK(value.begin().key() == "k0");
  CHECK(value["k99999"] == 99999);

  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  Json nested = parseJson(deep);
  CHECK(nested.is_array());
}

namespace {

// Equal values of equal types all the way down (1 and 1u and 1.0 compare equal in nlohmann).
bool sameValue(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
      if (x.key() != y.key() || !sameValue(x.value(), y.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!sameValue(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

void agreesWithNlohmann(const std::string& text) {
  INFO(text);
  Json ours = parseJson(text);
  Json theirs = Json::parse(text, nullptr, false);
  REQUIRE(ours.is_discarded() == theirs.is_discarded());
  if (!ours.is_discarded()) CHECK(sameValue(ours, theirs));
}

}  // namespace

TEST_CASE("parseJson takes and refuses what nlohmann's parser does, with the same types") {
  using namespace std::string_literals;  // for the texts with a NUL byte
  for (const std::string& text : std::vector<std::string>{
           // numbers: unsigned, signed, beyond 64 bits, beyond double, malformed
           "0", "-0", "-0.0", "1", "-1", "9223372036854775807", "-9223372036854775808", "-9223372036854775809",
           "18446744073709551615", "18446744073709551616", "1e308", "1e309", "-1e309", "2.5E-3", "1E+2", "0.1e1",
           "01", "-", "+1", "1.", ".5", "1e", "1e+", "--1", "1.5.2", "0x10", "Infinity", "NaN", "1 2",
           // strings: escapes, surrogates, control characters, UTF-8
           R"("\u0041\u00e9\u4e2d\ud83d\ude00")", R"("\ud83d")", R"("\ude00")", R"("\ud83d\u0041")", R"("\u12")",
           R"("\uZZZZ")", R"("\"\\\/\b\f\n\r\t")", "\"\\/\b\f\n\r\t\"", "\"\\a\"", "\"tab\there\"", "\"\x01\"", "\"\x7f\"", "\"\xc3\xa9\"",
           "\"\xc3\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
           "\"\xf0\x9f\x98\x80\"", "\"\xff\"", "\"unterminated", "\"",
           // structure, whitespace, literals, a byte order mark
           " \t\r\n[ 1 , { \"a\" : [ ] } ] \n", "[1,]", "{\"a\":1,}", "{,}", "[,1]", "{\"a\"}", "{1:2}", "[}", "{]",
           "[[[]]", "[]]", "true", "tru", "truex", "nulls", "False", "\xef\xbb\xbf{}", "\xef\xbb{}", "{} \xef\xbb\xbf",
           "\x00"s, "[\"a\x00\"]"s, "/* comment */ 1",
       }) {
    agreesWithNlohmann(text);
  }
}

TEST_CASE("parseJson agrees with nlohmann's parser on random and randomly damaged documents") {
  std::mt19937 random(20261202);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  const std::vector<std::string> numbers = {"0", "-0", "7", "-12", "3.5", "1e3", "-2.5E-7", "18446744073709551616", "123456789012345678901234"};
  const std::vector<std::string> pieces = {"a", "\\n", "\\u00e9", "\\ud83d\\ude00", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", " ", "\\\"", "#", "_"};
  std::function<std::string(int)> value = [&](int depth) -> std::string {
    auto text = [&] {
      std::string out = "\"";
      for (std::size_t i = pick(6); i > 0; --i) out += pieces[pick(pieces.size())];
      return out + "\"";
    };
    switch (depth > 4 ? pick(3) : pick(6)) {
      case 0: return numbers[pick(numbers.size())];
      case 1: return text();
      case 2: return std::vector<std::string>{"true", "false", "null"}[pick(3)];
      case 3: {
        std::string out = "[";
        for (std::size_t i = pick(4); i > 0; --i) out += value(depth + 1) + (i > 1 ? "," : "");
        return out + "]";
      }
      default: {
        std::string out = "{ ";
        for (std::size_t i = pick(4); i > 0; --i) out += text() + " : " + value(depth + 1) + (i > 1 ? " , " : "");
        return out + "}";
      }
    }
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text = value(0);
    agreesWithNlohmann(text);
    // Damaged: a byte changed, dropped or cut off.
    std::string damaged = text;
    const std::size_t at = pick(damaged.size());
    switch (pick(3)) {
      case 0: damaged[at] = static_cast<char>(1 + random() % 255); break;  // not NUL: see below
      case 1: damaged.erase(at, 1); break;
      default: damaged.resize(at); break;
    }
    agreesWithNlohmann(damaged);
  }
}

TEST_CASE("a string of a megabyte keeps its bytes as they were") {
  std::string big(1 << 20, 'f');
  big[1000] = '\xc3';
  big[1001] = '\xa9';  // é, in the middle of the run
  big[5000] = '\\';
  big[5001] = 'n';  // an escaped newline
  Json value = parseJson("{\"v\":\"" + big + "\"}");
  big.replace(5000, 2, "\n");
  CHECK(value["v"].get_ref<const std::string&>() == big);
}
