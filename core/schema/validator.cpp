// Validation in one pass over a value as it is read, from JSON text or from
// a token stream, without building a document: parsing a 1,000-key record
// into a DOM costs several times more than checking it. Values that must be
// read more than once (unions, $ref, enum/const) are read again from where
// they start.
#include "common/input_error.h"
#include "common/json_key_order.h"
#include "common/json_text.h"
#include "schema/compiled_schema.h"
#include "schema/issue_text.h"
#include "schema/pattern_engine.h"
#include "schema/text_reader.h"
#include "schema/token_reader.h"

namespace ms::schema {
namespace {

constexpr int kMaxSchemaDepth = 256;  // deeper values get a too_deep issue
constexpr int kMaxNesting = 1000;     // deeper input is refused: it would exhaust the stack

struct PathStep {
  std::string_view key;  // points into the reader's text or key table
  std::size_t index = 0;
  bool isIndex = false;
};

bool matchesTypes(std::uint8_t types, ValueKind kind, const JsonNumber& number) {
  if (types == 0) return true;
  switch (kind) {
    case ValueKind::Null: return types & kNull;
    case ValueKind::Boolean: return types & kBoolean;
    case ValueKind::String: return types & kString;
    case ValueKind::Array: return types & kArray;
    case ValueKind::Object: return types & kObject;
    case ValueKind::NonFinite: return false;
    case ValueKind::Number: return (types & kNumber) || ((types & kInteger) && number.isIntegral());
  }
  return false;
}

const char* kindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::Null: return "null";
    case ValueKind::Boolean: return "boolean";
    case ValueKind::Number: return "number";
    case ValueKind::String: return "string";
    case ValueKind::Array: return "array";
    case ValueKind::Object: return "object";
    case ValueKind::NonFinite: break;
  }
  return "";
}

}  // namespace

template <class Reader>
class Validator {
 public:
  Validator(const CompiledSchema& schema, Reader reader, std::vector<Issue>& issues)
      : schema_(schema), reader_(std::move(reader)), issues_(issues) {}

  void validateDocument() {
    value(0, 0);
    reader_.finish();
  }

  // Reads one value, checking it against `id` (kNoNode: anything).
  void value(NodeId id, int depth) {
    if (depth > kMaxNesting) reader_.syntaxError("nesting deeper than " + std::to_string(kMaxNesting) + " levels");
    if (id == kNoNode) {
      own(nullptr, depth);
      return;
    }
    if (depth > kMaxSchemaDepth) {
      report("too_deep", "Value nests deeper than " + std::to_string(kMaxSchemaDepth) + " levels");
      own(nullptr, depth);
      return;
    }
    const Node& node = at(id);
    auto start = reader_.position();
    bool typeOk = own(&node, depth);
    // A value of the wrong type has had its one issue; unions and refs would only repeat it.
    if (!node.composite || !typeOk) return;
    auto end = reader_.position();
    if (node.enumValues || node.constValue) checkEnumAndConst(node, reader_.valueBetween(start, end));
    for (NodeId part : node.allOf) {
      reader_.seek(start);
      value(part, depth + 1);
    }
    if (node.notSchema != kNoNode) checkNot(node.notSchema, start, depth);
    if (!node.anyOf.empty()) checkUnion(node.anyOf, start, depth, false);
    if (!node.oneOf.empty()) checkUnion(node.oneOf, start, depth, true);
    if (node.ref != kNoNode) {
      reader_.seek(start);
      value(node.ref, depth + 1);
    }
    reader_.seek(end);
  }

  std::vector<PathStep> path_;

 private:
  const CompiledSchema& schema_;
  Reader reader_;
  std::vector<Issue>& issues_;

  const Node& at(NodeId id) const { return schema_.nodes_[static_cast<std::size_t>(id)]; }

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

