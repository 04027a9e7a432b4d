#include "schema/token_reader.h"

#include "common/input_error.h"
#include "common/json_members.h"
#include "schema/token_kind.h"

namespace ms::schema {

void TokenReader::syntaxError(const std::string& problem) const {
  throwTypeError("value", "token stream is malformed: " + problem + " at token " + std::to_string(at_.token));
}

std::uint32_t TokenReader::operand() {
  if (at_.token >= stream_.tokens.size()) syntaxError("it ends early");
  return stream_.tokens[at_.token++];
}

ValueKind TokenReader::peek() {
  if (at_.token >= stream_.tokens.size()) syntaxError("it ends early");
  switch (stream_.tokens[at_.token]) {
    case kNullToken: return ValueKind::Null;
    case kFalseToken:
    case kTrueToken: return ValueKind::Boolean;
    case kNumberToken: return ValueKind::Number;
    case kStringToken: return ValueKind::String;
    case kArrayToken: return ValueKind::Array;
    case kObjectToken: return ValueKind::Object;
    case kNaNToken:
    case kInfinityToken:
    case kNegativeInfinityToken: return ValueKind::NonFinite;
    default: syntaxError("unknown token");
  }
}

std::string_view TokenReader::nonFiniteName() const {
  switch (stream_.tokens[at_.token]) {
    case kNaNToken: return "NaN";
    case kInfinityToken: return "Infinity";
    default: return "-Infinity";
  }
}

JsonNumber TokenReader::readNumber() {
  ++at_.token;
  if (at_.number >= stream_.numbers.size()) syntaxError("it has too few numbers");
  JsonNumber number;
  number.value = stream_.numbers[at_.number++];
  number.exact = true;
  return number;
}

std::string_view TokenReader::stringAt(std::size_t offset, std::size_t length) const {
  if (offset > stream_.bytes.size() || length > stream_.bytes.size() - offset) syntaxError("a string lies outside the bytes");
  return stream_.bytes.substr(offset, length);
}

std::size_t TokenReader::readString(std::string* text) {
  ++at_.token;
  std::uint32_t offset = operand();
  std::uint32_t length = operand();
  std::size_t codePoints = 0;
  std::string_view bytes = stringAt(offset, length);
  if (text) *text = std::string(bytes);
  for (unsigned char c : bytes) codePoints += (c & 0xC0) != 0x80;
  return codePoints;
}

void TokenReader::beginArray(Cursor& cursor) {
  ++at_.token;
  cursor.remaining = operand();
}

bool TokenReader::nextElement(Cursor& cursor) {
  if (cursor.remaining == 0) return false;
  --cursor.remaining;
  return true;
}

void TokenReader::beginObject(Cursor& cursor) {
  ++at_.token;
  cursor.remaining = operand();
}

bool TokenReader::nextMember(Cursor& cursor, std::string_view& key) {
  if (cursor.remaining == 0) return false;
  --cursor.remaining;
  std::uint32_t id = operand();
  if (id >= stream_.keys->size()) syntaxError("a key id is unknown");
  key = (*stream_.keys)[id];
  return true;
}

// Rebuilds a value for enum/const checks (small values); the stream was
// already read once, so it is well formed here.
Json TokenReader::build(Position& at) const {
  std::uint32_t token = stream_.tokens[at.token++];
  switch (token) {
    case kNullToken: return nullptr;
    case kFalseToken: return false;
    case kTrueToken: return true;
    case kNumberToken: return stream_.numbers[at.number++];
    case kStringToken: {
      std::uint32_t offset = stream_.tokens[at.token++];
      std::uint32_t length = stream_.tokens[at.token++];
      return std::string(stringAt(offset, length));
    }
    case kArrayToken: {
      Json array = Json::array();
      for (std::uint32_t n = stream_.tokens[at.token++]; n > 0; --n) array.push_back(build(at));
      return array;
    }
    case kObjectToken: {
      Json object = Json::object();
      MemberWriter members(object);  // a repeated key keeps its last value, in constant time per key
      for (std::uint32_t n = stream_.tokens[at.token++]; n > 0; --n) {
        const std::string& key = (*stream_.keys)[stream_.tokens[at.token++]];
        members[key] = build(at);
      }
      return object;
    }
    default: return Json{{"$nonfinite", std::string(token == kNaNToken ? "NaN" : token == kInfinityToken ? "Infinity" : "-Infinity")}};
  }
}

Json TokenReader::valueBetween(Position start, Position) const { return build(start); }

void TokenReader::finish() {
  if (at_.token != stream_.tokens.size()) syntaxError("tokens follow the value");
  if (at_.number != stream_.numbers.size()) syntaxError("numbers are left over");
}

}  // namespace ms::schema
