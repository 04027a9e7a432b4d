// Checks a value against a compiled schema and reports every problem, with
// Zod's issue codes and message style, so apps moving from Zod keep their
// error handling.
#include <cmath>
#include <cstdio>

#include "schema/compiled_schema.h"

namespace ms::schema {
namespace {

constexpr int kMaxDepth = 256;  // deeper values are refused, never recursed into

// The JS layer sends NaN and ±Infinity as {"$nonfinite": "NaN"} (see js/boundary.js).
bool isNonFiniteMarker(const Json& value) {
  return value.is_object() && value.size() == 1 && value.contains("$nonfinite") && value["$nonfinite"].is_string();
}

// Shortest text that reads back as the same double, like JS's Number#toString.
std::string formatNumber(double x) {
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, x);
    if (std::strtod(buffer, nullptr) == x) break;
  }
  return buffer;
}

std::string typeNames(std::uint8_t types) {
  static const std::pair<std::uint8_t, const char*> names[] = {
      {kNull, "null"}, {kBoolean, "boolean"}, {kInteger, "integer"}, {kNumber, "number"},
      {kString, "string"}, {kArray, "array"}, {kObject, "object"}};
  std::string text;
  for (const auto& [bit, name] : names) {
    if (!(types & bit)) continue;
    if (!text.empty()) text += '|';
    text += name;
  }
  return text;
}

std::string receivedName(const Json& value) {
  if (isNonFiniteMarker(value)) return value["$nonfinite"].get<std::string>();
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::string: return "string";
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    default: return "number";
  }
}

bool isIntegral(const Json& value) {
  if (value.is_number_integer()) return true;
  double x = value.get<double>();
  return std::floor(x) == x;
}

bool matchesTypes(std::uint8_t types, const Json& value) {
  if (types == 0) return true;
  switch (value.type()) {
    case Json::value_t::null: return types & kNull;
    case Json::value_t::boolean: return types & kBoolean;
    case Json::value_t::string: return types & kString;
    case Json::value_t::array: return types & kArray;
    case Json::value_t::object: return (types & kObject) && !isNonFiniteMarker(value);
    default: return (types & kNumber) || ((types & kInteger) && isIntegral(value));
  }
}

std::size_t codePoints(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

std::string quotedList(const std::vector<Json>& values, const char* separator) {
  std::string text;
  for (const auto& value : values) {
    if (!text.empty()) text += separator;
    text += value.dump();
  }
  return text;
}

}  // namespace

class Validator {
 public:
  Validator(const CompiledSchema& schema, std::vector<Issue>& issues) : schema_(schema), issues_(issues) {}

  void check(NodeId id, const Json& value, int depth) {
    const Node& node = schema_.nodes_[static_cast<std::size_t>(id)];
    if (depth > kMaxDepth) return report("too_deep", "Value nests deeper than " + std::to_string(kMaxDepth) + " levels");
    if (node.never) return report("invalid_type", "Invalid input: expected never, received " + receivedName(value));
    if (!matchesTypes(node.types, value)) {
      return report("invalid_type", "Invalid input: expected " + typeNames(node.types) + ", received " + receivedName(value));
    }
    if (node.enumValues) checkEnum(*node.enumValues, value);
    if (node.constValue && !(*node.constValue == value)) report("invalid_value", "Invalid input: expected " + node.constValue->dump());
    if (value.is_number()) checkNumber(node, value.get<double>());
    else if (value.is_string()) checkString(node, value.get_ref<const std::string&>());
    else if (value.is_array()) checkArray(node, value, depth);
    else if (value.is_object() && !isNonFiniteMarker(value)) checkObject(node, value, depth);
    if (!node.anyOf.empty()) checkAnyOf(node.anyOf, value, depth);
    if (!node.oneOf.empty()) checkOneOf(node.oneOf, value, depth);
    if (node.ref != kNoNode) check(node.ref, value, depth + 1);
  }

 private:
  const CompiledSchema& schema_;
  std::vector<Issue>& issues_;
  Json path_ = Json::array();

  const Node& at(NodeId id) const { return schema_.nodes_[static_cast<std::size_t>(id)]; }

  void report(std::string code, std::string message, Json details = nullptr) {
    issues_.push_back({path_, std::move(code), std::move(message), std::move(details)});
  }

  template <typename Key, typename Body>
  void inside(const Key& key, Body&& body) {
    path_.push_back(key);
    body();
    path_.erase(path_.size() - 1);
  }

  void checkEnum(const std::vector<Json>& options, const Json& value) {
    for (const auto& option : options) {
      if (option == value) return;
    }
    report("invalid_value", "Invalid option: expected one of " + quotedList(options, "|"));
  }

  void checkNumber(const Node& node, double x) {
    if (node.minimum && x < *node.minimum) report("too_small", "Too small: expected number to be >=" + formatNumber(*node.minimum));
    if (node.exclusiveMinimum && x <= *node.exclusiveMinimum) report("too_small", "Too small: expected number to be >" + formatNumber(*node.exclusiveMinimum));
    if (node.maximum && x > *node.maximum) report("too_big", "Too big: expected number to be <=" + formatNumber(*node.maximum));
    if (node.exclusiveMaximum && x >= *node.exclusiveMaximum) report("too_big", "Too big: expected number to be <" + formatNumber(*node.exclusiveMaximum));
  }

  void checkString(const Node& node, const std::string& text) {
    if (!node.minLength && !node.maxLength) return;
    std::size_t length = codePoints(text);
    if (node.minLength && length < *node.minLength) report("too_small", "Too small: expected string to have >=" + std::to_string(*node.minLength) + " characters");
    if (node.maxLength && length > *node.maxLength) report("too_big", "Too big: expected string to have <=" + std::to_string(*node.maxLength) + " characters");
  }

