// Validation straight from JSON text, in one pass, without building a
// document: parsing a 1,000-key record into a DOM costs several times more
// than checking it. The parser is strict JSON; each value is checked against
// its schema node as it is read. Values that must be read more than once
// (unions, $ref, enum/const) are re-read from their span of text.
#include <cmath>
#include <cstdlib>
#include <deque>

#include "common/input_error.h"
#include "schema/compiled_schema.h"
#include "schema/issue_text.h"
#include "schema/json_number.h"

namespace ms::schema {
namespace {

constexpr int kMaxSchemaDepth = 256;  // deeper values get a too_deep issue
constexpr int kMaxNesting = 1000;     // deeper text is refused: it would exhaust the stack

enum class Kind { Null, Boolean, Number, String, Array, Object, NonFinite };

struct PathStep {
  std::string_view key;  // points into the text or into decoded keys
  std::size_t index = 0;
  bool isIndex = false;
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

class TextValidator {
 public:
  TextValidator(const CompiledSchema& schema, std::string_view text, std::vector<Issue>& issues)
      : schema_(schema), text_(text), issues_(issues) {}

  void validateDocument() {
    skipSpace();
    value(0, 0);
    skipSpace();
    if (pos_ != text_.size()) syntaxError("unexpected text after the value");
  }

 private:
  const CompiledSchema& schema_;
  std::string_view text_;
  std::vector<Issue>& issues_;
  std::size_t pos_ = 0;
  std::vector<PathStep> path_;
  std::deque<std::string> decodedKeys_;  // keys that had escapes; stable addresses

  const Node& at(NodeId id) const { return schema_.nodes_[static_cast<std::size_t>(id)]; }

  // ---- reporting ----

  Json pathJson() const {
    Json path = Json::array();
    for (const auto& step : path_) {
      if (step.isIndex) path.push_back(step.index);
      else path.push_back(std::string(step.key));
    }
    return path;
  }

  void report(std::string code, std::string message, Json details = nullptr) {
    issues_.push_back({pathJson(), std::move(code), std::move(message), std::move(details)});
  }

  [[noreturn]] void syntaxError(const std::string& problem) const {
    throwTypeError("value", "is not valid JSON: " + problem + " at byte " + std::to_string(pos_));
  }

  // ---- lexing ----

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t')) ++pos_;
  }

  void expect(char c) {
    if (peek() != c) syntaxError(std::string("expected '") + c + "'");
    ++pos_;
  }

  void literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) syntaxError("unknown literal");
    pos_ += word.size();
  }

  JsonNumber number() {
    JsonNumber parsed;
    if (!readJsonNumber(text_, pos_, parsed)) syntaxError("bad number");
    return parsed;
  }

