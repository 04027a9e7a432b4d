// Turns a JSON Schema document into the node table of a CompiledSchema,
// checking every keyword it meets so a malformed schema fails here, once,
// with the location of the problem, instead of misbehaving at validation.
#include <cmath>
#include <set>
#include <unordered_map>

#include "common/input_error.h"
#include "common/json_key_order.h"
#include "schema/compiled_schema.h"
#include "schema/pattern_engine.h"
#include "schema/schema_resources.h"
#include "schema/schema_uri.h"

namespace ms::schema {
namespace {

// Keywords that only describe; they never change what is valid. ($id and
// $anchor are read by SchemaResources before compiling.)
const std::set<std::string> kAnnotations = {
    "$id", "$comment", "$anchor", "title", "description", "examples",
    "readOnly", "writeOnly", "deprecated", "contentEncoding", "contentMediaType",
};

// The dialect: another metaschema could switch vocabularies off or on.
bool isDraft202012(const Json& value) {
  return value == "https://json-schema.org/draft/2020-12/schema" || value == "https://json-schema.org/draft/2020-12/schema#";
}

std::uint8_t typeBit(const std::string& name) {
  if (name == "null") return kNull;
  if (name == "boolean") return kBoolean;
  if (name == "integer") return kInteger;
  if (name == "number") return kNumber;
  if (name == "string") return kString;
  if (name == "array") return kArray;
  if (name == "object") return kObject;
  return 0;
}

}  // namespace

class Compiler {
 public:
  explicit Compiler(CompiledSchema& out)
      : out_(out), resources_(SchemaResources::index(out.source_, kDefaultBaseUri)) {
    refTargets_[""] = 0;  // the root, compiled first
  }

  // `base`: the base URI around `schema`, against which its $id resolves.
  NodeId compile(const Json& schema, const std::string& where, const std::string& base) {
    NodeId id = reserve();
    fill(id, schema, where, base);
    return id;
  }

 private:
  CompiledSchema& out_;
  SchemaResources resources_;
  std::unordered_map<std::string, NodeId> refTargets_;  // JSON pointer of the target → its node

  NodeId reserve() {
    out_.nodes_.emplace_back();
    return static_cast<NodeId>(out_.nodes_.size() - 1);
  }
  // Nodes live in a vector that grows while compiling: always index, never hold a reference.
  Node& node(NodeId id) { return out_.nodes_[static_cast<std::size_t>(id)]; }

  [[noreturn]] static void fail(const std::string& where, const std::string& problem) {
    throwTypeError("schema at " + where, problem);
  }

  static double number(const Json& value, const std::string& where) {
    if (!value.is_number() || !std::isfinite(value.get<double>())) fail(where, "must be a finite number");
    return value.get<double>();
  }

  static std::size_t count(const Json& value, const std::string& where) {
    double n = value.is_number() ? value.get<double>() : -1;
    if (!(n >= 0) || std::floor(n) != n || n > 9007199254740992.0) fail(where, "must be a non-negative integer");
    return static_cast<std::size_t>(n);
  }

  std::vector<NodeId> schemaList(const Json& value, const std::string& where, const std::string& base) {
    if (!value.is_array() || value.empty()) fail(where, "must be a non-empty array of schemas");
    std::vector<NodeId> ids;
    for (std::size_t i = 0; i < value.size(); ++i) ids.push_back(compile(value[i], where + "/" + std::to_string(i), base));
    return ids;
  }

  // The JSON pointer (within the document) that `ref` names, resolved
  // against `base`: a resource ($id) and then a JSON pointer or an $anchor.
  std::string refTarget(const std::string& ref, const std::string& where, const std::string& base) {
    UriParts parts = splitFragment(resolveUri(base, ref));
    auto resource = resources_.resources.find(parts.withoutFragment);
    if (resource == resources_.resources.end()) {
      fail(where, "refers to the reference \"" + ref + "\", which is not in this schema (remote references are not supported)");
    }
    std::optional<std::string> fragment = percentDecode(parts.fragment);
    if (!fragment) fail(where, "refers to \"" + ref + "\", whose fragment is not correctly percent-encoded");
    if (fragment->empty()) return resource->second;
    if ((*fragment)[0] != '/') {
      auto anchor = resources_.anchors.find(parts.withoutFragment + "#" + *fragment);
      if (anchor == resources_.anchors.end()) fail(where, "refers to the anchor \"" + ref + "\", which does not exist");
      return anchor->second;
    }
    auto tokens = pointerTokens(*fragment);
    if (!tokens) fail(where, "refers to \"" + ref + "\", which is not a JSON pointer");
    return resource->second + pointerText(*tokens);
  }

