// The value a successful parse gives, as Zod would give it: the defaults of
// missing properties filled in and, in objects marked x-stripUnknown, the
// undeclared properties dropped. In a union the first branch the value
// matches shapes it, as z.union does.
#include <algorithm>
#include <utility>
#include <vector>

#include "common/json_key_order.h"
#include "common/json_members.h"
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

// Objects are changed in passes over their members, never through keyed
// lookups (contains, operator[], erase): the core's Json finds a key by
// walking the members, which would make a large object cost O(n²).
class Shaper {
 public:
  explicit Shaper(const CompiledSchema& schema) : schema_(schema) {}

  void shape(NodeId id, Json& value, int depth) {
    if (depth > kMaxDepth) return;
    const Node& node = at(id);
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
    if (node.stripUnknown && node.additional == kNoNode) keepDeclared(node, value);
    fillDefaults(node, value);
    for (auto& [key, child] : value.get_ref<Json::object_t&>()) {
      NodeId childId = declaredProperty(node, key);
      if (childId == kNoNode) childId = node.additional;
      if (childId != kNoNode) shape(childId, child, depth + 1);
    }
  }

 private:
  const CompiledSchema& schema_;

  const Node& at(NodeId id) const { return schema_.nodes_[static_cast<std::size_t>(id)]; }

  static void keepDeclared(const Node& node, Json& object) {
    JsonMembers& members = object.get_ref<Json::object_t&>();
    Json kept = Json::object();
    for (auto& [key, value] : members) {
      if (declaredProperty(node, key) != kNoNode) appendMember(kept, key, std::move(value));
    }
    object = std::move(kept);
  }

  void fillDefaults(const Node& node, Json& object) const {
    auto hasDefault = [&](const auto& property) { return at(property.second).defaultValue.has_value(); };
    if (std::none_of(node.properties.begin(), node.properties.end(), hasDefault)) return;
    std::vector<std::pair<const std::string*, const Json*>> missing;
    {
      MemberIndex present(object);
      for (const auto& [name, child] : node.properties) {
        const Node& property = at(child);
        if (property.defaultValue && !present.find(name)) missing.emplace_back(&name, &*property.defaultValue);
      }
    }
    for (const auto& [name, value] : missing) appendMember(object, *name, *value);
  }
};

Json CompiledSchema::output(const Json& value) const {
  Json copy = value;
  if (reshapes_) Shaper(*this).shape(0, copy, 0);
  return withSortedKeys(std::move(copy));
}

}  // namespace ms::schema