  // Reads a string; returns its raw content (without quotes) and counts its
  // characters (code points, a surrogate pair counting once).
  std::string_view string(std::size_t& codePoints, bool& escaped) {
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

  // The text of an escaped string, decoded to UTF-8 (lone surrogates become U+FFFD).
  static std::string decode(std::string_view raw) {
    std::string out;
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
      auto unitAt = [&](std::size_t p) {
        std::uint32_t unit = 0;
        for (std::size_t k = 0; k < 4; ++k) unit = unit * 16 + static_cast<std::uint32_t>(hexValue(raw[p + k]));
        return unit;
      };
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

  // The JS layer's stand-in for NaN/±Infinity; returns its name or "".
  std::string_view nonFiniteMarker() const {
    static constexpr std::string_view prefix = R"({"$nonfinite":")";
    if (text_.substr(pos_, prefix.size()) != prefix) return {};
    for (std::string_view name : {"NaN", "Infinity", "-Infinity"}) {
      std::size_t p = pos_ + prefix.size();
      if (text_.substr(p, name.size()) == name && text_.substr(p + name.size(), 2) == "\"}") return name;
    }
    return {};
  }

  // ---- validation ----

  // Reads one value at pos_, checking it against `id` (kNoNode: anything).
  void value(NodeId id, int depth) {
    if (depth > kMaxNesting) syntaxError("nesting deeper than " + std::to_string(kMaxNesting) + " levels");
    if (id == kNoNode) return own(nullptr, depth);
    if (depth > kMaxSchemaDepth) {
      report("too_deep", "Value nests deeper than " + std::to_string(kMaxSchemaDepth) + " levels");
      return own(nullptr, depth);
    }
    const Node& node = at(id);
    std::size_t start = pos_;
    std::size_t issuesBefore = issues_.size();
    own(&node, depth);
    if (!node.composite) return;
    // A value of the wrong type has had its one issue; unions and refs would only repeat it.
    if (issues_.size() > issuesBefore && issues_[issuesBefore].code == "invalid_type" && issues_[issuesBefore].path == pathJson()) return;
    std::size_t end = pos_;
    std::string_view span = text_.substr(start, end - start);
    if (node.enumValues || node.constValue) checkEnumAndConst(node, span);
    if (!node.anyOf.empty()) checkUnion(node.anyOf, span, depth, false);
    if (!node.oneOf.empty()) checkUnion(node.oneOf, span, depth, true);
    if (node.ref != kNoNode) {
      pos_ = start;
      value(node.ref, depth + 1);
    }
    pos_ = end;
  }

  static bool matchesTypes(std::uint8_t types, Kind kind, const JsonNumber& number) {
    if (types == 0) return true;
    switch (kind) {
      case Kind::Null: return types & kNull;
      case Kind::Boolean: return types & kBoolean;
      case Kind::String: return types & kString;
      case Kind::Array: return types & kArray;
      case Kind::Object: return types & kObject;
      case Kind::NonFinite: return false;
      case Kind::Number: return (types & kNumber) || ((types & kInteger) && number.isIntegral());
    }
    return false;
  }

  Kind kindAt(char c) const {
    if (c == '{') return Kind::Object;
    if (c == '[') return Kind::Array;
    if (c == '"') return Kind::String;
    if (c == 't' || c == 'f') return Kind::Boolean;
    if (c == 'n') return Kind::Null;
    if (c == '-' || isDigit(c)) return Kind::Number;
    syntaxError(c == '\0' ? "unexpected end" : "unexpected character");
  }

  static const char* kindName(Kind kind) {
    switch (kind) {
      case Kind::Null: return "null";
      case Kind::Boolean: return "boolean";
      case Kind::Number: return "number";
      case Kind::String: return "string";
      case Kind::Array: return "array";
      case Kind::Object: return "object";
      case Kind::NonFinite: break;
    }
    return "";
  }

  // Reads the value at pos_ and checks the node's own keywords (not unions,
  // refs, enum or const). `node` null means anything goes.
  void own(const Node* node, int depth) {
    std::string_view marker = nonFiniteMarker();
    char c = peek();
    Kind kind = marker.empty() ? kindAt(c) : Kind::NonFinite;
    JsonNumber x;
    if (kind == Kind::Number) x = number();
    bool typeOk = node == nullptr || (!node->never && matchesTypes(node->types, kind, x));
    if (!typeOk) {
      std::string received = kind == Kind::NonFinite ? std::string(marker) : kindName(kind);
      std::string expected = node->never ? "never" : typeNames(node->types);
      report("invalid_type", "Invalid input: expected " + expected + ", received " + received);
      node = nullptr;  // read the rest of the value without checking it
    }
    switch (kind) {
      case Kind::Null: return literal("null");
      case Kind::Boolean: return literal(c == 't' ? "true" : "false");
      case Kind::Number:
        if (node) checkNumber(*node, x);
        return;
      case Kind::NonFinite:
        pos_ += std::string_view(R"({"$nonfinite":""})").size() + marker.size();
        return;
      case Kind::String: {
        std::size_t length = 0;
        bool escaped = false;
        string(length, escaped);
        if (node) checkLength(*node, length);
        return;
      }
      case Kind::Array: return array(node, depth);
      case Kind::Object: return object(node, depth);
    }
  }

  void checkNumber(const Node& node, const JsonNumber& x) {
    if (node.minimum && x.lessThan(*node.minimum)) report("too_small", "Too small: expected number to be >=" + formatNumber(*node.minimum));
    if (node.exclusiveMinimum && !x.greaterThan(*node.exclusiveMinimum)) report("too_small", "Too small: expected number to be >" + formatNumber(*node.exclusiveMinimum));
    if (node.maximum && x.greaterThan(*node.maximum)) report("too_big", "Too big: expected number to be <=" + formatNumber(*node.maximum));
    if (node.exclusiveMaximum && !x.lessThan(*node.exclusiveMaximum)) report("too_big", "Too big: expected number to be <" + formatNumber(*node.exclusiveMaximum));
  }

  void checkLength(const Node& node, std::size_t length) {
    if (node.minLength && length < *node.minLength) report("too_small", "Too small: expected string to have >=" + std::to_string(*node.minLength) + " characters");
    if (node.maxLength && length > *node.maxLength) report("too_big", "Too big: expected string to have <=" + std::to_string(*node.maxLength) + " characters");
  }

  void array(const Node* node, int depth) {
    expect('[');
    skipSpace();
    std::size_t firstIssue = issues_.size();
    std::size_t count = 0;
    NodeId items = node ? node->items : kNoNode;
    if (peek() == ']') {
      ++pos_;
    } else {
      while (true) {
        path_.push_back({{}, count, true});
        value(items, depth + 1);
        path_.pop_back();
        ++count;
        skipSpace();
        if (peek() == ']') {
          ++pos_;
          break;
        }
        expect(',');
        skipSpace();
      }
    }
    if (!node) return;
    // Reported before the items' issues, as a reader of the array would expect.
    auto insertIssue = [&](std::string code, std::string message) {
      issues_.insert(issues_.begin() + static_cast<std::ptrdiff_t>(firstIssue), Issue{pathJson(), std::move(code), std::move(message), nullptr});
    };
    if (node->maxItems && count > *node->maxItems) insertIssue("too_big", "Too big: expected array to have <=" + std::to_string(*node->maxItems) + " items");
    if (node->minItems && count < *node->minItems) insertIssue("too_small", "Too small: expected array to have >=" + std::to_string(*node->minItems) + " items");
  }

  static NodeId declared(const Node& node, std::string_view key) {
    for (const auto& [name, id] : node.properties) {
      if (name == key) return id;
    }
    return kNoNode;
  }

  // Through a chain of $refs to the node that says what a property is.
  const Node& followRefs(NodeId id) const {
    const Node* node = &at(id);
    for (int hops = 0; node->ref != kNoNode && !node->defaultValue && node->types == 0 && hops < kMaxSchemaDepth; ++hops) node = &at(node->ref);
    return *node;
  }

  void object(const Node* node, int depth) {
    expect('{');
    skipSpace();
    std::vector<char> seenRequired(node ? node->required.size() : 0, 0);
    std::vector<Json> unknown;
    if (peek() == '}') {
      ++pos_;
    } else {
      while (true) {
        std::size_t keyStart = pos_;
        std::size_t length = 0;
        bool escaped = false;
        std::string_view key = string(length, escaped);
        std::string_view keyText = text_.substr(keyStart, pos_ - keyStart);
        if (escaped) key = decodedKeys_.emplace_back(decode(key));
        skipSpace();
        expect(':');
        skipSpace();
        NodeId child = kNoNode;
        if (node) {
          if (node->propertyNames != kNoNode && !at(node->propertyNames).acceptsAnyString) checkKey(node->propertyNames, key, keyText, depth);
          child = declared(*node, key);
          if (child == kNoNode) child = node->additional;
          if (child == kNoNode && !node->additionalAllowed) unknown.emplace_back(std::string(key));
          for (std::size_t i = 0; i < node->required.size(); ++i) {
            if (!seenRequired[i] && node->required[i] == key) seenRequired[i] = 1;
          }
        }
        path_.push_back({key, 0, false});
        value(child, depth + 1);
        path_.pop_back();
        skipSpace();
        if (peek() == '}') {
          ++pos_;
          break;
        }
        expect(',');
        skipSpace();
      }
    }
    if (!node) return;
    for (std::size_t i = 0; i < node->required.size(); ++i) {
      if (seenRequired[i]) continue;
      NodeId id = declared(*node, node->required[i]);
      const Node* property = id == kNoNode ? nullptr : &followRefs(id);
      if (property && property->defaultValue) continue;
      std::string expected = property && property->types ? typeNames(property->types) : "value";
      path_.push_back({node->required[i], 0, false});
      report("invalid_type", "Invalid input: expected " + expected + ", received undefined");
      path_.pop_back();
    }
    if (!unknown.empty()) {
      std::string noun = unknown.size() == 1 ? "Unrecognized key: " : "Unrecognized keys: ";
      report("unrecognized_keys", noun + quotedList(unknown, ", "), Json{{"keys", unknown}});
    }
  }

  // A sub-validator over a span of this text, at the current path.
  TextValidator branch(std::string_view span, std::vector<Issue>& issues) const {
    TextValidator sub(schema_, span, issues);
    sub.path_ = path_;
    return sub;
  }

  void checkKey(NodeId id, std::string_view key, std::string_view keyText, int depth) {
    std::vector<Issue> keyIssues;
    branch(keyText, keyIssues).value(id, depth + 1);
    if (keyIssues.empty()) return;
    path_.push_back({key, 0, false});
    report("invalid_key", "Invalid key in record: " + keyIssues.front().message, Json{{"issues", issuesToJson(keyIssues)}});
    path_.pop_back();
  }

  void checkEnumAndConst(const Node& node, std::string_view span) {
    Json parsed = Json::parse(span, nullptr, false);  // discarded (never equal) for lone surrogates
    if (node.enumValues) {
      bool found = false;
      for (const auto& option : *node.enumValues) found = found || (!parsed.is_discarded() && option == parsed);
      if (!found) report("invalid_value", "Invalid option: expected one of " + quotedList(*node.enumValues, "|"));
    }
    if (node.constValue && (parsed.is_discarded() || !(*node.constValue == parsed))) {
      report("invalid_value", "Invalid input: expected " + node.constValue->dump());
    }
  }

  void checkUnion(const std::vector<NodeId>& options, std::string_view span, int depth, bool exactlyOne) {
    std::vector<std::vector<Issue>> results(options.size());
    std::size_t matched = 0;
    for (std::size_t i = 0; i < options.size(); ++i) {
      branch(span, results[i]).value(options[i], depth + 1);
      matched += results[i].empty();
    }
    if (matched == 0) {
      Json errors = Json::array();
      for (const auto& issues : results) errors.push_back(issuesToJson(issues));
      report("invalid_union", "Invalid input: matches none of the options", Json{{"errors", errors}});
    } else if (exactlyOne && matched > 1) {
      report("invalid_union", "Invalid input: matches " + std::to_string(matched) + " options, expected exactly one");
    }
  }
};

ValidationResult CompiledSchema::validateText(std::string_view text) const {
  ValidationResult result;
  TextValidator(*this, text, result.issues).validateDocument();
  return result;
}

}  // namespace ms::schema
