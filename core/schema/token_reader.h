#pragma once
// Reads a value sent as a token stream instead of text: what the JS layer
// produces by walking a JS value (js/value-tokens.js), so that large app
// values need neither JSON.stringify nor parsing. Keys are ids into a table
// that persists across calls (a record's 1,000 keys cross once).
//
// u32 tokens, one per value, some followed by operands: see token_kind.h.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "schema/json_number.h"
#include "schema/schema_node.h"
#include "schema/value_kind.h"

namespace ms::schema {

struct TokenStream {
  std::span<const std::uint32_t> tokens;
  std::span<const double> numbers;
  std::string_view bytes;
  const std::vector<std::string>* keys;  // the persistent key table
};

class TokenReader {
 public:
  struct Position {
    std::size_t token = 0;
    std::size_t number = 0;
  };
  explicit TokenReader(const TokenStream& stream) : stream_(stream) {}

  ValueKind peek();
  std::string_view nonFiniteName() const;
  void readNull() { ++at_.token; }
  void readBoolean() { ++at_.token; }
  JsonNumber readNumber();
  std::size_t readString(std::string* text = nullptr);  // as TextReader::readString
  void skipNonFinite() { ++at_.token; }
  void beginArray(Cursor& cursor);
  bool nextElement(Cursor& cursor);
  void beginObject(Cursor& cursor);
  bool nextMember(Cursor& cursor, std::string_view& key);
  Position position() const { return at_; }
  void seek(Position position) { at_ = position; }
  Json valueBetween(Position start, Position end) const;
  void finish();
  [[noreturn]] void syntaxError(const std::string& problem) const;

 private:
  std::uint32_t operand();
  std::string_view stringAt(std::size_t offset, std::size_t length) const;
  Json build(Position& at) const;

  TokenStream stream_;
  Position at_;
};

}  // namespace ms::schema
