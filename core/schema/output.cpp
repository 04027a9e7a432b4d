// Filling in the defaults of missing properties, after validation succeeded.
// Unions are not entered: which branch's default applies would be a guess.
#include "schema/compiled_schema.h"

namespace ms::schema {
namespace {

constexpr int kMaxDepth = 256;

NodeId propertyNode(const Node& node, const std::string& key) {
  for (const auto& [name, id] : node.properties) {
    if (name == key) return id;
  }
  return node.additional;
}

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
    NodeId childId = propertyNode(node, key);
    if (childId != kNoNode) fillDefaults(nodes, childId, child, depth + 1);
  }
}

}  // namespace

Json CompiledSchema::withDefaults(const Json& value) const {
  Json copy = value;
  if (hasDefaults_) fillDefaults(nodes_, 0, copy, 0);
  return copy;
}

}  // namespace ms::schema
