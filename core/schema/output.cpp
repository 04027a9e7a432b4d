// The value a successful parse gives, as Zod would give it: the defaults of
// missing properties filled in and, in objects marked x-stripUnknown, the
// undeclared properties dropped. In a union the first branch the value
// matches shapes it, as z.union does.
#include "schema/compiled_schema.h"

namespace ms::schema {
namespace {

constexpr int kMaxDepth = 256;

NodeId declaredProperty(const Node& node, const std::string& key) {
  for (const auto& [name, id] : node.properties) {
    if (name == key) return id;
  }
  return kNoNode;
}

}  // namespace

class Shaper {
 public:
  explicit Shaper(const CompiledSchema& schema) : schema_(schema) {}

  void shape(NodeId id, Json& value, int depth) {
    if (depth > kMaxDepth) return;
    const Node& node = schema_.nodes_[static_cast<std::size_t>(id)];
    if (node.ref != kNoNode) shape(node.ref, value, depth + 1);
    for (NodeId part : node.allOf) shape(part, value, depth + 1);
    for (const auto* options : {&node.anyOf, &node.oneOf}) {
      for (NodeId option : *options) {
        if (!schema_.matchesAt(option, value)) continue;
        shape(option, value, depth + 1);
        break;
      }
    }
    if (value.is_array() && node.items != kNoNode) {
      for (auto& item : value) shape(node.items, item, depth + 1);
    }
    if (!value.is_object()) return;
    for (const auto& [name, child] : node.properties) {
      const Node& property = schema_.nodes_[static_cast<std::size_t>(child)];
      if (!value.contains(name) && property.defaultValue) value[name] = *property.defaultValue;
    }
    if (node.stripUnknown && node.additional == kNoNode) {
      for (auto it = value.begin(); it != value.end();) {
        it = declaredProperty(node, it.key()) == kNoNode ? value.erase(it) : std::next(it);
      }
    }
    for (auto& [key, child] : value.items()) {
      NodeId childId = declaredProperty(node, key);
      if (childId == kNoNode) childId = node.additional;
      if (childId != kNoNode) shape(childId, child, depth + 1);
    }
  }

 private:
  const CompiledSchema& schema_;
};

Json CompiledSchema::output(const Json& value) const {
  Json copy = value;
  if (reshapes_) Shaper(*this).shape(0, copy, 0);
  return copy;
}

}  // namespace ms::schema