  void checkArray(const Node& node, const Json& value, int depth) {
    if (node.minItems && value.size() < *node.minItems) report("too_small", "Too small: expected array to have >=" + std::to_string(*node.minItems) + " items");
    if (node.maxItems && value.size() > *node.maxItems) report("too_big", "Too big: expected array to have <=" + std::to_string(*node.maxItems) + " items");
    if (node.items == kNoNode) return;
    for (std::size_t i = 0; i < value.size(); ++i) inside(i, [&] { check(node.items, value[i], depth + 1); });
  }

  NodeId declared(const Node& node, const std::string& key) const {
    for (const auto& [name, id] : node.properties) {
      if (name == key) return id;
    }
    return kNoNode;
  }

  // The first default or type found through a chain of $refs.
  const Node& followRefs(NodeId id) const {
    const Node* node = &at(id);
    for (int hops = 0; node->ref != kNoNode && !node->defaultValue && node->types == 0 && hops < kMaxDepth; ++hops) node = &at(node->ref);
    return *node;
  }

  void checkObject(const Node& node, const Json& value, int depth) {
    std::vector<Json> unknown;
    for (const auto& item : value.items()) {
      // Named copies: clang 14 cannot capture structured bindings in lambdas.
      const std::string& key = item.key();
      const Json& child = item.value();
      if (node.propertyNames != kNoNode) checkKey(node.propertyNames, key, depth);
      NodeId id = declared(node, key);
      if (id == kNoNode) id = node.additional;
      if (id != kNoNode) inside(key, [&] { check(id, child, depth + 1); });
      else if (!node.additionalAllowed) unknown.emplace_back(key);
    }
    for (const auto& name : node.required) {
      if (value.contains(name)) continue;
      NodeId id = declared(node, name);
      const Node* property = id == kNoNode ? nullptr : &followRefs(id);
      if (property && property->defaultValue) continue;
      std::string expected = property && property->types ? typeNames(property->types) : "value";
      inside(name, [&] { report("invalid_type", "Invalid input: expected " + expected + ", received undefined"); });
    }
    if (!unknown.empty()) {
      std::string noun = unknown.size() == 1 ? "Unrecognized key: " : "Unrecognized keys: ";
      report("unrecognized_keys", noun + quotedList(unknown, ", "), Json{{"keys", unknown}});
    }
  }

  void checkKey(NodeId id, const std::string& key, int depth) {
    std::vector<Issue> keyIssues;
    Validator(schema_, keyIssues).check(id, Json(key), depth + 1);
    if (keyIssues.empty()) return;
    inside(key, [&] { report("invalid_key", "Invalid key in record: " + keyIssues.front().message, Json{{"issues", issuesToJson(keyIssues)}}); });
  }

  // Issues of each branch, checked at the current path; empty means it matched.
  std::vector<std::vector<Issue>> branches(const std::vector<NodeId>& options, const Json& value, int depth) {
    std::vector<std::vector<Issue>> results(options.size());
    for (std::size_t i = 0; i < options.size(); ++i) {
      Validator branch(schema_, results[i]);
      branch.path_ = path_;
      branch.check(options[i], value, depth + 1);
    }
    return results;
  }

  static Json branchErrors(const std::vector<std::vector<Issue>>& results) {
    Json errors = Json::array();
    for (const auto& issues : results) errors.push_back(issuesToJson(issues));
    return errors;
  }

  void checkAnyOf(const std::vector<NodeId>& options, const Json& value, int depth) {
    auto results = branches(options, value, depth);
    for (const auto& issues : results) {
      if (issues.empty()) return;
    }
    report("invalid_union", "Invalid input: matches none of the options", Json{{"errors", branchErrors(results)}});
  }

  void checkOneOf(const std::vector<NodeId>& options, const Json& value, int depth) {
    auto results = branches(options, value, depth);
    std::size_t matched = 0;
    for (const auto& issues : results) matched += issues.empty();
    if (matched == 0) report("invalid_union", "Invalid input: matches none of the options", Json{{"errors", branchErrors(results)}});
    if (matched > 1) report("invalid_union", "Invalid input: matches " + std::to_string(matched) + " options, expected exactly one");
  }
};

ValidationResult CompiledSchema::validate(const Json& value) const {
  ValidationResult result;
  Validator(*this, result.issues).check(0, value, 0);
  return result;
}

namespace {

void fillDefaults(const std::vector<Node>& nodes, NodeId id, Json& value, int depth) {
  if (depth > kMaxDepth) return;
  const Node& node = nodes[static_cast<std::size_t>(id)];
  if (node.ref != kNoNode) fillDefaults(nodes, node.ref, value, depth + 1);
  if (value.is_array() && node.items != kNoNode) {
    for (auto& item : value) fillDefaults(nodes, node.items, item, depth + 1);
  }
  if (!value.is_object()) return;
  for (const auto& [name, child] : node.properties) {
    const Node& property = nodes[static_cast<std::size_t>(child)];
    if (!value.contains(name) && property.defaultValue) value[name] = *property.defaultValue;
  }
  for (auto& [key, child] : value.items()) {
    NodeId id = node.additional;
    for (const auto& [name, declared] : node.properties) {
      if (name == key) id = declared;
    }
    if (id != kNoNode) fillDefaults(nodes, id, child, depth + 1);
  }
}

}  // namespace

Json CompiledSchema::withDefaults(const Json& value) const {
  Json copy = value;
  if (hasDefaults_) fillDefaults(nodes_, 0, copy, 0);
  return copy;
}

}  // namespace ms::schema
