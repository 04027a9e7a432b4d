#include "common/json_parse.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/utf8.h"

namespace ms {
namespace {

using Members = std::vector<std::pair<const std::string, Json>>;  // what ordered_map is made of

// Keeps the first position and the last value of every key.
void mergeRepeatedKeys(Json& object) {
  Members& members = object.get_ref<Json::object_t&>();
  if (members.size() < 2) return;
  std::unordered_set<std::string_view> seen;
  seen.reserve(members.size());
  bool repeated = false;
  for (const auto& member : members) {
    if (!seen.insert(member.first).second) {
      repeated = true;
      break;
    }
  }
  if (!repeated) return;
  std::unordered_map<std::string, std::size_t> at;
  Members merged;
  for (auto& [key, value] : members) {
    auto [where, fresh] = at.try_emplace(key, merged.size());
    if (fresh) merged.emplace_back(key, std::move(value));
    else merged[where->second].second = std::move(value);
  }
  Json rebuilt = Json::object();
  static_cast<Members&>(rebuilt.get_ref<Json::object_t&>()) = std::move(merged);
  object = std::move(rebuilt);
}

// Builds the value as the parser reads it, with an explicit stack of the
// open containers (no recursion, whatever the nesting).
class Builder {
 public:
  Json result;

  void add(Json value) { place(std::move(value)); }
  void open(Json container) { open_.push_back(place(std::move(container))); }
  void key(std::string&& key) { key_ = std::move(key); }
  void close() {
    if (open_.back()->is_object()) mergeRepeatedKeys(*open_.back());
    open_.pop_back();
  }

 private:
  // Puts `value` where it belongs: the result, the open array, or the open
  // object under the last key. The containers below a child are not touched
  // until it closes, so the pointer to it stays valid.
  Json* place(Json value) {
    if (open_.empty()) {
      result = std::move(value);
      return &result;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      auto& items = parent.get_ref<Json::array_t&>();
      items.push_back(std::move(value));
      return &items.back();
    }
    Members& members = parent.get_ref<Json::object_t&>();
    members.emplace_back(std::move(key_), std::move(value));
    return &members.back().second;
  }

  std::vector<Json*> open_;
  std::string key_;
};

// The length of the well-formed UTF-8 sequence at `s` (Unicode table 3-7:
// no overlong forms, no surrogates, nothing past U+10FFFF), or 0.
std::size_t utf8SequenceLength(const unsigned char* s, const unsigned char* end) {
  auto within = [&](std::size_t i, unsigned char low = 0x80, unsigned char high = 0xBF) { return s + i < end && s[i] >= low && s[i] <= high; };
  const unsigned char lead = s[0];
  if (lead >= 0xC2 && lead <= 0xDF) return within(1) ? 2 : 0;
  if (lead == 0xE0) return within(1, 0xA0) && within(2) ? 3 : 0;
  if (lead == 0xED) return within(1, 0x80, 0x9F) && within(2) ? 3 : 0;
  if (lead >= 0xE1 && lead <= 0xEF) return within(1) && within(2) ? 3 : 0;
  if (lead == 0xF0) return within(1, 0x90) && within(2) && within(3) ? 4 : 0;
  if (lead >= 0xF1 && lead <= 0xF3) return within(1) && within(2) && within(3) ? 4 : 0;
  if (lead == 0xF4) return within(1, 0x80, 0x8F) && within(2) && within(3) ? 4 : 0;
  return 0;
}


// JSON text (RFC 8259) read in one pass. The values are those nlohmann's
// parser gives (whole numbers as unsigned or, when negative, signed 64-bit
// integers, others and those beyond 64 bits as doubles; a number beyond
// double's range, a lone surrogate or malformed UTF-8 is refused; one
// leading byte order mark is skipped), but the text of a string is copied
// in runs rather than byte by byte: frames carry values of up to a megabyte.
class Parser {
 public:
  Parser(std::string_view text, std::size_t maxDepth)
      : at_(reinterpret_cast<const unsigned char*>(text.data())), end_(at_ + text.size()), maxDepth_(maxDepth) {}

  bool tooDeep = false;  // why parse() failed, when it did because of the depth

  bool parse(Builder& builder) {
    if (end_ - at_ >= 3 && at_[0] == 0xEF && at_[1] == 0xBB && at_[2] == 0xBF) at_ += 3;
    std::vector<bool> inObject;  // the open containers, innermost last
    for (;;) {
      // A value: a scalar, or a container whose first member (if any) comes next.
      skipSpace();
      if (at_ == end_) return false;
      bool opened = false;
      if (*at_ == '{' || *at_ == '[') {
        if (inObject.size() >= maxDepth_) {
          tooDeep = true;
          return false;
        }
        const bool object = *at_++ == '{';
        builder.open(object ? Json::object() : Json::array());
        skipSpace();
        if (at_ < end_ && *at_ == (object ? '}' : ']')) {
          ++at_;
          builder.close();
        } else {
          inObject.push_back(object);
          if (object && !readKey(builder)) return false;
          opened = true;
        }
      } else if (!readScalar(builder)) {
        return false;
      }
      if (opened) continue;
      // After a value: close what ends here, up to the next member.
      for (;;) {
        skipSpace();
        if (inObject.empty()) return at_ == end_;
        if (at_ == end_) return false;
        const bool object = inObject.back();
        if (*at_ == ',') {
          ++at_;
          if (object && !readKey(builder)) return false;
          break;
        }
        if (*at_ != (object ? '}' : ']')) return false;
        ++at_;
        builder.close();
        inObject.pop_back();
      }
    }
  }

