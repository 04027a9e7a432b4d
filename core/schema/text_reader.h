#pragma once
// Reads strict JSON text value by value for the validator, without building
// a document. Strings with escapes are decoded only when they are keys.
#include <deque>
#include <string>
#include <string_view>

#include "schema/json_number.h"
#include "schema/schema_node.h"
#include "schema/value_kind.h"

namespace ms::schema {

class TextReader {
 public:
  using Position = std::size_t;
  explicit TextReader(std::string_view text) : text_(text) {}

  ValueKind peek();  // refuses anything that cannot start a value
  std::string_view nonFiniteName() const;  // when peek() was NonFinite: "NaN", "Infinity", "-Infinity"
  void readNull();
  void readBoolean();
  JsonNumber readNumber();
  // Returns its length in characters (code points); its text (decoded) into `text` when given.
  std::size_t readString(std::string* text = nullptr);
  void skipNonFinite();
  void beginArray(Cursor& cursor);
  bool nextElement(Cursor& cursor);
  void beginObject(Cursor& cursor);
  // Reads the next key (and the colon); false at the end of the object.
  bool nextMember(Cursor& cursor, std::string_view& key);
  Position position() const { return pos_; }
  void seek(Position position) { pos_ = position; }
  // The value between two positions as a document (discarded when nlohmann cannot hold it).
  Json valueBetween(Position start, Position end) const;
  void finish();  // only whitespace may follow the value
  [[noreturn]] void syntaxError(const std::string& problem) const;

 private:
  char current() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skipSpace();
  void expect(char c);
  void literal(std::string_view word);
  std::string_view rawString(std::size_t& codePoints, bool& escaped);
  bool nextEntry(Cursor& cursor, char close);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::deque<std::string> decodedKeys_;  // stable storage for keys that had escapes
};

}  // namespace ms::schema