  // Reads the value and checks the node's own keywords (not unions, refs,
  // enum or const). Returns false when the type was wrong.
  bool own(const Node* node, int depth) {
    ValueKind kind = reader_.peek();
    JsonNumber number;
    std::string_view nonFinite;
    if (kind == ValueKind::Number) number = reader_.readNumber();
    if (kind == ValueKind::NonFinite) nonFinite = reader_.nonFiniteName();
    bool typeOk = node == nullptr || (!node->never && matchesTypes(node->types, kind, number));
    if (!typeOk) {
      std::string received = kind == ValueKind::NonFinite ? std::string(nonFinite) : kindName(kind);
      std::string expected = node->never ? "never" : typeNames(node->types);
      report("invalid_type", "Invalid input: expected " + expected + ", received " + received);
      node = nullptr;  // read the rest of the value without checking it
    }
    switch (kind) {
      case ValueKind::Null: reader_.readNull(); break;
      case ValueKind::Boolean: reader_.readBoolean(); break;
      case ValueKind::NonFinite: reader_.skipNonFinite(); break;
      case ValueKind::Number:
        if (node) checkNumber(*node, number);
        break;
      case ValueKind::String: {
        bool needsText = node && (node->pattern >= 0 || node->format != Format::None);
        std::string text;
        std::size_t length = reader_.readString(needsText ? &text : nullptr);
        if (node) checkLength(*node, length);
        if (needsText) checkText(*node, text);
        break;
      }
      case ValueKind::Array: array(node, depth); break;
      case ValueKind::Object: object(node, depth); break;
    }
    return typeOk;
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

  void checkText(const Node& node, const std::string& text) {
    if (node.format != Format::None && !matchesFormat(node.format, text)) {
      report("invalid_format", formatMessage(node.format), Json{{"format", formatName(node.format)}});
    }
    if (node.pattern >= 0 && !patternEngine()->search(node.pattern, text)) {
      report("invalid_format", "Invalid string: must match pattern /" + node.patternSource + "/",
             Json{{"format", "regex"}, {"pattern", node.patternSource}});
    }
  }

  void array(const Node* node, int depth) {
    Cursor cursor;
    reader_.beginArray(cursor);
    std::size_t firstIssue = issues_.size();
    std::size_t count = 0;
    NodeId items = node ? node->items : kNoNode;
    while (reader_.nextElement(cursor)) {
      path_.push_back({{}, count, true});
      value(items, depth + 1);
      path_.pop_back();
      ++count;
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
    Cursor cursor;
    reader_.beginObject(cursor);
    std::vector<char> seenRequired(node ? node->required.size() : 0, 0);
    std::vector<Json> unknown;
    std::string_view key;
    while (reader_.nextMember(cursor, key)) {
      NodeId child = kNoNode;
      if (node) {
        if (node->propertyNames != kNoNode && !at(node->propertyNames).acceptsAnyString) checkKey(node->propertyNames, key, depth);
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

  // Keys are checked as JSON strings of their own.
  void checkKey(NodeId id, std::string_view key, int depth) {
    std::string keyText = Json(std::string(key)).dump();
    std::vector<Issue> keyIssues;
    Validator<TextReader> keyCheck(schema_, TextReader(keyText), keyIssues);
    keyCheck.path_ = path_;
    keyCheck.value(id, depth + 1);
    if (keyIssues.empty()) return;
    path_.push_back({key, 0, false});
    report("invalid_key", "Invalid key in record: " + keyIssues.front().message, Json{{"issues", issuesToJson(keyIssues)}});
    path_.pop_back();
  }

  void checkEnumAndConst(const Node& node, const Json& value) {
    if (node.enumValues) {
      bool found = false;
      for (const auto& option : *node.enumValues) found = found || (!value.is_discarded() && equalIgnoringKeyOrder(option, value));
      if (!found && node.enumValues->empty()) report("invalid_value", "Invalid input: no value is allowed (empty enum)");
      else if (!found) report("invalid_value", "Invalid option: expected one of " + quotedList(*node.enumValues, "|"));
    }
    if (node.constValue && (value.is_discarded() || !equalIgnoringKeyOrder(*node.constValue, value))) {
      report("invalid_value", "Invalid input: expected " + node.constValue->dump());
    }
  }

  void checkNot(NodeId id, typename Reader::Position start, int depth) {
    std::vector<Issue> issues;
    Reader again = reader_;
    again.seek(start);
    Validator branch(schema_, std::move(again), issues);
    branch.path_ = path_;
    branch.value(id, depth + 1);
    if (issues.empty()) report("invalid_value", "Invalid input: matches the schema it must not match (not)");
  }

  void checkUnion(const std::vector<NodeId>& options, typename Reader::Position start, int depth, bool exactlyOne) {
    std::vector<std::vector<Issue>> results(options.size());
    std::size_t matched = 0;
    for (std::size_t i = 0; i < options.size(); ++i) {
      Reader again = reader_;
      again.seek(start);
      Validator branch(schema_, std::move(again), results[i]);
      branch.path_ = path_;
      branch.value(options[i], depth + 1);
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
  Validator<TextReader>(*this, TextReader(text), result.issues).validateDocument();
  return result;
}

ValidationResult CompiledSchema::validate(const Json& value) const { return validateText(dumpText(withSortedKeys(value))); }

bool CompiledSchema::matchesAt(NodeId id, const Json& value) const {
  std::vector<Issue> issues;
  std::string text = value.dump();
  Validator<TextReader>(*this, TextReader(text), issues).value(id, 0);
  return issues.empty();
}

ValidationResult CompiledSchema::validateTokens(const TokenStream& stream) const {
  ValidationResult result;
  Validator<TokenReader>(*this, TokenReader(stream), result.issues).validateDocument();
  return result;
}

}  // namespace ms::schema