 private:
  void skipSpace() {
    while (at_ < end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  bool readKey(Builder& builder) {
    skipSpace();
    std::string key;
    if (at_ == end_ || *at_ != '"' || !readString(key)) return false;
    skipSpace();
    if (at_ == end_ || *at_ != ':') return false;
    ++at_;
    builder.key(std::move(key));
    return true;
  }

  bool readScalar(Builder& builder) {
    switch (*at_) {
      case '"': {
        std::string text;
        if (!readString(text)) return false;
        builder.add(Json(std::move(text)));
        return true;
      }
      case 't': return readWord("true", Json(true), builder);
      case 'f': return readWord("false", Json(false), builder);
      case 'n': return readWord("null", Json(nullptr), builder);
      default: return readNumber(builder);
    }
  }

  bool readWord(std::string_view word, Json value, Builder& builder) {
    if (static_cast<std::size_t>(end_ - at_) < word.size() || std::string_view(reinterpret_cast<const char*>(at_), word.size()) != word) return false;
    at_ += word.size();
    builder.add(std::move(value));
    return true;
  }

  // At the opening quote.
  bool readString(std::string& out) {
    ++at_;
    for (;;) {
      const unsigned char* run = at_;
      while (at_ < end_ && *at_ >= 0x20 && *at_ < 0x80 && *at_ != '"' && *at_ != '\\') ++at_;
      out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(at_ - run));
      if (at_ == end_) return false;
      const unsigned char c = *at_;
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c == '\\') {
        if (!readEscape(out)) return false;
      } else if (c < 0x20) {
        return false;  // control characters must be escaped
      } else {
        const std::size_t length = utf8SequenceLength(at_, end_);
        if (length == 0) return false;
        out.append(reinterpret_cast<const char*>(at_), length);
        at_ += length;
      }
    }
  }

  // Four hex digits after "\u", or false.
  bool readHex4(uint32_t& code) {
    if (end_ - at_ < 4) return false;
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const unsigned char c = *at_++;
      code <<= 4;
      if (c >= '0' && c <= '9') code |= c - '0';
      else if (c >= 'a' && c <= 'f') code |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') code |= c - 'A' + 10;
      else return false;
    }
    return true;
  }

  // At the backslash.
  bool readEscape(std::string& out) {
    if (++at_ == end_) return false;
    switch (*at_++) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    uint32_t code;
    if (!readHex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate needs a high one before it
    if (code >= 0xD800 && code <= 0xDBFF) {
      uint32_t low;
      if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
      at_ += 2;
      if (!readHex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    appendUtf8(out, code);
    return true;
  }

  bool readDigits() {
    const unsigned char* start = at_;
    while (at_ < end_ && *at_ >= '0' && *at_ <= '9') ++at_;
    return at_ != start;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool readNumber(Builder& builder) {
    const unsigned char* start = at_;
    if (*at_ == '-') ++at_;
    if (at_ == end_) return false;
    if (*at_ == '0') ++at_;
    else if (!readDigits()) return false;
    bool whole = true;
    if (at_ < end_ && *at_ == '.') {
      ++at_;
      if (!readDigits()) return false;
      whole = false;
    }
    if (at_ < end_ && (*at_ == 'e' || *at_ == 'E')) {
      ++at_;
      if (at_ < end_ && (*at_ == '+' || *at_ == '-')) ++at_;
      if (!readDigits()) return false;
      whole = false;
    }
    const char* first = reinterpret_cast<const char*>(start);
    const char* last = reinterpret_cast<const char*>(at_);
    if (whole) {
      const bool negative = *first == '-';
      int64_t signedValue;
      uint64_t unsignedValue;
      if (negative && std::from_chars(first, last, signedValue).ec == std::errc()) {
        builder.add(Json(signedValue));
        return true;
      }
      if (!negative && std::from_chars(first, last, unsignedValue).ec == std::errc()) {
        builder.add(Json(unsignedValue));
        return true;
      }
    }
    // Beyond 64 bits, or not whole: a double, rounded as strtod does.
    const std::string token(first, last);
    const double value = std::strtod(token.c_str(), nullptr);
    if (!std::isfinite(value)) return false;
    builder.add(Json(value));
    return true;
  }

  const unsigned char* at_;
  const unsigned char* end_;
  std::size_t maxDepth_;
};

}  // namespace

Json parseJsonWithin(std::string_view text, std::size_t maxDepth, JsonRefusal& refusal) {
  Builder builder;
  Parser parser(text, maxDepth);
  if (!parser.parse(builder)) {
    refusal = parser.tooDeep ? JsonRefusal::kTooDeep : JsonRefusal::kNotJson;
    return Json(Json::value_t::discarded);
  }
  refusal = JsonRefusal::kNone;
  return std::move(builder.result);
}

Json parseJson(std::string_view text) {
  JsonRefusal ignored;
  return parseJsonWithin(text, SIZE_MAX, ignored);
}

}  // namespace ms
