#include "schema/text_reader.h"

#include "common/utf8.h"
#include "common/json_parse.h"
#include "common/input_error.h"

namespace ms::schema {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}


// The text of an escaped string, decoded to UTF-8 (lone surrogates become U+FFFD).
std::string decode(std::string_view raw) {
  std::string out;
  auto unitAt = [&](std::size_t p) {
    std::uint32_t unit = 0;
    for (std::size_t k = 0; k < 4; ++k) unit = unit * 16 + static_cast<std::uint32_t>(hexValue(raw[p + k]));
    return unit;
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    char e = raw[++i];
    if (e != 'u') {
      out += e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
      continue;
    }
    std::uint32_t unit = unitAt(i + 1);
    i += 4;
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 6 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
      std::uint32_t next = unitAt(i + 3);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        appendUtf8(out, 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00));
        i += 6;
        continue;
      }
    }
    appendUtf8(out, unit >= 0xD800 && unit <= 0xDFFF ? 0xFFFD : unit);
  }
  return out;
}

constexpr std::string_view kMarkerPrefix = R"({"$nonfinite":")";

}  // namespace

void TextReader::syntaxError(const std::string& problem) const {
  throwTypeError("value", "is not valid JSON: " + problem + " at byte " + std::to_string(pos_));
}

void TextReader::skipSpace() {
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t')) ++pos_;
}

void TextReader::expect(char c) {
  if (current() != c) syntaxError(std::string("expected '") + c + "'");
  ++pos_;
}

void TextReader::literal(std::string_view word) {
  if (text_.substr(pos_, word.size()) != word) syntaxError("unknown literal");
  pos_ += word.size();
}

// The JS layer's stand-in for NaN/±Infinity (see js/boundary.js); "" when absent.
std::string_view TextReader::nonFiniteName() const {
  if (text_.substr(pos_, kMarkerPrefix.size()) != kMarkerPrefix) return {};
  for (std::string_view name : {"NaN", "Infinity", "-Infinity"}) {
    std::size_t p = pos_ + kMarkerPrefix.size();
    if (text_.substr(p, name.size()) == name && text_.substr(p + name.size(), 2) == "\"}") return name;
  }
  return {};
}

ValueKind TextReader::peek() {
  skipSpace();
  char c = current();
  if (c == '{') return nonFiniteName().empty() ? ValueKind::Object : ValueKind::NonFinite;
  if (c == '[') return ValueKind::Array;
  if (c == '"') return ValueKind::String;
  if (c == 't' || c == 'f') return ValueKind::Boolean;
  if (c == 'n') return ValueKind::Null;
  if (c == '-' || isDigit(c)) return ValueKind::Number;
  syntaxError(c == '\0' ? "unexpected end" : "unexpected character");
}

void TextReader::readNull() { literal("null"); }
void TextReader::readBoolean() { literal(current() == 't' ? "true" : "false"); }

JsonNumber TextReader::readNumber() {
  JsonNumber parsed;
  if (!readJsonNumber(text_, pos_, parsed)) syntaxError("bad number");
  return parsed;
}

void TextReader::skipNonFinite() { pos_ += kMarkerPrefix.size() + nonFiniteName().size() + 2; }

std::string_view TextReader::rawString(std::size_t& codePoints, bool& escaped) {
  expect('"');
  std::size_t start = pos_;
  codePoints = 0;
  escaped = false;
  bool afterHighSurrogate = false;
  while (true) {
    if (pos_ >= text_.size()) syntaxError("unterminated string");
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') break;
    if (c < 0x20) syntaxError("control character in string");
    if (c != '\\') {
      codePoints += (c & 0xC0) != 0x80;
      afterHighSurrogate = false;
      ++pos_;
      continue;
    }
    escaped = true;
    char e = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    if (e == 'u') {
      std::uint32_t unit = 0;
      for (std::size_t i = 2; i < 6; ++i) {
        int h = pos_ + i < text_.size() ? hexValue(text_[pos_ + i]) : -1;
        if (h < 0) syntaxError("bad \\u escape");
        unit = unit * 16 + static_cast<std::uint32_t>(h);
      }
      bool low = unit >= 0xDC00 && unit <= 0xDFFF;
      if (!(low && afterHighSurrogate)) ++codePoints;
      afterHighSurrogate = unit >= 0xD800 && unit <= 0xDBFF;
      pos_ += 6;
    } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      ++codePoints;
      afterHighSurrogate = false;
      pos_ += 2;
    } else {
      syntaxError("bad escape");
    }
  }
  std::string_view raw = text_.substr(start, pos_ - start);
  ++pos_;
  return raw;
}

std::size_t TextReader::readString(std::string* text) {
  std::size_t codePoints = 0;
  bool escaped = false;
  std::string_view raw = rawString(codePoints, escaped);
  if (text) *text = escaped ? decode(raw) : std::string(raw);
  return codePoints;
}

void TextReader::beginArray(Cursor& cursor) {
  expect('[');
  cursor.first = true;
}

// Past the separator before the next entry; false (and past `close`) at the end.
bool TextReader::nextEntry(Cursor& cursor, char close) {
  skipSpace();
  if (current() == close) {
    ++pos_;
    return false;
  }
  if (!cursor.first) {
    expect(',');
    skipSpace();
  }
  cursor.first = false;
  return true;
}

bool TextReader::nextElement(Cursor& cursor) { return nextEntry(cursor, ']'); }

void TextReader::beginObject(Cursor& cursor) {
  expect('{');
  cursor.first = true;
}

bool TextReader::nextMember(Cursor& cursor, std::string_view& key) {
  if (!nextEntry(cursor, '}')) return false;
  std::size_t length = 0;
  bool escaped = false;
  key = rawString(length, escaped);
  if (escaped) key = decodedKeys_.emplace_back(decode(key));
  skipSpace();
  expect(':');
  return true;
}

Json TextReader::valueBetween(Position start, Position end) const {
  return ms::parseJson(text_.substr(start, end - start));
}

void TextReader::finish() {
  skipSpace();
  if (pos_ != text_.size()) syntaxError("unexpected text after the value");
}

}  // namespace ms::schema