  NodeId resolveRef(const Json& value, const std::string& where, const std::string& base) {
    if (!value.is_string()) fail(where, "must be a string");
    const std::string ref = value.get<std::string>();
    const std::string pointer = refTarget(ref, where, base);
    if (auto found = refTargets_.find(pointer); found != refTargets_.end()) return found->second;
    const Json* target = nullptr;
    try {
      target = &out_.source_.at(Json::json_pointer(pointer));
    } catch (const std::exception&) {
      fail(where, "refers to \"" + ref + "\", which does not exist");
    }
    auto outer = resources_.outerBase.find(pointer);
    NodeId id = reserve();
    refTargets_[pointer] = id;  // registered before filling, so self-references terminate
    fill(id, *target, "#" + pointer, outer != resources_.outerBase.end() ? outer->second : base);
    return id;
  }

  void fillPattern(NodeId id, const Json& value, const std::string& where) {
    if (!value.is_string()) fail(where, "must be a string");
    PatternEngine* engine = patternEngine();
    if (!engine) fail(where, "uses the keyword \"pattern\", but no regular expression engine is installed");
    std::string error;
    int pattern = engine->compile(value.get<std::string>(), error);
    if (pattern < 0) fail(where, "is not an ECMA-262 regular expression: " + error);
    node(id).pattern = pattern;
    node(id).patternSource = value.get<std::string>();
  }

  void fillFormat(NodeId id, const Json& value, const std::string& where) {
    if (!value.is_string()) fail(where, "must be a string");
    std::optional<Format> format = formatNamed(value.get<std::string>());
    if (!format) {
      fail(where, "uses the keyword \"format\" with \"" + value.get<std::string>() +
                      "\", which this validator does not enforce (it enforces email, uri, uuid, date, time, date-time, ipv4, ipv6, hostname)");
    }
    node(id).format = *format;
  }

  void fillType(NodeId id, const Json& value, const std::string& where) {
    std::uint8_t types = 0;
    auto add = [&](const Json& name, const std::string& at) {
      std::uint8_t bit = name.is_string() ? typeBit(name.get<std::string>()) : 0;
      if (!bit) fail(at, "must name a JSON Schema type (null, boolean, integer, number, string, array, object)");
      types |= bit;
    };
    if (value.is_array()) {
      if (value.empty()) fail(where, "must not be an empty list");
      for (std::size_t i = 0; i < value.size(); ++i) add(value[i], where + "/" + std::to_string(i));
    } else {
      add(value, where);
    }
    node(id).types = types;
  }

  void fillProperties(NodeId id, const Json& value, const std::string& where, const std::string& base) {
    if (!value.is_object()) fail(where, "must be an object of schemas");
    for (const auto& [key, sub] : value.items()) {
      NodeId child = compile(sub, where + "/" + key, base);
      node(id).properties.emplace_back(key, child);
    }
  }

  void fillRequired(NodeId id, const Json& value, const std::string& where) {
    if (!value.is_array()) fail(where, "must be an array of property names");
    for (const auto& name : value) {
      if (!name.is_string()) fail(where, "must contain only strings");
      node(id).required.push_back(name.get<std::string>());
    }
  }

