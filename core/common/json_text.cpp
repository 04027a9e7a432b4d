#include "common/json_text.h"

#include <cstdint>
#include <cstring>

namespace ms {

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

// Whether any of the 8 bytes in `word` is a control character, a quote, a
// backslash, or not ASCII: the bytes that are not copied as they are.
bool needsCare(std::uint64_t word) {
  const auto hasZero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHighs;
  return (control | hasZero(word ^ (kOnes * '"')) | hasZero(word ^ (kOnes * '\\')) | (word & kHighs)) != 0;
}

std::uint64_t wordAt(const char* at) {
  std::uint64_t word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

// What escaping adds to one ASCII byte: the serializer writes UTF-8 as it
// is (no ensure_ascii) and escapes only the quote, the backslash and control
// characters (\b \t \n \f \r in two bytes, the others as \u00XX in six).
std::size_t escapeExtra(unsigned char c) {
  if (c == '"' || c == '\\') return 1;
  if (c < 0x20) return (c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') ? 1 : 5;
  return 0;
}

std::size_t stringSize(const std::string& text) {
  std::size_t size = text.size() + 2;
  const char* at = text.data();
  const char* end = at + text.size();
  for (; end - at >= 8; at += 8) {
    if (!needsCare(wordAt(at))) continue;
    for (int i = 0; i < 8; ++i) size += escapeExtra(static_cast<unsigned char>(at[i]));
  }
  for (; at < end; ++at) size += escapeExtra(static_cast<unsigned char>(*at));
  return size;
}

// The length of the run of plain ASCII (copied as it is) at the start of `text`.
std::size_t plainRun(const char* text, std::size_t length) {
  std::size_t i = 0;
  while (length - i >= 8 && !needsCare(wordAt(text + i))) i += 8;
  while (i < length) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
    ++i;
  }
  return i;
}

void appendEscaped(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\t': out += "\\t"; return;
    case '\n': out += "\\n"; return;
    case '\f': out += "\\f"; return;
    case '\r': out += "\\r"; return;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
  }
}

// Runs of plain ASCII are copied whole and ASCII escapes written here; text
// with UTF-8 beyond ASCII is left to the serializer, which checks it.
void appendString(const std::string& text, const Json* asJson, std::string& out) {
  const std::size_t start = out.size();
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t run = plainRun(text.data() + i, text.size() - i);
    out.append(text, i, run);
    i += run;
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      out.resize(start);
      out += asJson ? asJson->dump() : Json(text).dump();
      return;
    }
    appendEscaped(c, out);
    ++i;
  }
  out += '"';
}

}  // namespace

std::size_t dumpedSize(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return stringSize(value.get_ref<const std::string&>());
    case Json::value_t::object: {
      std::size_t size = 2 + (value.empty() ? 0 : value.size() - 1);  // braces and commas
      for (const auto& [key, member] : value.items()) size += stringSize(key) + 1 + dumpedSize(member);
      return size;
    }
    case Json::value_t::array: {
      std::size_t size = 2 + (value.empty() ? 0 : value.size() - 1);
      for (const Json& element : value) size += dumpedSize(element);
      return size;
    }
    default:
      return value.dump().size();  // numbers, booleans, null: a few bytes
  }
}

void appendDump(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::string:
      appendString(value.get_ref<const std::string&>(), &value, out);
      return;
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out += ',';
        first = false;
        appendString(key, nullptr, out);
        out += ':';
        appendDump(member, out);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& element : value) {
        if (!first) out += ',';
        first = false;
        appendDump(element, out);
      }
      out += ']';
      return;
    }
    default:
      out += value.dump();
  }
}

std::string dumpText(const Json& value) {
  std::string out;
  out.reserve(dumpedSize(value));
  appendDump(value, out);
  return out;
}

}  // namespace ms