  void fill(NodeId id, const Json& schema, const std::string& where, const std::string& outerBase) {
    if (schema.is_boolean()) {
      node(id).never = !schema.get<bool>();
      return;
    }
    if (!schema.is_object()) fail(where, "must be an object or a boolean");
    const std::string base = baseInside(schema, outerBase);
    for (const auto& [key, value] : schema.items()) {
      const std::string at = where + "/" + key;
      if (kAnnotations.count(key)) continue;
      if (key == "$schema") {
        if (!isDraft202012(value)) fail(at, "uses the keyword \"$schema\" with " + value.dump() + ": only draft 2020-12 is supported");
        continue;
      }
      if (key == "$defs" || key == "definitions") {
        if (!value.is_object()) fail(at, "must be an object of schemas");
        continue;  // compiled when a $ref reaches them
      }
      if (key == "type") fillType(id, value, at);
      else if (key == "minimum") node(id).minimum = number(value, at);
      else if (key == "maximum") node(id).maximum = number(value, at);
      else if (key == "exclusiveMinimum") node(id).exclusiveMinimum = number(value, at);
      else if (key == "exclusiveMaximum") node(id).exclusiveMaximum = number(value, at);
      else if (key == "minLength") node(id).minLength = count(value, at);
      else if (key == "maxLength") node(id).maxLength = count(value, at);
      else if (key == "minItems") node(id).minItems = count(value, at);
      else if (key == "maxItems") node(id).maxItems = count(value, at);
      else if (key == "pattern") fillPattern(id, value, at);
      else if (key == "format") fillFormat(id, value, at);
      else if (key == "properties") fillProperties(id, value, at, base);
      else if (key == "required") fillRequired(id, value, at);
      else if (key == "additionalProperties") {
        if (value.is_boolean()) {
          node(id).additionalAllowed = value.get<bool>();
        } else {
          NodeId child = compile(value, at, base);
          node(id).additional = child;
        }
      } else if (key == "x-stripUnknown") {
        if (!value.is_boolean()) fail(at, "must be a boolean");
        node(id).stripUnknown = value.get<bool>();
        out_.reshapes_ = out_.reshapes_ || node(id).stripUnknown;
      } else if (key == "propertyNames") {
        NodeId child = compile(value, at, base);
        node(id).propertyNames = child;
      } else if (key == "items") {
        NodeId child = compile(value, at, base);
        node(id).items = child;
      } else if (key == "enum") {
        if (!value.is_array()) fail(at, "must be an array");
        node(id).enumValues = std::vector<Json>(value.begin(), value.end());
      } else if (key == "const") {
        node(id).constValue = value;
      } else if (key == "allOf") {
        auto ids = schemaList(value, at, base);
        node(id).allOf = std::move(ids);
      } else if (key == "not") {
        NodeId child = compile(value, at, base);
        node(id).notSchema = child;
      } else if (key == "anyOf") {
        auto ids = schemaList(value, at, base);
        node(id).anyOf = std::move(ids);
      } else if (key == "oneOf") {
        auto ids = schemaList(value, at, base);
        node(id).oneOf = std::move(ids);
      } else if (key == "$ref") {
        NodeId target = resolveRef(value, at, base);
        node(id).ref = target;
      } else if (key == "default") {
        node(id).defaultValue = value;
        out_.reshapes_ = true;
      } else {
        fail(at, "uses the keyword \"" + key + "\", which this validator does not support");
      }
    }
  }
};

CompiledSchema CompiledSchema::compile(const Json& jsonSchema) {
  CompiledSchema result;
  // Sorted once, so that nothing depends on how the document was written:
  // the order keywords are checked in (which problem of a bad schema is
  // reported), properties are listed in, and source() gives back.
  result.source_ = withSortedKeys(jsonSchema);
  Compiler(result).compile(result.source_, "#", kDefaultBaseUri);
  result.deriveFlags();
  return result;
}

void CompiledSchema::deriveFlags() {
  for (Node& node : nodes_) {
    node.composite = node.enumValues || node.constValue || !node.allOf.empty() || !node.anyOf.empty() || !node.oneOf.empty() ||
                     node.notSchema != kNoNode || node.ref != kNoNode;
    node.acceptsAnyString = !node.never && (node.types == 0 || (node.types & kString)) && !node.composite &&
                            !node.minLength && !node.maxLength && node.pattern < 0 && node.format == Format::None;
  }
}

Json issuesToJson(const std::vector<Issue>& issues) {
  Json list = Json::array();
  for (const auto& issue : issues) {
    Json entry = {{"path", issue.path}, {"code", issue.code}, {"message", issue.message}};
    if (!issue.details.is_null()) {
      for (const auto& [key, value] : issue.details.items()) entry[key] = value;
    }
    list.push_back(withSortedKeys(std::move(entry)));  // sorted keys, as everything the schema code returns
  }
  return list;
}

}  // namespace ms::schema
